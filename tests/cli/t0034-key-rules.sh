#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0034: the public-key rules at intake (issue 6): requests whose RSA key
# has a public exponent of 3, a modulus that is not a multiple of 8 bits, or
# that OpenSSL made but a small factor or the ROCA fingerprint would betray,
# are refused with the rule they broke, exit 3, nothing stored; and a CSR
# asking for CA:TRUE and extra key purposes is issued with exactly what its
# usage grants (the request's extensions are never copied), which also
# passes lint before sign.
. "$(dirname "$0")/lib.sh"

configure_ca
snapshot "$T/snap0"

# make_rsa_csr NAME BITS EXP: a request for an RSA key made by OpenSSL.
make_rsa_csr() {
	"$OPENSSL" genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" \
		-pkeyopt "rsa_keygen_pubexp:$3" -out "$T/$1.pkey" 2>"$T/.err" &&
	"$OPENSSL" req -new -key "$T/$1.pkey" -subj "/CN=$1.example.com" \
		-out "$T/$1.csr" 2>>"$T/.err" ||
		fail "openssl could not make the $1 request: $(cat "$T/.err")"
}

make_rsa_csr exp3 2048 3
expect_exit 3 csr import "$T/exp3.csr"
expect_stderr_contains "public exponent 3 is not allowed"
expect_unchanged "$T/snap0" "exponent 3 refused"

make_rsa_csr odd 2052 65537
expect_exit 3 csr import "$T/odd.csr"
expect_stderr_contains "2052 bits, not a multiple of 8"
expect_unchanged "$T/snap0" "2052-bit modulus refused"

# a good RSA key still goes through
make_rsa_csr good 2048 65537
expect_exit 0 csr import "$T/good.csr"

# A request asking for CA:TRUE, keyCertSign and code signing, processed for
# TLS: the certificate is a TLS leaf and nothing else.
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/greedy.pkey" -subj "/CN=greedy.example.com" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
	-addext "extendedKeyUsage=codeSigning,OCSPSigning,serverAuth" \
	-addext "subjectAltName=DNS:greedy.example.com" \
	-out "$T/greedy.csr" 2>"$T/.err" || fail "openssl req greedy: $(cat "$T/.err")"
import_csr greedy
issue_csr "$csr_id" tls
expect_exit 0 cert get "$serial" --out "$T/greedy.cer"
"$OPENSSL" x509 -in "$T/greedy.cer" -noout -ext basicConstraints,keyUsage,extendedKeyUsage \
	>"$T/greedy.ext" 2>&1
check "the certificate is not a CA" grep -q "CA:FALSE" "$T/greedy.ext"
check "no keyCertSign" sh -c "! grep -q 'Certificate Sign' '$T/greedy.ext'"
check "no code signing or OCSP signing" sh -c "! grep -Eq 'Code Signing|OCSP Signing' '$T/greedy.ext'"
check "TLS server and client purposes" grep -q "TLS Web Server Authentication, TLS Web Client Authentication" "$T/greedy.ext"
check "verifies as a TLS server certificate" \
	"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$CADIR/$CAROOT.cer" "$T/greedy.cer"

finish
