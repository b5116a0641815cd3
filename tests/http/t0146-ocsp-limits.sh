#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0146: the limits of an OCSP request are answered in OCSP, never JSON:
# a POST body over 64 KiB, or over 1 MiB as announced, and a nonce longer
# than 32 octets (RFC 8954: 1 to 32) get a malformedRequest response
# (HTTP 200, application/ocsp-response) that openssl ocsp reads; a nonce
# of 32 octets is answered and echoed.
# shellcheck source=ocsp-lib.sh
. "$(dirname "$0")/ocsp-lib.sh"

# respin NAME: what openssl reads in the DER response in $BODY (NAME.out).
respin() {
	"$OPENSSL" ocsp -respin "$BODY" -resp_text -noverify >"$T/$1.out" 2>&1
}

# post_ocsp FILE: POSTs FILE as an OCSP request; the answer is in $BODY.
post_ocsp() {
	api POST /ocsp -H 'Content-Type: application/ocsp-request' --data-binary "@$1"
}

# malformed NAME WHAT: the answer in $BODY is an OCSP malformedRequest.
malformed() {
	expect_status 200 "$2"
	check "$2: OCSP content type" grep -qi '^Content-Type: application/ocsp-response' "$HDRS"
	respin "$1"
	expect_in "$1.out" "malformedrequest (1)" "$2: malformedRequest"
}

ocsp_leaf
start_ncpkid

# -------------------------------------------------------------- nonces
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -nonce -reqout "$T/req16.der" >/dev/null 2>&1
check "openssl made a request with a nonce" test -s "$T/req16.der"
# nonce FROM N OUT: the request FROM with its nonce replaced by N octets
# (the DER rebuilt with its lengths).
nonce() {
	python3 - "$@" <<'PY'
import sys
src, n, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
NONCE_OID = bytes.fromhex("06092b0601050507300102")

def tlv(b, i):
    tag = b[i]; i += 1
    ln = b[i]; i += 1
    if ln & 0x80:
        k = ln & 0x7f
        ln = int.from_bytes(b[i:i + k], "big"); i += k
    return tag, b[i:i + ln], i + ln

def enc(tag, content):
    ln = len(content)
    if ln < 0x80:
        hdr = bytes([ln])
    else:
        lb = ln.to_bytes((ln.bit_length() + 7) // 8, "big")
        hdr = bytes([0x80 | len(lb)]) + lb
    return bytes([tag]) + hdr + content

def walk(b):
    out, i = b"", 0
    while i < len(b):
        tag, content, i = tlv(b, i)
        if tag == 0x30 and content.startswith(NONCE_OID):
            # Extension: the OID, then the OCTET STRING of the OCTET STRING
            nonce = bytes((x * 7 + 1) & 0xff for x in range(n))
            content = NONCE_OID + enc(0x04, enc(0x04, nonce))
        elif tag & 0x20:
            content = walk(content)
        out += enc(tag, content)
    return out

open(dst, "wb").write(walk(open(src, "rb").read()))
PY
}
nonce "$T/req16.der" 33 "$T/req33.der"
nonce "$T/req16.der" 32 "$T/req32.der"
"$OPENSSL" ocsp -reqin "$T/req33.der" -req_text >"$T/req33.txt" 2>&1
expect_in req33.txt "OCSP Nonce" "the 33-octet request reads as OCSP with a nonce"
expect_in req33.txt "0421" "its nonce is an OCTET STRING of 33 octets"

post_ocsp "$T/req33.der"
malformed n33 "a 33-octet nonce"
post_ocsp "$T/req32.der"
expect_status 200 "a 32-octet nonce"
respin n32
expect_in n32.out "successful (0x0)" "a 32-octet nonce: successful"
expect_in n32.out "0420" "a 32-octet nonce: echoed"
post_ocsp "$T/req16.der"
respin n16
expect_in n16.out "successful (0x0)" "openssl's own 16-octet nonce: successful"

# --------------------------------------------------------------- sizes
python3 -c 'import sys; sys.stdout.buffer.write(b"\x30" * 70000)' >"$T/big"
post_ocsp "$T/big"
malformed big "a 70000-byte OCSP POST"
check "not JSON" sh -c "! grep -q '\"error\"' '$BODY'"
python3 -c 'import sys; sys.stdout.buffer.write(b"\x30" * 1100000)' >"$T/huge"
post_ocsp "$T/huge"
malformed huge "a 1.1 MB OCSP POST"

# The service still answers.
"$OPENSSL" ocsp -issuer "$CACERT" -serial "$leaf" -url "$BASE/ocsp" -CAfile "$CACERT" \
	>"$T/after.out" 2>&1
expect_in after.out "$leaf: good" "a good request afterwards"
finish
