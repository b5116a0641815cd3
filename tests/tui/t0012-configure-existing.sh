#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0012-configure-existing: the wizard with an existing pair. A CA key
# (encrypted) and certificate made with openssl sit in the directory: step
# 2 is the shorter form, with the key's password field and without the
# subject or key type; Save reuses both files unchanged and creates the
# SRL file; the database holds the configuration.
. "${top_srcdir:-.}/tests/tui/lib.sh"

mkdir -p "$CADIR"
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	-keyout "$CADIR/ExCA.key" -passout "file:$PWFILE" -out "$CADIR/ExCA.cer" \
	-subj "/C=US/O=Example Corporation/CN=Existing CA" -days 365 \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$T/openssl.err" ||
	{ fail "openssl req -x509: $(cat "$T/openssl.err")"; finish; }
check "the key is encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$CADIR/ExCA.key"
key_sum=$(sha256sum <"$CADIR/ExCA.key")
cer_sum=$(sha256sum <"$CADIR/ExCA.cer")
expect_no_file "$CADIR/ExCA.srl"

tui_start
tui_wizard_step1 ExCA "$CADIR"
expect_screen "existing key and certificate"
expect_screen_text "Using existing files: $CADIR/ExCA.cer and .key"
expect_screen_line "^  Password for CA's private key file \* +\[ +\]"
expect_screen_lacks "Confirm password"
expect_screen_lacks "Common Name"
expect_screen_lacks "RSA 3072"
expect_screen_lacks "CA certificate validity"
expect_screen_line "Issued certificates validity \(days\) \* +\[365"

# A wrong password: its message beside the field, nothing written.
snapshot "$T/before"
tui_type "not the password"
expect_screen_lacks "not the password"
# days, 5 email fields, Back, Save
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab
expect_screen_line "\[ Back \]   \[ Save \]   \[ Cancel \]"
tui_keys Enter
expect_screen_line "^ Error: .*[Ww]rong password"
expect_unchanged "$T/before" "wrong password"
expect_exit 1 server show

# The right one: the field at fault has the focus, emptied.
expect_screen_line "^  Password for CA's private key file \* +\[ +\]"
tui_type "$PASSWORD"
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Enter
expect_screen "Certificate Authority server successfully configured."
expect_screen_text "Using existing files: $CADIR/ExCA.cer and .key"
expect_screen_text "Created serial file $CADIR/ExCA.srl"
expect_screen "$(fp_groups "$(sha1_of "$CADIR/ExCA.cer")")"
expect_file "$CADIR/ExCA.srl"
# openssl's 2048 PBKDF2 rounds are below the project's: re-encrypted
# under the same password (tests/cli/t0306 has the legacy schemes).
expect_screen_text "Re-encrypted the private key file $CADIR/ExCA.key (PKCS#8, AES-256-CBC,"
expect_not_equal "key file re-encrypted" "$(sha256sum <"$CADIR/ExCA.key")" "$key_sum"
check "the re-encrypted key opens with its password" \
	"$OPENSSL" pkey -in "$CADIR/ExCA.key" -passin "file:$PWFILE" -noout
expect_equal "certificate reused unchanged" "$(sha256sum <"$CADIR/ExCA.cer")" "$cer_sum"
expect_no_file "$CADIR/ExCA.key.old"
tui_keys Enter
expect_screen "CA server: ExCA"
expect_screen_line "^  File name root +ExCA$"
run server show
expect_output_contains "Existing CA"
expect_output_contains "$CADIR/ExCA.cer"
if [ -n "${SQLITE3:-}" ]; then
	expect_equal "configured rows" \
		"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM ca_config")" 1
fi
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
