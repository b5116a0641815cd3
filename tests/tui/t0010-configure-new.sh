#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0010-configure-new: the guide's two-step wizard with a new key pair.
# Step 1 (root, directory), Next, step 2 (masked password twice, subject,
# key type, validities), Save: the dialog shows the guide's message with
# both fingerprints, the files exist (key 0600, a CA certificate that
# verifies), and the screen then shows the configuration and Reinitialize,
# which asks before it forgets the configuration.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start
tui_wizard_step1 TuiCA "$CADIR"
expect_screen "new key and certificate"
expect_screen "Password to CA's private key file"
expect_screen "( ) RSA 2048  (*) RSA 3072"

tui_type "$PASSWORD"            # password
tui_keys Tab
tui_type "$PASSWORD"            # confirm
expect_screen_line "Confirm password \* +\[\*{21} +\]"
expect_screen_lacks "$PASSWORD"
tui_keys Tab
tui_type US                     # country
tui_keys Tab Tab Tab
tui_type "Example Corporation"  # organization
tui_keys Tab Tab
tui_type "TUI Test CA"          # common name
# key type: RSA 2048, RSA 3072 (selected), RSA 4096, EC P-256
tui_keys Tab Down Down Space   # Tab: the group, at its selected option
expect_screen "(*) EC P-256"
# 2 validities, 5 email fields, Back, then Save
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
expect_screen_line "\[ Back \]   \[ Save \]   \[ Cancel \]"
tui_keys Enter
expect_screen "Certificate Authority server successfully configured."
expect_screen_text "Created new files: $CADIR/TuiCA.cer .key, and .srl."

expect_file "$CADIR/TuiCA.key"
expect_file "$CADIR/TuiCA.cer"
expect_file "$CADIR/TuiCA.srl"
expect_mode 600 "$CADIR/TuiCA.key"
check "the certificate verifies as its own CA" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/TuiCA.cer" "$CADIR/TuiCA.cer"
"$OPENSSL" x509 -in "$CADIR/TuiCA.cer" -noout -text >"$T/ca.txt" 2>&1
check "basicConstraints CA:TRUE" grep -q "CA:TRUE" "$T/ca.txt"
check "EC P-256 key" grep -q "prime256v1\|P-256" "$T/ca.txt"
check "subject as typed" sh -c "'$OPENSSL' x509 -in '$CADIR/TuiCA.cer' -noout -subject | grep -q 'C *= *US, O *= *Example Corporation, CN *= *TUI Test CA'"
check "the key is encrypted" grep -q "ENCRYPTED" "$CADIR/TuiCA.key"

# Both fingerprints in the dialog, in groups of four bytes (the SHA-256
# one wraps between two groups).
expect_screen "$(fp_groups "$(sha1_of "$CADIR/TuiCA.cer")")"
expect_screen_text "$(fp_groups "$(sha256_of "$CADIR/TuiCA.cer")")"

tui_keys Enter
tui_wait_gone "Store the private key"
expect_screen "Certificate Authority server successfully configured."
expect_screen_line "^  File name root +TuiCA$"
expect_screen_line "^  Key +EC P-256$"
expect_screen "CA server: TuiCA"
expect_screen "[ Reinitialize ]"
run server show
expect_output_contains "TuiCA"

# Reinitialize asks first; Esc keeps everything.
tui_keys Enter   # Reinitialize has the focus
expect_screen "Reinitialize the Certificate Authority server?"
tui_keys Escape
tui_wait_gone "Reinitialize the Certificate Authority server?"
expect_exit 0 server show
# OK forgets the configuration, keeps the files.
tui_reinit
expect_exit 1 server show
expect_file "$CADIR/TuiCA.key"
expect_file "$CADIR/TuiCA.cer"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
