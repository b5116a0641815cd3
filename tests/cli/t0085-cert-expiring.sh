#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0085: `ncpki cert expiring [--days N]` with short-lived certificates
# (the CA issues for 5 days; one was issued ten days ago under faketime, so
# it has expired): soonest first, expired ones marked, revoked ones left
# out, the CA's own certificate listed when it is within N days.
. "$(dirname "$0")/lib.sh"

command -v faketime >/dev/null 2>&1 || skip_all "faketime is not installed"
# libfaketime is preloaded: a sanitizer runtime must not insist on coming first.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

# past OFFSET ARGS...: runs ncpki ARGS with the clock moved by OFFSET ("-10d").
past() {
	_off=$1
	shift
	faketime -f "$_off" "$NCPKI" "$@" </dev/null >"$OUT" 2>"$ERR"
	rc=$?
}

# The CA itself is made 10 days ago, valid 45 days: it ends in 35 days.
past -10d server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" --country US \
	--key-type p256 --password-file "$PWFILE" --ca-days 45 --days 5
expect_equal "configure ten days ago: exit" "$rc" 0

make_csr old "/CN=old.example.com"
import_csr old
past -10d csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
expect_equal "issue ten days ago: exit" "$rc" 0
s_old=$(sed -n 's/^Certificate number \([0-9][0-9]*\) issued .*/\1/p' "$OUT")
make_csr soon "/CN=soon.example.com"
import_csr soon
past -2d csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
s_soon=$(sed -n 's/^Certificate number \([0-9][0-9]*\) issued .*/\1/p' "$OUT")
make_csr fresh "/CN=fresh.example.com"
import_csr fresh
issue_csr "$csr_id" tls
s_fresh=$serial
make_csr gone "/CN=gone.example.com"
import_csr gone
past -1d csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
s_gone=$(sed -n 's/^Certificate number \([0-9][0-9]*\) issued .*/\1/p' "$OUT")
run cert revoke "$s_gone" --reason superseded --password-file "$PWFILE" --yes
expect_equal "revoke $s_gone: exit" "$rc" 0

run cert get "$s_old" --out "$T/old.cer"
check "the old certificate has expired (openssl x509 -checkend 0)" \
	sh -c "! '$OPENSSL' x509 -in '$T/old.cer' -noout -checkend 0 >/dev/null"

# Within 4 days: the expired one and the one ending in 3 days.
expect_exit 0 cert expiring --days 4
expect_output_matches '^Serial +Filename +Subject +Expires +Days left +Status *$'
expect_output_matches "^$s_old +old +CN=old\\.example\\.com +[-0-9: ]+ +expired +expired *\$"
expect_output_matches "^$s_soon +soon +CN=soon\\.example\\.com +[-0-9: ]+ +3 +valid *\$"
expect_output_lacks "fresh"
expect_output_lacks "gone"
expect_output_lacks "Certificate Authority's own"
check "soonest first" sh -c "grep -n 'old\\.example' '$OUT' | cut -d: -f1 | { read a; test \"\$a\" -lt \"\$(grep -n 'soon\\.example' '$OUT' | cut -d: -f1)\"; }"

# By default 30 days: every certificate not revoked, not the CA (35 days left).
expect_exit 0 cert expiring
expect_output_contains "fresh.example.com"
expect_output_contains "soon.example.com"
expect_output_lacks "gone.example.com"
expect_output_lacks "Test CA"
# Within 36 days the CA's own certificate comes last.
expect_exit 0 cert expiring --days 36
expect_output_matches "^CA +$CAROOT +CN=Test CA,C=US +[-0-9: ]+ +35 +CA certificate *\$"
expect_output_contains "The Certificate Authority's own certificate expires on"
check "the CA row is the last" sh -c "tail -n 2 '$OUT' | head -n 1 | grep -q '^CA '"

# Only the expired ones.
expect_exit 0 cert expiring --days 0
expect_output_contains "old.example.com"
expect_output_lacks "soon.example.com"

expect_exit 0 cert expiring --days 4 --json
if have_python3; then
	check "JSON: the two certificates, no CA" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["days"] == 4, d
assert [c["serial"] for c in d["certificates"]] == [int(sys.argv[2]), int(sys.argv[3])], d
assert d["certificates"][0]["status"] == "expired", d
assert d["ca"] is None, d
' "$OUT" "$s_old" "$s_soon"
fi

# 36 days ahead the CA has expired too: its row says so.
past +36d cert expiring --days 1
expect_equal "31 days later: exit" "$rc" 0
expect_output_matches "^CA +$CAROOT +.* +expired +expired *\$"
expect_output_contains "The Certificate Authority's own certificate expired on"

# A freshly configured CA with nothing issued says so.
NCPKI_HOME=$T/other CADIR=$T/otherca configure_ca
NCPKI_HOME=$T/other run cert expiring
expect_output_line "No certificate expires within 30 days."

expect_exit 2 cert expiring --days -1
expect_exit 2 cert expiring --days x
expect_exit 0 cert expiring --help
expect_output_contains "--days N"

finish
