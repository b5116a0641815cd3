#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0082: with `ncpki server urls`, certificates issued afterwards carry
# crlDistributionPoints and authorityInfoAccess (OCSP, CA issuers); the
# URLs are checked; before them, nothing of the kind is added; --crl-days
# sets the CRL period.
. "$(dirname "$0")/lib.sh"

configure_ca

new_cert before
"$OPENSSL" x509 -in "$T/before.cer" -noout -text >"$T/before.txt"
checks=$((checks + 1))
if grep -q "CRL Distribution Points\|Authority Information Access" "$T/before.txt"; then
	fail "a certificate issued without URLs has CDP/AIA"
else
	pass "no CDP/AIA without URLs"
fi

snapshot "$T/snap"
expect_exit 3 server urls --crl "ftp://ca.example.com/crl"
expect_exit 3 server urls --crl "http://ca.example.com/a b"
expect_exit 3 server urls --ocsp "http://ca.example.com/a,b"
expect_exit 3 server urls --ca-issuers "https://"
expect_exit 3 server urls --ocsp "$(printf 'http://ca.example.com/\001')"
expect_unchanged "$T/snap" "invalid URLs"

expect_exit 0 server urls --crl http://ca.example.com/ncpki/v1/crl \
	--ocsp http://ocsp.example.com/ --ca-issuers https://ca.example.com/ca.cer
expect_output_matches "^CRL distribution point: +http://ca\\.example\\.com/ncpki/v1/crl"
expect_exit 0 server urls --json
check "server urls --json" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["ocsp"] == "http://ocsp.example.com/" and j["crl_days"] == 7, j
' "$OUT"

new_cert after
"$OPENSSL" x509 -in "$T/after.cer" -noout -text >"$T/after.txt"
_contains "$T/after.txt" "x509 -text" "X509v3 CRL Distribution Points"
_contains "$T/after.txt" "x509 -text" "URI:http://ca.example.com/ncpki/v1/crl"
_contains "$T/after.txt" "x509 -text" "Authority Information Access"
_contains "$T/after.txt" "x509 -text" "OCSP - URI:http://ocsp.example.com/"
_contains "$T/after.txt" "x509 -text" "CA Issuers - URI:https://ca.example.com/ca.cer"
check "the leaf still verifies" "$OPENSSL" verify -CAfile "$CADIR/$CAROOT.cer" "$T/after.cer"
check "openssl x509 -ocsp_uri" sh -c \
	"'$OPENSSL' x509 -in '$T/after.cer' -noout -ocsp_uri | grep -qx 'http://ocsp.example.com/'"

# Clearing one leaves the others.
expect_exit 0 server urls --ocsp ""
new_cert cleared
"$OPENSSL" x509 -in "$T/cleared.cer" -noout -text >"$T/cleared.txt"
_contains "$T/cleared.txt" "x509 -text" "CA Issuers - URI:https://ca.example.com/ca.cer"
checks=$((checks + 1))
if grep -q "OCSP - URI" "$T/cleared.txt"; then fail "OCSP URL still there"; else pass "OCSP URL cleared"; fi

# The CRL period.
expect_exit 3 server urls --crl-days 0
expect_exit 3 server urls --crl-days 367
expect_exit 0 server urls --crl-days 3
expect_output_matches "^CRL period \\(days\\): +3\$"
expect_exit 0 crl generate --password-file "$PWFILE"
expect_exit 0 crl export "$T/crl.pem"
last=$(date -u -d "$("$OPENSSL" crl -in "$T/crl.pem" -noout -lastupdate | sed 's/^[^=]*=//')" +%s)
next=$(date -u -d "$("$OPENSSL" crl -in "$T/crl.pem" -noout -nextupdate | sed 's/^[^=]*=//')" +%s)
expect_equal "nextUpdate - thisUpdate with --crl-days 3" "$((next - last))" "$((3 * 86400))"

finish
