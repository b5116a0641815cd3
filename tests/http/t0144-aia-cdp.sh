#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0144: validators fetch what the certificates point to (issue 14). The
# caIssuers and CRL distribution point URLs that `ncpki server urls` puts
# into issued certificates are served by ncpkid at exactly those paths,
# over its plain HTTP listener: the CA certificate as DER
# (application/pkix-cert, read by `openssl x509 -inform DER`) and the CRL
# as DER (application/pkix-crl), which `openssl verify -crl_download
# -crl_check` fetches itself. GET P/ca.cer serves the certificate too.
. "$(dirname "$0")/lib.sh"

setup_service
start_ncpkid --ocsp-http-port 0 || finish
HPORT=$(sed -n 's|^ncpkid: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*OCSP.*|\1|p' "$NCPKID_ERR" | head -n 1)
check "the plain HTTP listener is up" test -n "$HPORT"
H=http://127.0.0.1:$HPORT

# Paths of the operator's choosing, outside the service path.
expect_exit 0 server urls --crl "$H/pki/ca.crl" --ca-issuers "$H/pki/issuer.cer"
new_cert leaf
leaf=$serial
expect_exit 0 crl generate --password-file "$PWFILE"

aia=$("$OPENSSL" x509 -in "$T/leaf.cer" -noout -text | sed -n 's/^ *CA Issuers - URI://p')
cdp=$("$OPENSSL" x509 -in "$T/leaf.cer" -noout -text | sed -n '/CRL Distribution Points/,/^ *X509v3/s/^ *URI://p')
expect_equal "the caIssuers URL in the certificate" "$aia" "$H/pki/issuer.cer"
expect_equal "the CDP URL in the certificate" "$cdp" "$H/pki/ca.crl"

# fetch URL OUT: status in $status, headers in $HDRS.
fetch() {
	status=$(curl -sS --max-time 20 -D "$HDRS" -o "$2" -w '%{http_code}' "$1" 2>"$T/.curl.err")
}
content_type() {
	sed -n 's/^Content-Type: *\([^;[:space:]]*\).*/\1/Ip' "$HDRS" | tr -d '\r' | head -n 1
}

fetch "$aia" "$T/issuer.der"
expect_status 200 "GET the caIssuers URL"
expect_equal "caIssuers content type" "$(content_type)" application/pkix-cert
check "openssl x509 -inform DER reads it" \
	"$OPENSSL" x509 -inform DER -in "$T/issuer.der" -noout
expect_equal "it is the CA certificate" \
	"$("$OPENSSL" x509 -inform DER -in "$T/issuer.der" -noout -fingerprint -sha256)" \
	"$("$OPENSSL" x509 -in "$CACERT" -noout -fingerprint -sha256)"

fetch "$cdp" "$T/crl.der"
expect_status 200 "GET the CDP URL"
expect_equal "CDP content type" "$(content_type)" application/pkix-crl
check "openssl crl -inform DER reads it" "$OPENSSL" crl -inform DER -in "$T/crl.der" -noout

# The validator fetches the CRL itself, from the URL in the certificate.
"$OPENSSL" verify -crl_download -crl_check -CAfile "$CACERT" "$T/leaf.cer" >"$T/v1.out" 2>&1
check "openssl verify -crl_download -crl_check: good" grep -q ": OK" "$T/v1.out"
expect_exit 0 cert revoke "$leaf" --reason keyCompromise --password-file "$PWFILE" --yes
expect_exit 0 crl generate --password-file "$PWFILE"
"$OPENSSL" verify -crl_download -crl_check -CAfile "$CACERT" "$T/leaf.cer" >"$T/v2.out" 2>&1
check "after the revocation: certificate revoked" grep -q "certificate revoked" "$T/v2.out"

# The service path's own: P/ca.cer on both listeners; only GET and HEAD.
fetch "$H/ncpki/v1/ca.cer" "$T/ca2.der"
expect_status 200 "GET ca.cer over plain HTTP"
expect_equal "ca.cer content type" "$(content_type)" application/pkix-cert
check "the same certificate" cmp -s "$T/ca2.der" "$T/issuer.der"
api GET /ca.cer
expect_status 200 "GET ca.cer over HTTPS"
check "the same certificate over HTTPS" cmp -s "$BODY" "$T/issuer.der"
api POST /ca.cer
expect_status 405 "POST ca.cer"
# Other paths are still not found, on the plain listener too.
fetch "$H/pki/other.cer" "$T/other"
expect_status 404 "a path no URL names"
fetch "$H/ncpki/v1/certs" "$T/other"
expect_status 404 "the plain listener serves no listing"

stop_ncpkid
finish
