#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0110: ncpkid serves the newest CRL at P/crl (DER, application/pkix-crl)
# and P/crl.pem: 404 not_found before any CRL; byte for byte what
# `ncpki crl export --der` writes; after a revocation the new CRL, with
# which `openssl verify -crl_check` reports the certificate revoked; the
# certificate's JSON says it is revoked.
. "$(dirname "$0")/lib.sh"

setup_service
new_cert leaf
leaf=$serial

start_ncpkid
api GET /crl
expect_error 404 not_found "GET crl before any CRL"
api POST /crl
expect_status 405 "POST crl"

expect_exit 0 crl generate --password-file "$PWFILE"
api GET /crl
expect_status 200 "GET crl"
cp "$BODY" "$T/served1.der"
checks=$((checks + 1))
if grep -qi '^Content-Type: application/pkix-crl' "$HDRS"; then pass "CRL content type"; else fail "CRL content type"; sed -n 1,20p "$HDRS"; fi
expect_exit 0 crl export "$T/export1.der" --der
check "served CRL equals 'ncpki crl export --der'" cmp -s "$T/served1.der" "$T/export1.der"
check "served CRL verifies the leaf" sh -c \
	"'$OPENSSL' crl -inform DER -in '$T/served1.der' -out '$T/served1.pem' && '$OPENSSL' verify -crl_check -CRLfile '$T/served1.pem' -CAfile '$CACERT' '$T/leaf.cer'"

api GET /crl.pem
expect_status 200 "GET crl.pem"
expect_exit 0 crl export "$T/export1.pem" --pem
check "served PEM equals 'ncpki crl export --pem'" cmp -s "$BODY" "$T/export1.pem"

# A revocation while the service runs: the next GET has the new CRL.
expect_exit 0 cert revoke "$leaf" --reason keyCompromise --password-file "$PWFILE" --yes
api GET /crl
expect_status 200 "GET crl after the revocation"
cp "$BODY" "$T/served2.der"
expect_exit 0 crl export "$T/export2.der" --der
check "new CRL served" cmp -s "$T/served2.der" "$T/export2.der"
expect_not_equal "CRL changed" "$(sha256sum <"$T/served2.der")" "$(sha256sum <"$T/served1.der")"
"$OPENSSL" crl -inform DER -in "$T/served2.der" -out "$T/served2.pem"
"$OPENSSL" verify -crl_check -CRLfile "$T/served2.pem" -CAfile "$CACERT" "$T/leaf.cer" >"$T/v.out" 2>&1
check "verify with the served CRL: certificate revoked" grep -q "certificate revoked" "$T/v.out"

api GET "/certs/$leaf"
expect_status 200 "GET certs/N of a revoked certificate"
expect_equal "status" "$(jget '["status"]')" revoked
expect_equal "reason" "$(jget '["reason"]')" keyCompromise

stop_ncpkid
finish
