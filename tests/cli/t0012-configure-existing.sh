#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0012: the guide's "existing private key and certificate" path, with files
# made by openssl: encrypted and clear keys, PEM and DER certificates; a key
# that does not match, a certificate that is not a CA's; and a lone file set
# aside as .old before new files are made.
. "$(dirname "$0")/lib.sh"

cat >"$T/req.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
C = US
O = Example Corporation
CN = External CA
[v3ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
CNF

# mkpair DIR ROOT EXT ENC: DIR/ROOT.key and DIR/ROOT.cer (PEM) by openssl.
mkpair() {
	mkdir -p "$1"
	if [ "$4" = enc ]; then
		_kenc="-passout file:$PWFILE"
	else
		_kenc="-noenc"
	fi
	# shellcheck disable=SC2086
	"$OPENSSL" req -x509 -config "$T/req.cnf" -extensions "$3" \
		-newkey ec -pkeyopt ec_paramgen_curve:P-256 $_kenc \
		-keyout "$1/$2.key" -out "$1/$2.cer" -days 100 2>"$T/.openssl.err" ||
		fail "openssl req -x509 for $2: $(cat "$T/.openssl.err")"
}

# ---- 1. encrypted PKCS#8 key and PEM certificate
D1=$T/ext1
mkpair "$D1" Ext v3ca enc
check "openssl made an encrypted key" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$D1/Ext.key"
keysum=$(sha256sum <"$D1/Ext.key")
cersum=$(sha256sum <"$D1/Ext.cer")
NCPKI_HOME=$T/home1
export NCPKI_HOME

# encrypted, no terminal and no password option: usage error, nothing changed
expect_exit 2 server configure --root Ext --dir "$D1"
expect_error_line
expect_no_file "$D1/Ext.srl"

# the wrong password: exit 4, nothing changed
make_pwfile "$T/wrong.pw" "not the password"
expect_exit 4 server configure --root Ext --dir "$D1" --password-file "$T/wrong.pw"
expect_error_line
expect_no_file "$D1/Ext.srl"
expect_equal "key file after a wrong password" "$(sha256sum <"$D1/Ext.key")" "$keysum"
expect_exit 1 server show

# the right one; subject options are ignored with a warning
expect_exit 0 server configure --root Ext --dir "$D1" --password-file "$PWFILE" \
	--cn "Ignored CN" --days 90
expect_output_line "Certificate Authority server successfully configured."
expect_output_line "Using existing files: $D1/Ext.cer and .key"
expect_output_lacks "Created new files"
expect_output_matches "^Created serial file $D1/Ext\\.srl \\(next serial [0-9]+\\)\\.\$"
expect_stderr_contains "ncpki: warning: "
expect_stderr_contains "subject, key type and CA validity options are ignored."
expect_output_line "$(sha1_of "$D1/Ext.cer")"
expect_output_line "$(sha256_of "$D1/Ext.cer")"
expect_output_line "Store the private key on removable media that can be physically secured."
expect_file "$D1/Ext.srl"
check "the SRL file holds a hex serial" grep -Eqx '[0-9A-Fa-f]+' "$D1/Ext.srl"
# the serial printed is the one in the file
printed=$(sed -n 's/^Created serial file .* (next serial \([0-9]*\))\.$/\1/p' "$OUT")
expect_equal "next serial printed vs. SRL file" "$printed" "$(printf '%d' "0x$(cat "$D1/Ext.srl")")"
checks=$((checks + 1))
if [ "${printed:-0}" -ge 1 ] 2>/dev/null; then pass "next serial is at least 1"; else fail "next serial '$printed' should be at least 1"; fi
# openssl's PBES2 has 2048 PBKDF2 rounds, below the project's: re-encrypted
# under the same password (t0306 has the legacy schemes).
expect_output_contains "Re-encrypted the private key file $D1/Ext.key"
expect_not_equal "key file re-encrypted" "$(sha256sum <"$D1/Ext.key")" "$keysum"
check "the re-encrypted key opens with its password" \
	"$OPENSSL" pkey -in "$D1/Ext.key" -passin "file:$PWFILE" -noout
expect_equal "PEM certificate untouched" "$(sha256sum <"$D1/Ext.cer")" "$cersum"
expect_exit 0 server show
expect_output_contains "External CA"
expect_output_contains "$(sha1_of "$D1/Ext.cer")"

# and it issues certificates that verify against it
new_cert leaf
check "certificate from the existing CA verifies" \
	"$OPENSSL" verify -x509_strict -purpose sslserver -CAfile "$D1/Ext.cer" "$T/leaf.cer"

# ---- 2. clear key, DER certificate: encrypted under the password given
D2=$T/ext2
mkpair "$D2" Der v3ca noenc
"$OPENSSL" x509 -in "$D2/Der.cer" -outform DER -out "$T/der.cer"
cp "$D2/Der.cer" "$T/der-as-pem.cer"
cp "$T/der.cer" "$D2/Der.cer"
NCPKI_HOME=$T/home2
expect_exit 0 server configure --root Der --dir "$D2" --password-file "$PWFILE"
expect_output_line "Using existing files: $D2/Der.cer and .key"
expect_output_line "$(sha1_of "$T/der-as-pem.cer")"
expect_exit 0 server cert
check "the DER certificate is served as PEM" \
	cmp -s "$OUT" "$T/der-as-pem.cer"
make_csr leaf2
import_csr leaf2
check "the clear key is now encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$D2/Der.key"
run csr process "$csr_id" --usage tls --yes --password-file "$PWFILE"
expect_equal "issuing with the key encrypted from clear" "$rc" 0
expect_output_matches '^Certificate number [0-9]+ issued for Certificate Signing Request "leaf2"$'

# fresh_home N DIR: NCPKI_HOME an empty, unconfigured $T/homeN; the state
# (it and DIR) in the snapshot $SNAP ($T/.snapN).
fresh_home() {
	NCPKI_HOME=$T/home$1
	mkdir -p "$NCPKI_HOME"
	expect_exit 1 server show
	SNAP_DIRS="$NCPKI_HOME $2"
	SNAP=$T/.snap$1
	snapshot "$SNAP"
}

# refused ROOT DIR ERE WHAT: configuring from the files ROOT.* of DIR is
# refused (exit 3, an error matching ERE), no SRL file is made and nothing
# changes since the last fresh_home.
refused() {
	expect_exit 3 server configure --root "$1" --dir "$2" --password-file "$PWFILE"
	expect_error_line
	expect_stderr_matches "$3"
	expect_no_file "$2/$1.srl"
	expect_unchanged "$SNAP" "$4"
}

# ---- 3. key and certificate that do not belong together
D3=$T/ext3
mkpair "$D3" Mix v3ca noenc
mkpair "$T/other" Other v3ca noenc
cp "$T/other/Other.key" "$D3/Mix.key"
fresh_home 3 "$D3"
refused Mix "$D3" 'match|belong' "key/certificate mismatch"

# ---- 4. a certificate that is not a CA's
D4=$T/ext4
mkpair "$D4" Leaf v3leaf noenc
fresh_home 4 "$D4"
refused Leaf "$D4" 'not a (Certificate Authority|CA)' "non-CA certificate"

# ---- 5. garbage where the certificate should be
D5=$T/ext5
mkpair "$D5" Junk v3ca noenc
echo "this is not a certificate" >"$D5/Junk.cer"
fresh_home 5 "$D5"
run server configure --root Junk --dir "$D5" --password-file "$PWFILE"
expect_no_crash
checks=$((checks + 1))
if [ "$rc" -ne 0 ]; then pass "unreadable certificate refused (exit $rc)"; else fail "unreadable certificate accepted"; fi
expect_error_line
expect_unchanged "$SNAP" "unreadable certificate"

# lone N ROOT GONE KEPT: in $T/extN, ROOT's pair but its GONE file (cer or
# key); a new CA "ROOT CA" configured there (data directory $T/homeN) sets
# the lone KEPT file aside as .old.
lone() {
	mkpair "$T/ext$1" "$2" v3ca noenc
	rm -f "$T/ext$1/$2.$3"
	lonesum=$(sha256sum <"$T/ext$1/$2.$4")
	NCPKI_HOME=$T/home$1
	expect_exit 0 server configure --root "$2" --dir "$T/ext$1" --cn "$2 CA" --key-type p256 \
		--password-file "$PWFILE"
	expect_output_line "Renamed lone existing file \"$T/ext$1/$2.$4\" to \"$T/ext$1/$2.$4.old\"."
}

# ---- 6. only the key: set aside as .old, new files made
D6=$T/ext6
lone 6 Lone cer key
expect_output_line "Created new files: $D6/Lone.cer .key, and .srl."
expect_file "$D6/Lone.key.old"
expect_equal "the .old file is the lone key" "$(sha256sum <"$D6/Lone.key.old")" "$lonesum"
check "the new key is encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$D6/Lone.key"
expect_mode 600 "$D6/Lone.key"
expect_file "$D6/Lone.cer"
expect_file "$D6/Lone.srl"
check "the new certificate is the new CA's" \
	sh -c "'$OPENSSL' x509 -in '$D6/Lone.cer' -noout -subject | grep -q 'Lone CA'"
# "Renamed" comes before "Created"
rl=$(grep -n '^Renamed lone' "$OUT" | cut -d: -f1)
cl=$(grep -n '^Created new files' "$OUT" | cut -d: -f1)
checks=$((checks + 1))
if [ -n "$rl" ] && [ -n "$cl" ] && [ "$rl" -lt "$cl" ]; then pass "Renamed line before Created line"; else fail "Renamed line should come before Created line"; fi

# ---- 7. only the certificate
D7=$T/ext7
lone 7 Cer key cer
expect_file "$D7/Cer.cer.old"
expect_file "$D7/Cer.key"

# ---- 8. an SRL already there is kept
D8=$T/ext8
mkpair "$D8" Srl v3ca noenc
printf '1A\n' >"$D8/Srl.srl"
NCPKI_HOME=$T/home8
expect_exit 0 server configure --root Srl --dir "$D8" --password-file "$PWFILE"
expect_output_line "Using existing files: $D8/Srl.cer and .key"
expect_output_lacks "Created serial file"
make_csr leaf8
import_csr leaf8
issue_csr "$csr_id" codesign
expect_equal "serial taken from the existing SRL (0x1A)" "$serial" 26
check "SRL incremented to 1B" grep -qix '1B' "$D8/Srl.srl"

finish
