#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0302: certificates of every usage, from an EC P-256 CA and an RSA-3072
# CA, verify with three independent validators (issue 6): OpenSSL
# (`verify -x509_strict -auth_level 2` with the usage's purpose), GnuTLS
# (`certtool --verify`) and NSS (`certutil -V` with the usage's NSS usage),
# and each validator refuses a certificate for the purpose its usage does
# not grant.
. "$(dirname "$0")/lib.sh"

[ -n "$CERTTOOL" ] || skip_all "GnuTLS certtool is not installed"
command -v certutil >/dev/null 2>&1 || skip_all "NSS certutil (libnss3-tools) is not installed"

# nss_verify NAME CA LEAF USAGE: certutil -V in a fresh NSS database.
nss_verify() {
	_db=$T/nss-$1
	rm -rf "$_db"
	mkdir -p "$_db"
	certutil -N -d "sql:$_db" --empty-password >/dev/null 2>&1 &&
	certutil -A -d "sql:$_db" -n ca -t "CT,C,C" -i "$2" >/dev/null 2>&1 &&
	certutil -A -d "sql:$_db" -n leaf -t ",," -i "$3" >/dev/null 2>&1 &&
	certutil -V -d "sql:$_db" -n leaf -u "$4" >"$T/nss.out" 2>&1 &&
	grep -q "certificate is valid" "$T/nss.out"
}

for ca in p256 rsa3072; do
	NCPKI_HOME=$T/home-$ca
	CADIR=$T/ca-$ca
	export NCPKI_HOME
	configure_ca --key-type "$ca"
	CA=$CADIR/$CAROOT.cer

	make_csr "web-$ca" "/C=US/O=Example Corporation/CN=web-$ca.example.com" \
		"DNS:web-$ca.example.com,IP:192.0.2.7" rsa2048
	import_csr "web-$ca"; issue_csr "$csr_id" tls
	expect_exit 0 cert get "$serial" --out "$T/web-$ca.cer"
	make_csr "code-$ca" "/C=US/O=Example Corporation/CN=Code Signer $ca" ""
	import_csr "code-$ca"; issue_csr "$csr_id" codesign
	expect_exit 0 cert get "$serial" --out "$T/code-$ca.cer"
	make_csr "sub-$ca" "/C=US/O=Example Corporation/CN=Sub CA $ca" ""
	import_csr "sub-$ca"; issue_csr "$csr_id" intermediate
	expect_exit 0 cert get "$serial" --out "$T/sub-$ca.cer"

	for p in sslserver sslclient; do
		check "$ca tls: openssl -x509_strict -auth_level 2 -purpose $p" \
			"$OPENSSL" verify -x509_strict -auth_level 2 -purpose "$p" -CAfile "$CA" "$T/web-$ca.cer"
	done
	check "$ca codesign: openssl -x509_strict -auth_level 2" \
		"$OPENSSL" verify -x509_strict -auth_level 2 -CAfile "$CA" "$T/code-$ca.cer"
	check "$ca intermediate: openssl -x509_strict -auth_level 2 -purpose any" \
		"$OPENSSL" verify -x509_strict -auth_level 2 -purpose any -CAfile "$CA" "$T/sub-$ca.cer"
	check "$ca codesign: openssl refuses it as a TLS server" \
		sh -c "! '$OPENSSL' verify -purpose sslserver -CAfile '$CA' '$T/code-$ca.cer' >/dev/null 2>&1"

	for c in web code sub; do
		check "$ca $c: certtool --verify" \
			sh -c "'$CERTTOOL' --verify --load-ca-certificate '$CA' --infile '$T/$c-$ca.cer' >'$T/gnutls.out' 2>&1 && grep -q 'Verified' '$T/gnutls.out'"
	done

	check "$ca tls: NSS certutil -V as SSL server" nss_verify "$ca-ws" "$CA" "$T/web-$ca.cer" V
	check "$ca tls: NSS certutil -V as SSL client" nss_verify "$ca-wc" "$CA" "$T/web-$ca.cer" C
	check "$ca codesign: NSS certutil -V as object signer" nss_verify "$ca-cj" "$CA" "$T/code-$ca.cer" J
	check "$ca intermediate: NSS certutil -V as a CA" nss_verify "$ca-sl" "$CA" "$T/sub-$ca.cer" L
	if nss_verify "$ca-cv" "$CA" "$T/code-$ca.cer" V; then
		fail "$ca codesign: NSS accepted it as an SSL server"
	else
		pass "$ca codesign: NSS refuses it as an SSL server"
	fi
	checks=$((checks + 1))
done

finish
