#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0030: processing a request for each usage, and checking what a user
# would: the guide's message, serials from the SRL, openssl verify
# -x509_strict with the matching purpose, GnuTLS certtool, the extensions
# field by field, and a validity never past the CA certificate's notAfter.
. "$(dirname "$0")/lib.sh"

# A CA that lives 30 days and issues for 365; the guide's serial counter
# (an explicit choice since issue 14: a new CA's default is random serials).
configure_ca --ca-days 30 --days 365 --serial-mode counter
CA=$CADIR/$CAROOT.cer
ca_end=$(epoch_of "$CA" end)
srl0=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")

# ------------------------------------------------------------------ TLS
make_csr tlsreq "/C=US/O=Example Corporation/CN=tls.example.com" \
	"DNS:tls.example.com,DNS:alt.example.com,IP:192.0.2.10"
import_csr tlsreq --hostname iris.example.com --instance IRIS --contact-name "Jane Doe"
run csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
expect_equal "exit status" "$rc" 0
expect_output_line "Certificate number $srl0 issued for Certificate Signing Request \"tlsreq\""
expect_output_line "Certificate Usage: TLS/SSL and XML security"
expect_output_contains "Before issuing, contact the technical contact"
expect_output_contains "tls.example.com"
expect_output_contains "$(csr_fp "$T/tlsreq.csr" sha1)"
expect_equal "SRL after one certificate" "$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")" "$((srl0 + 1))"
expect_exit 0 cert get "$srl0" --out "$T/tls.cer"
"$OPENSSL" x509 -in "$T/tls.cer" -noout -text >"$T/tls.txt"
expect_equal "certificate serial" "$(printf '%d' "0x$("$OPENSSL" x509 -in "$T/tls.cer" -noout -serial | sed 's/^serial=//')")" "$srl0"
check "TLS: openssl verify -x509_strict -purpose sslserver" \
	"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$CA" "$T/tls.cer"
check "TLS: openssl verify -x509_strict -purpose sslclient" \
	"$OPENSSL" verify -x509_strict -purpose sslclient -CAfile "$CA" "$T/tls.cer"
check "TLS: CA:FALSE" grep -q "CA:FALSE" "$T/tls.txt"
check "TLS: digitalSignature" sh -c "grep -A1 'X509v3 Key Usage' '$T/tls.txt' | grep -q 'Digital Signature'"
check "TLS: no keyCertSign" sh -c "! grep -q 'Certificate Sign' '$T/tls.txt'"
check "TLS: EKU serverAuth and clientAuth" \
	sh -c "grep -A1 'X509v3 Extended Key Usage' '$T/tls.txt' | grep -q 'TLS Web Server Authentication, TLS Web Client Authentication'"
check "TLS: SANs copied" \
	sh -c "grep -A1 'X509v3 Subject Alternative Name' '$T/tls.txt' | grep -q 'DNS:tls.example.com, DNS:alt.example.com, IP Address:192.0.2.10'"
check "TLS: subject key identifier" grep -q "X509v3 Subject Key Identifier" "$T/tls.txt"
check "TLS: authority key identifier" grep -q "X509v3 Authority Key Identifier" "$T/tls.txt"
check "TLS: X.509 v3" grep -q "Version: 3 (0x2)" "$T/tls.txt"
check "TLS: signed with SHA-256" grep -q "Signature Algorithm: ecdsa-with-SHA256" "$T/tls.txt"
check "TLS: issuer is the CA" sh -c "[ \"\$('$OPENSSL' x509 -in '$T/tls.cer' -noout -issuer)\" = \"issuer=\$('$OPENSSL' x509 -in '$CA' -noout -subject | sed 's/^subject=//')\" ]"
leaf_end=$(epoch_of "$T/tls.cer" end)
checks=$((checks + 1))
if [ "$leaf_end" -le "$ca_end" ]; then pass "TLS: notAfter not past the CA's"; else fail "TLS: notAfter $leaf_end past the CA's $ca_end"; fi
checks=$((checks + 1))
if [ "$leaf_end" -gt "$(($(date +%s) + 29 * 86400))" ]; then pass "TLS: valid as long as the CA allows"; else fail "TLS: notAfter $leaf_end is too early"; fi
check "hostname checks out" "$OPENSSL" verify -x509_strict -purpose sslserver -verify_hostname alt.example.com -CAfile "$CA" "$T/tls.cer"
certtool_verify "$T/tls.cer" "$CA" 1.3.6.1.5.5.7.3.1

# An RSA key gets keyEncipherment too.
make_csr rsareq "/CN=rsa.example.com" "DNS:rsa.example.com" rsa2048
import_csr rsareq
issue_csr "$csr_id" tls
expect_equal "next serial" "$serial" "$((srl0 + 1))"
expect_exit 0 cert get "$serial" --out "$T/rsa.cer"
check "TLS RSA: digitalSignature and keyEncipherment" \
	sh -c "'$OPENSSL' x509 -in '$T/rsa.cer' -noout -text | grep -A1 'X509v3 Key Usage' | grep -q 'Digital Signature, Key Encipherment'"
