#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0306: a CA key given to ncpki (server configure from an existing pair)
# that is unencrypted or protected by an outdated scheme (traditional PEM
# with 3DES "Proc-Type: 4,ENCRYPTED", PKCS#8 PBES1 MD5-DES) is re-encrypted
# as PKCS#8 PBES2, PBKDF2, AES-256-CBC under a password of at least 12
# characters, in place of the original; a short password is refused and
# leaves everything as it was; a new CA's password has the same minimum.
. "$(dirname "$0")/lib.sh"

# pair NAME: a self-signed CA certificate NAME.cer and its unencrypted key
# NAME.plain in $T/NAME/.
pair() {
	mkdir -p "$T/$1"
	chmod 700 "$T/$1"
	"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$T/$1/plain.pem" 2>/dev/null
	"$OPENSSL" req -new -x509 -key "$T/$1/plain.pem" -subj "/CN=$1 CA" -days 365 \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign -out "$T/$1/$1.cer" 2>/dev/null
}

# configure_from NAME HOME: server configure from $T/NAME/NAME.{cer,key}.
configure_from() {
	NCPKI_HOME=$2 expect_exit 0 server configure --root "$1" --dir "$T/$1" \
		--password-file "$PWFILE"
	expect_output_contains "Re-encrypted the private key file $T/$1/$1.key"
}

# expect_current NAME: the key file is PKCS#8 PBES2, PBKDF2, AES-256-CBC,
# opens with the password, and is the same key.
expect_current() {
	expect_equal "$1: PEM label" "$(head -n 1 "$T/$1/$1.key")" "-----BEGIN ENCRYPTED PRIVATE KEY-----"
	"$OPENSSL" asn1parse -in "$T/$1/$1.key" >"$T/$1/asn1" 2>&1
	check "$1: PBES2" grep -q ":PBES2" "$T/$1/asn1"
	check "$1: PBKDF2" grep -q ":PBKDF2" "$T/$1/asn1"
	check "$1: AES-256-CBC" grep -q ":aes-256-cbc" "$T/$1/asn1"
	check "$1: no DES left" sh -c "! grep -qi 'des' '$T/$1/asn1'"
	expect_mode 600 "$T/$1/$1.key"
	"$OPENSSL" pkey -in "$T/$1/$1.key" -passin "file:$PWFILE" -pubout -out "$T/$1/now.pub" 2>/dev/null
	"$OPENSSL" pkey -in "$T/$1/plain.pem" -pubout -out "$T/$1/was.pub" 2>/dev/null
	check "$1: the same key, opened with the password" cmp -s "$T/$1/now.pub" "$T/$1/was.pub"
	check "$1: no temporary file left" sh -c "! ls '$T/$1' | grep -q tmp"
}

# Unencrypted (PKCS#8, as openssl genpkey writes it).
pair plain
cp "$T/plain/plain.pem" "$T/plain/plain.key"
chmod 600 "$T/plain/plain.key"
configure_from plain "$T/home-plain"
expect_current plain

# Traditional PEM, 3DES (Proc-Type: 4,ENCRYPTED, DEK-Info: DES-EDE3-CBC).
pair des3
"$OPENSSL" ec -in "$T/des3/plain.pem" -des3 -passout "file:$PWFILE" \
	-out "$T/des3/des3.key" 2>/dev/null
chmod 600 "$T/des3/des3.key"
check "des3: the given key is traditional 3DES PEM" grep -q "DEK-Info: DES-EDE3-CBC" "$T/des3/des3.key"
configure_from des3 "$T/home-des3"
expect_current des3

# PKCS#8 PBES1 with MD5 and DES (OpenSSL 3 needs its legacy provider to
# write and read it: ncpki loads it for that only; skipped when this
# openssl cannot write it).
pair pbes1
if "$OPENSSL" pkcs8 -topk8 -v1 PBE-MD5-DES -in "$T/pbes1/plain.pem" -passout "file:$PWFILE" \
	-out "$T/pbes1/pbes1.key" 2>/dev/null ||
   "$OPENSSL" pkcs8 -topk8 -v1 PBE-MD5-DES -provider legacy -provider default \
	-in "$T/pbes1/plain.pem" -passout "file:$PWFILE" -out "$T/pbes1/pbes1.key" 2>/dev/null; then
	chmod 600 "$T/pbes1/pbes1.key"
	"$OPENSSL" asn1parse -in "$T/pbes1/pbes1.key" >"$T/pbes1/given" 2>&1
	check "pbes1: the given key is PBES1 MD5-DES" grep -q "pbeWithMD5AndDES-CBC" "$T/pbes1/given"
	configure_from pbes1 "$T/home-pbes1"
	expect_current pbes1
else
	say "skip: this openssl cannot write PBES1 MD5-DES"
fi

# A short password: refused, nothing changed (the key stays as it was,
# no CA is configured).
pair short
cp "$T/short/plain.pem" "$T/short/short.key"
chmod 600 "$T/short/short.key"
make_pwfile "$T/eleven.pw" "elevenchars"
before=$(sha256sum <"$T/short/short.key")
NCPKI_HOME=$T/home-short expect_exit 3 server configure --root short --dir "$T/short" \
	--password-file "$T/eleven.pw"
expect_stderr_contains "is not encrypted: ncpki encrypts it (PKCS#8, AES-256-CBC, PBKDF2) with a password of at least 12 characters"
expect_equal "short: the key file is untouched" "$(sha256sum <"$T/short/short.key")" "$before"
NCPKI_HOME=$T/home-short expect_exit 1 server show
expect_stderr_contains "not configured"

# A 3DES key whose password is short: refused, untouched.
pair weak
"$OPENSSL" ec -in "$T/weak/plain.pem" -des3 -passout "file:$T/eleven.pw" \
	-out "$T/weak/weak.key" 2>/dev/null
chmod 600 "$T/weak/weak.key"
before=$(sha256sum <"$T/weak/weak.key")
NCPKI_HOME=$T/home-weak expect_exit 3 server configure --root weak --dir "$T/weak" \
	--password-file "$T/eleven.pw"
expect_stderr_contains "is encrypted with an outdated scheme"
expect_equal "weak: the key file is untouched" "$(sha256sum <"$T/weak/weak.key")" "$before"

# A key already in the project's scheme is kept as it is.
configure_ca
expect_output_lacks "Re-encrypted"

# New passwords: at least 12 characters.
NCPKI_HOME=$T/home-new expect_exit 3 server configure --root New --dir "$T/new" \
	--cn "New CA" --key-type p256 --password-file "$T/eleven.pw"
expect_stderr_contains "at least 12 characters"

finish
