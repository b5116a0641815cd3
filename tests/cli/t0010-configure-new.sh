#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0010: configure a CA server with a new private key and certificate: the
# guide's message, the files and their modes, the key's encryption, the
# certificate's extensions, and the fingerprints printed.
. "$(dirname "$0")/lib.sh"

run server configure --root MyCA --dir "$CADIR" \
	--cn "Documentation Test CA" --country US --org "Example Corporation" \
	--ou "For use within Example only" \
	--key-type p256 --ca-days 3650 --days 365 \
	--admin-email CAMgr@MyDomain.com --password-file "$PWFILE"
expect_equal "exit status" "$rc" 0
[ "$rc" -eq 0 ] || show_output

expect_output_line "Certificate Authority server successfully configured."
expect_output_line "Created new files: $CADIR/MyCA.cer .key, and .srl."
expect_output_line "Certificate Authority Certificate SHA-1 fingerprint:"
expect_output_line "Certificate Authority Certificate SHA-256 fingerprint:"
expect_output_line "Store the private key on removable media that can be physically secured."
expect_output_line "Administrator's email address: CAMgr@MyDomain.com"
expect_output_lacks "Renamed lone existing file"

# The four lines in the guide's order.
sed -n '1,4p' "$OUT" >"$T/head"
printf '%s\n' "Certificate Authority server successfully configured." \
	"Created new files: $CADIR/MyCA.cer .key, and .srl." \
	"Certificate Authority Certificate SHA-1 fingerprint:" >"$T/want3"
head -n 3 "$T/head" >"$T/head3"
check "the guide's first three lines in order" cmp -s "$T/want3" "$T/head3"

# Files
expect_file "$CADIR/MyCA.cer"
expect_file "$CADIR/MyCA.key"
expect_file "$CADIR/MyCA.srl"
expect_mode 700 "$CADIR"
expect_mode 700 "$NCPKI_HOME"
expect_file "$NCPKI_HOME/ncpki.db"
expect_mode 600 "$CADIR/MyCA.key"
check "the key is encrypted PKCS#8" \
	grep -qx -- "-----BEGIN ENCRYPTED PRIVATE KEY-----" "$CADIR/MyCA.key"
check "no clear private key in the file" \
	sh -c "! grep -q -- '-----BEGIN PRIVATE KEY-----' '$CADIR/MyCA.key'"
check "the key decrypts with the password" \
	"$OPENSSL" pkey -in "$CADIR/MyCA.key" -passin "file:$PWFILE" -noout
make_pwfile "$T/wrong.pw" "not the password"
check "the key does not decrypt with another password" \
	sh -c "! '$OPENSSL' pkey -in '$CADIR/MyCA.key' -passin 'file:$T/wrong.pw' -noout 2>/dev/null"