check "TLS RSA: openssl verify -purpose sslserver" \
	"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$CA" "$T/rsa.cer"
certtool_verify "$T/rsa.cer" "$CA"

# processed NAME SUBJECT USAGE LABEL SERIAL: a request NAME (no SANs)
# imported and processed for USAGE, which says its LABEL and certificate
# number SERIAL; the certificate fetched as $T/NAME.cer, its text in
# $T/NAME.txt.
processed() {
	make_csr "$1" "$2" ""
	import_csr "$1"
	run csr process "$csr_id" --usage "$3" --password-file "$PWFILE" --yes
	expect_equal "exit status" "$rc" 0
	expect_output_line "Certificate Usage: $4"
	expect_output_line "Certificate number $5 issued for Certificate Signing Request \"$1\""
	expect_exit 0 cert get "$5" --out "$T/$1.cer"
	"$OPENSSL" x509 -in "$T/$1.cer" -noout -text >"$T/$1.txt"
}

# ---------------------------------------------------------- intermediate
processed subca "/C=US/O=Example Corporation/CN=Example Sub CA" intermediate \
	"Intermediate Certificate Authority" $((srl0 + 2))
check "intermediate: basicConstraints critical" grep -q "X509v3 Basic Constraints: critical" "$T/subca.txt"
check "intermediate: CA:TRUE, pathlen:0" grep -q "CA:TRUE, pathlen:0" "$T/subca.txt"
check "intermediate: keyUsage critical" grep -q "X509v3 Key Usage: critical" "$T/subca.txt"
check "intermediate: keyCertSign and cRLSign" \
	sh -c "grep -A1 'X509v3 Key Usage' '$T/subca.txt' | grep -q 'Certificate Sign, CRL Sign'"
check "intermediate: openssl verify -x509_strict" \
	"$OPENSSL" verify -x509_strict -CAfile "$CA" "$T/subca.cer"
certtool_verify "$T/subca.cer" "$CA"
# It works as a CA: a certificate it signs verifies through it.
cat >"$T/leaf.ext" <<'EXT'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:below.example.com
EXT
make_csr below "/CN=below.example.com" ""
"$OPENSSL" x509 -req -in "$T/below.csr" -CA "$T/subca.cer" -CAkey "$T/subca.pkey" \
	-CAcreateserial -CAserial "$T/subca.srl" -days 5 -extfile "$T/leaf.ext" \
	-out "$T/below.cer" 2>"$T/.openssl.err" || fail "openssl x509 -req with the intermediate: $(cat "$T/.openssl.err")"
check "a certificate signed by the intermediate verifies to the root" \
	"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$CA" -untrusted "$T/subca.cer" "$T/below.cer"
if [ -n "$CERTTOOL" ] && command -v "$CERTTOOL" >/dev/null 2>&1; then
	cat "$T/below.cer" "$T/subca.cer" "$CA" >"$T/chain3.pem"
	check "certtool --verify-chain leaf, intermediate, root" \
		sh -c "'$CERTTOOL' --verify-chain --infile '$T/chain3.pem' 2>&1 | grep -q 'Chain verification output: Verified'"
fi

# ------------------------------------------------------------- codesign
processed signer "/C=US/O=Example Corporation/CN=Example Code Signer" codesign \
	"Code signing" $((srl0 + 3))
check "codesign: EKU Code Signing" \
	sh -c "grep -A1 'X509v3 Extended Key Usage' '$T/signer.txt' | grep -q 'Code Signing'"
check "codesign: no serverAuth" sh -c "! grep -q 'TLS Web Server Authentication' '$T/signer.txt'"
check "codesign: no clientAuth" sh -c "! grep -q 'TLS Web Client Authentication' '$T/signer.txt'"
check "codesign: digitalSignature" sh -c "grep -A1 'X509v3 Key Usage' '$T/signer.txt' | grep -q 'Digital Signature'"
check "codesign: not a CA" sh -c "! grep -q 'CA:TRUE' '$T/signer.txt'"
check "codesign: openssl verify -x509_strict" \
	"$OPENSSL" verify -x509_strict -CAfile "$CA" "$T/signer.cer"
check "codesign: refused as a TLS server certificate" \
	sh -c "! '$OPENSSL' verify -x509_strict -purpose sslserver -CAfile '$CA' '$T/signer.cer' >/dev/null 2>&1"
certtool_verify "$T/signer.cer" "$CA" 1.3.6.1.5.5.7.3.3
if [ -n "$CERTTOOL" ] && command -v "$CERTTOOL" >/dev/null 2>&1; then
	check "codesign: GnuTLS refuses it for serverAuth" \
		sh -c "! '$CERTTOOL' --verify --load-ca-certificate '$CA' --infile '$T/signer.cer' --verify-purpose=1.3.6.1.5.5.7.3.1 >/dev/null 2>&1"
fi

expect_equal "SRL after four certificates" "$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")" "$((srl0 + 4))"
expect_exit 0 csr list
expect_output_line "No pending Certificate Signing Requests."
expect_exit 0 server show
expect_output_matches "$((srl0 + 4))"

finish
