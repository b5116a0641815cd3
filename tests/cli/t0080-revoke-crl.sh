#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0080: revocation and the CRL (issue 5): openssl verify -crl_check passes
# before a revocation and reports "certificate revoked" after; each kind of
# reason reaches the CRL as its reason code (none for unspecified), with the
# invalidity date; the CRL number grows with each CRL; nextUpdate is
# thisUpdate + 7 days (the default period); the AKI matches the CA's SKI;
# GnuTLS reads the CRL; the list shows the status.
. "$(dirname "$0")/lib.sh"

# The CRL entries are read by the counter's serial numbers (the guide's
# mode, an explicit choice since issue 14).
configure_ca --serial-mode counter
CACER=$CADIR/$CAROOT.cer

expect_exit 1 crl show
expect_stderr_contains "No CRL has been generated yet"

new_cert leaf
leaf=$serial

expect_exit 0 crl generate --password-file "$PWFILE"
expect_output_contains "CRL number 1 generated: 0 revoked certificates."
expect_exit 0 crl export "$T/crl1.pem"
check "verify -crl_check OK before the revocation" \
	sh -c "'$OPENSSL' verify -crl_check -CRLfile '$T/crl1.pem' -CAfile '$CACER' '$T/leaf.cer' >'$T/v.out' 2>&1"

expect_exit 0 cert revoke "$leaf" --reason keyCompromise --invalidity-date 2026-01-15 \
	--password-file "$PWFILE" --yes
expect_output_line "Certificate number $leaf revoked (reason keyCompromise)."
expect_output_contains "CRL number 2 generated: 1 revoked certificates"
expect_exit 0 crl export "$T/crl2.pem" --pem
"$OPENSSL" verify -crl_check -CRLfile "$T/crl2.pem" -CAfile "$CACER" "$T/leaf.cer" >"$T/v.out" 2>&1
vrc=$?
expect_not_equal "verify exit status after the revocation" "$vrc" 0
check "verify says certificate revoked" grep -q "certificate revoked" "$T/v.out"

# Every reason code: one certificate each.
reasons="unspecified keyCompromise cACompromise affiliationChanged superseded cessationOfOperation certificateHold privilegeWithdrawn aACompromise"
for r in $reasons; do
	make_csr "r$r"
	import_csr "r$r"
	issue_csr "$csr_id" tls
	eval "s_$r=$serial"
	expect_exit 0 cert revoke "$serial" --reason "$r" --password-file "$PWFILE" --yes
	expect_output_line "Certificate number $serial revoked (reason $r)."
done
expect_exit 2 cert revoke "$leaf" --reason removeFromCRL --password-file "$PWFILE" --yes
expect_exit 2 cert revoke "$leaf" --password-file "$PWFILE" --yes

expect_exit 0 crl export "$T/crl.pem"
expect_exit 0 crl export "$T/crl.der" --der
"$OPENSSL" crl -in "$T/crl.pem" -noout -text >"$T/crl.txt" 2>&1
check "openssl crl reads the DER export" "$OPENSSL" crl -inform DER -in "$T/crl.der" -noout
check "PEM and DER exports are the same CRL" sh -c \
	"'$OPENSSL' crl -in '$T/crl.pem' -outform DER | cmp -s - '$T/crl.der'"
_contains "$T/crl.txt" "crl -text" "Version 2 (0x1)"
for label in "Key Compromise" "CA Compromise" "Affiliation Changed" "Superseded" \
	"Cessation Of Operation" "Certificate Hold" "Privilege Withdrawn" "AA Compromise"; do
	_contains "$T/crl.txt" "crl -text" "$label"
done
_contains "$T/crl.txt" "crl -text" "Invalidity Date"
_contains "$T/crl.txt" "crl -text" "Jan 15 00:00:00 2026 GMT"
# unspecified: an entry without a reason code.
hex=$(printf '%02X' "$s_unspecified")
check "unspecified entry has no reason code" python3 -c '
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Serial Number: %s\n(.*?)(?=\n    Serial Number:|\n    Signature Algorithm)" % sys.argv[2], t, re.S)
assert m, "entry not found"
assert "Reason" not in m.group(1), m.group(1)
' "$T/crl.txt" "$hex"
count=$(grep -c "Serial Number:" "$T/crl.txt")
expect_equal "revoked entries" "$count" 10

# Number grows; nextUpdate = thisUpdate + 7 days; AKI = the CA's SKI.
n_before=$("$OPENSSL" crl -in "$T/crl.pem" -noout -crlnumber | sed 's/.*=//')
expect_exit 0 crl generate --password-file "$PWFILE"
expect_exit 0 crl export "$T/crl-next.pem"
n_after=$("$OPENSSL" crl -in "$T/crl-next.pem" -noout -crlnumber | sed 's/.*=//')
check "CRL number grows ($n_before -> $n_after)" test $((0x$n_after)) -gt $((0x$n_before))
last=$(date -u -d "$("$OPENSSL" crl -in "$T/crl.pem" -noout -lastupdate | sed 's/^[^=]*=//')" +%s)
next=$(date -u -d "$("$OPENSSL" crl -in "$T/crl.pem" -noout -nextupdate | sed 's/^[^=]*=//')" +%s)
expect_equal "nextUpdate - thisUpdate" "$((next - last))" "$((7 * 86400))"
ski=$("$OPENSSL" x509 -in "$CACER" -noout -ext subjectKeyIdentifier | tail -n 1 | tr -d ' ')
_contains "$T/crl.txt" "crl -text" "$ski"
check "CRL signature verifies with the CA" sh -c \
	"'$OPENSSL' crl -in '$T/crl.pem' -CAfile '$CACER' -noout 2>&1 | grep -q 'verify OK'"

expect_exit 0 crl show --json
check "crl show --json" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["number"] == 12 and j["revoked_count"] == 10, j
' "$OUT"

# The list.
expect_exit 0 cert list
expect_output_matches "^ *$leaf .* revoked *\$"
expect_output_matches "^ *$s_certificateHold .* on hold *\$"
expect_exit 0 cert list --json
check "cert list --json: status, revoked_at, reason" python3 -c '
import json, sys
rows = {r["serial"]: r for r in json.load(open(sys.argv[1]))}
leaf = rows[int(sys.argv[2])]
assert leaf["status"] == "revoked" and leaf["reason"] == "keyCompromise", leaf
assert leaf["revoked_at"].endswith("Z") and leaf["invalidity_date"] == "2026-01-15T00:00:00Z"
assert rows[int(sys.argv[3])]["status"] == "on hold"
' "$OUT" "$leaf" "$s_certificateHold"
expect_exit 0 cert show "$leaf"
expect_output_matches "^Reason: +keyCompromise"

if [ -n "$CERTTOOL" ] && command -v "$CERTTOOL" >/dev/null 2>&1; then
	check "certtool --crl-info reads the CRL" sh -c \
		"'$CERTTOOL' --crl-info --infile '$T/crl.pem' >'$T/ct.out' 2>&1 && grep -q 'Revoked certificates (10)' '$T/ct.out'"
else
	say "# certtool not found: GnuTLS CRL check skipped"
fi

finish
