#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0081: what revocation refuses and what a hold allows: a second
# revocation is refused (exit 3) with nothing changed; a wrong password
# changes nothing; certificateHold can be made permanent or released, and a
# released serial leaves the next CRL; an unknown serial, a future
# invalidity date and a malformed date are refused.
. "$(dirname "$0")/lib.sh"

# The CRL is read by the counter's serial numbers (the guide's mode, an
# explicit choice since issue 14).
configure_ca --serial-mode counter
make_csr a
import_csr a
issue_csr "$csr_id" tls
a=$serial
make_csr b
import_csr b
issue_csr "$csr_id" tls
b=$serial
make_csr c
import_csr c
issue_csr "$csr_id" tls
c=$serial

expect_exit 0 cert revoke "$a" --reason superseded --password-file "$PWFILE" --yes

# A second revocation: refused, nothing changed (no new CRL either).
snapshot "$T/snap1"
expect_exit 3 cert revoke "$a" --reason keyCompromise --password-file "$PWFILE" --yes
expect_stderr_contains "already revoked (reason superseded)"
expect_exit 3 cert revoke "$a" --reason certificateHold --password-file "$PWFILE" --yes
expect_unchanged "$T/snap1" "second revocation"
expect_exit 3 cert release-hold "$a" --password-file "$PWFILE" --yes
expect_stderr_contains "is not on hold"
expect_unchanged "$T/snap1" "release-hold of a permanent revocation"

# Wrong password: exit 4, nothing changed.
make_pwfile "$T/wrong.pw" "not the password"
expect_exit 4 cert revoke "$b" --reason keyCompromise --password-file "$T/wrong.pw" --yes
expect_exit 4 crl generate --password-file "$T/wrong.pw"
expect_unchanged "$T/snap1" "wrong password"

# Unknown serial, bad dates, no confirmation without a terminal.
expect_exit 1 cert revoke 999 --reason keyCompromise --password-file "$PWFILE" --yes
expect_exit 2 cert revoke "$b" --reason keyCompromise --invalidity-date 2026-13-40 \
	--password-file "$PWFILE" --yes
expect_exit 3 cert revoke "$b" --reason keyCompromise --invalidity-date 2999-01-01 \
	--password-file "$PWFILE" --yes
expect_exit 2 cert revoke "$b" --reason keyCompromise --password-file "$PWFILE"
expect_unchanged "$T/snap1" "refused revocations"

# Hold, then release: the serial leaves the next CRL.
expect_exit 0 cert revoke "$b" --reason certificateHold --password-file "$PWFILE" --yes
expect_exit 0 crl export "$T/held.pem"
"$OPENSSL" crl -in "$T/held.pem" -noout -text >"$T/held.txt"
_contains "$T/held.txt" "CRL" "Serial Number: $(printf '%02X' "$b")"
_contains "$T/held.txt" "CRL" "Certificate Hold"
expect_exit 0 cert list
expect_output_matches "^ *$b .* on hold *\$"
expect_exit 0 cert release-hold "$b" --password-file "$PWFILE" --yes
expect_output_line "Certificate number $b is no longer on hold."
expect_exit 0 crl export "$T/released.pem"
"$OPENSSL" crl -in "$T/released.pem" -noout -text >"$T/released.txt"
checks=$((checks + 1))
if grep -q "Serial Number: $(printf '%02X' "$b")" "$T/released.txt"; then
	fail "released serial still on the CRL"
else
	pass "released serial left the CRL"
fi
_contains "$T/released.txt" "CRL" "Serial Number: $(printf '%02X' "$a")"
expect_exit 0 cert list
expect_output_matches "^ *$b .* valid *\$"
expect_exit 0 cert get "$b" --out "$T/b.cer"
check "released certificate verifies with the CRL" \
	"$OPENSSL" verify -crl_check -CRLfile "$T/released.pem" -CAfile "$CADIR/$CAROOT.cer" "$T/b.cer"

# Hold made permanent keeps the hold's date.
expect_exit 0 cert revoke "$c" --reason certificateHold --password-file "$PWFILE" --yes
expect_exit 0 cert list --json
held_at=$(python3 -c 'import json,sys; print([r for r in json.load(open(sys.argv[1])) if r["serial"] == int(sys.argv[2])][0]["revoked_at"])' "$OUT" "$c")
sleep 1
expect_exit 0 cert revoke "$c" --reason keyCompromise --password-file "$PWFILE" --yes
expect_exit 0 cert list --json
now_at=$(python3 -c 'import json,sys; r=[r for r in json.load(open(sys.argv[1])) if r["serial"] == int(sys.argv[2])][0]; print(r["revoked_at"], r["reason"])' "$OUT" "$c")
expect_equal "hold made permanent" "$now_at" "$held_at keyCompromise"

# The certificate rows are all still there.
expect_exit 0 cert list --json
check "no certificate deleted" python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 3' "$OUT"

finish
