#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0121: the edges of ncpkid's OCSP responder: garbage, an empty body, a
# truncated request and a request naming 65 certificates all get a
# malformedRequest answer (HTTP 200, application/ocsp-response) and the
# service keeps answering; a certificate of another CA gets unauthorized;
# the GET form (base64, URL-encoded, RFC 6960 A.1) works with curl and is
# cacheable until it ages; GET P/ocsp is refused, POST P/ocsp/X too; and
# --ocsp-http-port serves OCSP and the CRL over plain HTTP and nothing else.
# shellcheck source=ocsp-lib.sh
. "$(dirname "$0")/ocsp-lib.sh"

# respin NAME FILE: what openssl reads in a DER response FILE (NAME.out).
respin() {
	"$OPENSSL" ocsp -respin "$2" -resp_text -noverify >"$T/$1.out" 2>&1
}

# post_ocsp FILE: POSTs FILE as an OCSP request; the answer is in $BODY.
post_ocsp() {
	api POST /ocsp -H 'Content-Type: application/ocsp-request' --data-binary "@$1"
}

ocsp_leaf
start_ncpkid --ocsp-http-port 0
HTTPPORT=$(sed -n 's|^ncpkid: listening on http://127\.0\.0\.1:\([0-9]*\)/.* (OCSP and CRL only)$|\1|p' "$NCPKID_ERR")
check "plain OCSP listener announced" test -n "$HTTPPORT"

# ---------------------------------------------------------- malformed
head -c 300 /dev/urandom >"$T/garbage"
post_ocsp "$T/garbage"
expect_status 200 "garbage POST"
check "garbage: OCSP content type" grep -qi '^Content-Type: application/ocsp-response' "$HDRS"
respin garbage "$BODY"
expect_in garbage.out "malformedrequest (1)" "garbage: malformedRequest"
: >"$T/empty"
post_ocsp "$T/empty"
respin empty "$BODY"
expect_in empty.out "malformedrequest (1)" "empty body: malformedRequest"
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -no_nonce -reqout "$T/req.der" >/dev/null 2>&1
head -c 40 "$T/req.der" >"$T/truncated"
post_ocsp "$T/truncated"
respin truncated "$BODY"
expect_in truncated.out "malformedrequest (1)" "truncated request: malformedRequest"
# 65 certificates in one request: over the limit of 64.
many=""
i=1
while [ $i -le 65 ]; do many="$many -serial $i"; i=$((i + 1)); done
# shellcheck disable=SC2086
"$OPENSSL" ocsp -issuer "$CACERT" $many -no_nonce -reqout "$T/many.der" >/dev/null 2>&1
post_ocsp "$T/many.der"
respin many "$BODY"
expect_in many.out "malformedrequest (1)" "65 certificates: malformedRequest"
# ...and 3 are answered in one signed response.
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -serial 4242 -serial 1 -url "$BASE/ocsp" \
	-CAfile "$CACERT" >"$T/three.out" 2>&1
expect_in three.out "$leaf: good" "three at once: the leaf"
expect_in three.out "4242: unknown" "three at once: unknown"
expect_in three.out "Response verify OK" "three at once: verified"

# ----------------------------------------------------- another issuer
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -subj "/CN=Other CA" -days 30 -out "$T/other.pem" 2>/dev/null
"$OPENSSL" ocsp -issuer "$T/other.pem" -serial "$leaf" -url "$BASE/ocsp" -CAfile "$CACERT" \
	>"$T/other.out" 2>&1
expect_in other.out "Responder Error: unauthorized (6)" "another CA's certificate: unauthorized"

# --------------------------------------------------------- the GET form
b64=$("$OPENSSL" base64 -A -in "$T/req.der")
enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$b64")
api GET "/ocsp/$enc"
expect_status 200 "GET ocsp/REQUEST"
check "GET: OCSP content type" grep -qi '^Content-Type: application/ocsp-response' "$HDRS"
check "GET: cacheable until it ages" grep -qi '^Cache-Control: max-age=[0-9]*, public' "$HDRS"
cp "$BODY" "$T/get.der"
"$OPENSSL" ocsp -respin "$T/get.der" -issuer "$CACERT" -serial "$leaf" -CAfile "$CACERT" \
	>"$T/get.out" 2>&1
expect_in get.out "$leaf: good" "GET: good"
expect_in get.out "Response verify OK" "GET: verified"
# The base64 as it is (with '/' and '+' unescaped) works too.
api GET "/ocsp/$b64"
cp "$BODY" "$T/get2.der"
"$OPENSSL" ocsp -respin "$T/get2.der" -issuer "$CACERT" -serial "$leaf" -CAfile "$CACERT" \
	>"$T/get2.out" 2>&1
expect_in get2.out "$leaf: good" "GET, base64 not URL-encoded: good"
api GET "/ocsp/not%20base64!"
respin getbad "$BODY"
expect_in getbad.out "malformedrequest (1)" "GET of garbage: malformedRequest"
api GET /ocsp
expect_status 405 "GET ocsp without a request"
api POST "/ocsp/$enc" --data-binary "@$T/req.der"
expect_status 405 "POST ocsp/REQUEST"

# ---------------------------------------------- the plain HTTP listener
PLAIN=http://127.0.0.1:$HTTPPORT${NCPKID_PATH:-/ncpki/v1}
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -url "$PLAIN/ocsp" -CAfile "$CACERT" \
	>"$T/plain.out" 2>&1
expect_in plain.out "$leaf: good" "plain HTTP listener: OCSP"
expect_exit 0 crl generate --password-file "$PWFILE"
check "plain HTTP listener: the CRL" sh -c \
	"curl -sS -o '$T/crl.der' '$PLAIN/crl' && '$OPENSSL' crl -inform DER -in '$T/crl.der' -noout"
st=$(curl -s -o /dev/null -w '%{http_code}' "$PLAIN/ca")
expect_equal "plain HTTP listener: nothing else (GET ca)" "$st" 404
st=$(curl -s -o /dev/null -w '%{http_code}' "$PLAIN/certs")
expect_equal "plain HTTP listener: nothing else (GET certs)" "$st" 404

# Still answering after all that.
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -url "$BASE/ocsp" -CAfile "$CACERT" \
	>"$T/after.out" 2>&1
expect_in after.out "$leaf: good" "still answering"
check "ncpkid still running" kill -0 "$NCPKID_PID"
stop_ncpkid
finish