# the key belongs to the certificate
k=$("$OPENSSL" pkey -in "$CADIR/MyCA.key" -passin "file:$PWFILE" -pubout 2>/dev/null | sha256sum)
c=$("$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -pubkey 2>/dev/null | sha256sum)
expect_equal "public key of ROOT.key and ROOT.cer" "$k" "$c"
# the SRL is a hex serial, OpenSSL style
check "the SRL file holds a hex serial" grep -Eqx '[0-9A-Fa-f]+' "$CADIR/MyCA.srl"

# Certificate
"$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -text >"$T/ca.txt" 2>&1
check "certificate is PEM" grep -qx -- "-----BEGIN CERTIFICATE-----" "$CADIR/MyCA.cer"
check "X.509 v3" grep -q "Version: 3 (0x2)" "$T/ca.txt"
check "basicConstraints is critical" grep -q "X509v3 Basic Constraints: critical" "$T/ca.txt"
check "CA:TRUE" sh -c "grep -A1 'X509v3 Basic Constraints' '$T/ca.txt' | grep -q 'CA:TRUE'"
check "keyUsage is critical" grep -q "X509v3 Key Usage: critical" "$T/ca.txt"
check "keyUsage keyCertSign, cRLSign" \
	sh -c "grep -A1 'X509v3 Key Usage' '$T/ca.txt' | grep -q 'Certificate Sign, CRL Sign'"
check "subject key identifier" grep -q "X509v3 Subject Key Identifier" "$T/ca.txt"
check "authority key identifier" grep -q "X509v3 Authority Key Identifier" "$T/ca.txt"
check "signed with SHA-256 or better" grep -Eq "Signature Algorithm: ecdsa-with-SHA(256|384|512)" "$T/ca.txt"
check "EC P-256 key" grep -q "NIST CURVE: P-256" "$T/ca.txt"
subj=$("$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -subject -nameopt RFC2253)
expect_equal "subject" "$subj" "subject=CN=Documentation Test CA,OU=For use within Example only,O=Example Corporation,C=US"
iss=$("$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -issuer -nameopt RFC2253)
expect_equal "issuer (self-signed)" "$iss" "issuer=CN=Documentation Test CA,OU=For use within Example only,O=Example Corporation,C=US"
check "self-signed certificate verifies" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/MyCA.cer" "$CADIR/MyCA.cer"
# validity: 3650 days
start=$("$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -startdate | sed 's/^notBefore=//')
end=$("$OPENSSL" x509 -in "$CADIR/MyCA.cer" -noout -enddate | sed 's/^notAfter=//')
days=$(( ($(date -u -d "$end" +%s) - $(date -u -d "$start" +%s)) / 86400 ))
expect_equal "CA validity in days" "$days" 3650
ski=$(grep -A1 "Subject Key Identifier" "$T/ca.txt" | tail -n 1 | tr -d ' ')
aki=$(grep -A1 "Authority Key Identifier" "$T/ca.txt" | tail -n 1 | tr -d ' ' | sed 's/^keyid://')
expect_equal "AKI equals SKI" "$aki" "$ski"

# The fingerprints printed are the certificate's.
sha1=$(sed -n '/^Certificate Authority Certificate SHA-1 fingerprint:$/{n;p;}' "$OUT")
sha256=$(sed -n '/^Certificate Authority Certificate SHA-256 fingerprint:$/{n;p;}' "$OUT")
expect_equal "printed SHA-1 fingerprint" "$sha1" "$(sha1_of "$CADIR/MyCA.cer")"
expect_equal "printed SHA-256 fingerprint" "$sha256" "$(sha256_of "$CADIR/MyCA.cer")"

# server show reflects it
expect_exit 0 server show
expect_output_contains "MyCA"
expect_output_contains "$sha1"
expect_output_contains "$sha256"
expect_output_contains "CAMgr@MyDomain.com"
expect_output_contains "EC P-256"
expect_exit 0 server show --json
if have_python3; then
	check "server show --json is JSON" python3 -m json.tool "$OUT"
fi
expect_exit 0 server cert
check "server cert prints the CA certificate" cmp -s "$OUT" "$CADIR/MyCA.cer"
expect_exit 0 server cert --out "$T/exported-ca.pem"
check "server cert --out writes the CA certificate" cmp -s "$T/exported-ca.pem" "$CADIR/MyCA.cer"

# --home works as well as NCPKI_HOME; a relative --dir is under the data directory.
run --home "$T/home2" server configure --root RelCA --dir keys --cn "Relative CA" \
	--key-type p256 --password-file "$PWFILE"
expect_equal "exit status with --home and a relative dir" "$rc" 0
expect_file "$T/home2/keys/RelCA.cer"
expect_file "$T/home2/keys/RelCA.key"
expect_output_line "Created new files: $T/home2/keys/RelCA.cer .key, and .srl."

# The password from a descriptor.
run --home "$T/home3" server configure --root FdCA --dir "$T/fdca" --cn "Fd CA" \
	--key-type p256 --password-fd 3 3<"$PWFILE"
expect_equal "exit status with --password-fd" "$rc" 0
check "the key from --password-fd decrypts with the password" \
	"$OPENSSL" pkey -in "$T/fdca/FdCA.key" -passin "file:$PWFILE" -noout

# A password file with CRLF: the \r\n is stripped.
(umask 077 && printf '%s\r\n' "$PASSWORD" >"$T/crlf.pw")
run --home "$T/home4" server configure --root CrlfCA --dir "$T/crlfca" --cn "CRLF CA" \
	--key-type p256 --password-file "$T/crlf.pw"
expect_equal "exit status with a CRLF password file" "$rc" 0
check "the CRLF password file's password is the line without CR" \
	"$OPENSSL" pkey -in "$T/crlfca/CrlfCA.key" -passin "file:$PWFILE" -noout

# An RSA CA with the default key type (rsa3072).
run --home "$T/home5" server configure --root RsaCA --dir "$T/rsaca" --cn "RSA CA" \
	--password-file "$PWFILE"
expect_equal "exit status with the default key type" "$rc" 0
check "the default key type is RSA 3072" \
	sh -c "'$OPENSSL' x509 -in '$T/rsaca/RsaCA.cer' -noout -text | grep -q 'Public-Key: (3072 bit)'"
check "RSA CA signed with SHA-256 or better" \
	sh -c "'$OPENSSL' x509 -in '$T/rsaca/RsaCA.cer' -noout -text | grep -Eq 'Signature Algorithm: sha(256|384|512)WithRSAEncryption'"

finish
