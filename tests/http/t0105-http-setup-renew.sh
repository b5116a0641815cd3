#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0105: "ncpki service setup": the key (0600, unencrypted), request and TLS
# certificate; running it again renews them (new key, new serial); a
# renewal that fails (wrong password, bad host name) leaves the old pair.
# The old "ncpkid setup" only says where the command moved (exit 2) and
# writes nothing: ncpkid never opens the CA key.
. "$(dirname "$0")/lib.sh"

"$NCPKID" --home "$T/new-home" setup --hostname localhost --ip 127.0.0.1 \
	--password-file "$PWFILE" >"$OUT" 2>"$ERR"
expect_equal "ncpkid setup on a new data directory: exit" "$?" 2
expect_stderr_contains "'ncpki service setup'"
expect_no_file "$T/new-home"

setup_service || finish
snapshot "$T/before-old-setup"
"$NCPKID" setup --hostname localhost --ip 127.0.0.1 --password-file "$PWFILE" \
	>"$OUT" 2>"$ERR"
expect_equal "ncpkid setup: exit" "$?" 2
expect_stderr_contains "'ncpkid setup' has moved: run 'ncpki service setup' with the same options"
checks=$((checks + 1))
if [ -s "$OUT" ]; then fail "ncpkid setup wrote to stdout"; else pass "ncpkid setup: nothing on stdout"; fi
expect_unchanged "$T/before-old-setup" "ncpkid setup"
D=$NCPKI_HOME/ncpkid
expect_mode 600 "$D/ncpkid.key"
check "key is not encrypted" grep -q 'BEGIN PRIVATE KEY' "$D/ncpkid.key"
check "SANs: localhost and 127.0.0.1" sh -c \
	"'$OPENSSL' x509 -in '$D/ncpkid.cer' -noout -ext subjectAltName | grep -q 'DNS:localhost, IP Address:127.0.0.1'"
old_sha=$(sha256sum <"$D/ncpkid.key")
old_serial=$("$OPENSSL" x509 -in "$D/ncpkid.cer" -noout -serial)

make_pwfile "$T/bad.pw" 'wrong password!'
"$NCPKI" service setup --hostname localhost --password-file "$T/bad.pw" >"$OUT" 2>"$ERR"
expect_equal "wrong password exit" "$?" 4
"$NCPKI" service setup --hostname 'bad host' --password-file "$PWFILE" >"$OUT" 2>"$ERR"
expect_equal "bad host name exit" "$?" 3
"$NCPKI" service setup --password-file "$PWFILE" >"$OUT" 2>"$ERR"
expect_equal "no --hostname exit" "$?" 2
expect_equal "old key kept" "$(sha256sum <"$D/ncpkid.key")" "$old_sha"
expect_equal "old certificate kept" "$("$OPENSSL" x509 -in "$D/ncpkid.cer" -noout -serial)" "$old_serial"
expect_no_file "$D/ncpkid.new"
run csr list --json
expect_equal "no pending request left behind" "$(cat "$OUT")" "[]"

"$NCPKI" service setup --hostname ca.example.com --hostname localhost --ip 127.0.0.1 \
	--key-type rsa2048 --password-fd 3 3<"$PWFILE" >"$OUT" 2>"$ERR"
expect_equal "renewal exit" "$?" 0
expect_output_contains "renewed"
expect_not_equal "new key" "$(sha256sum <"$D/ncpkid.key")" "$old_sha"
expect_not_equal "new serial" "$("$OPENSSL" x509 -in "$D/ncpkid.cer" -noout -serial)" "$old_serial"
check "new key matches new certificate" sh -c \
	"[ \"\$('$OPENSSL' x509 -in '$D/ncpkid.cer' -noout -pubkey)\" = \"\$('$OPENSSL' pkey -in '$D/ncpkid.key' -pubout)\" ]"
check "renewed certificate verifies for TLS" "$OPENSSL" verify -CAfile "$CACERT" \
	-purpose sslserver "$D/ncpkid.cer"
expect_mode 600 "$D/ncpkid.key"
run cert list --json
check "both certificates recorded under file root ncpkid" sh -c \
	"[ \$(grep -o '\"file_root\": *\"ncpkid\"' '$OUT' | wc -l) -eq 2 ]"

start_ncpkid || finish
api GET /ca
expect_status 200 "service runs with the renewed pair"

finish
