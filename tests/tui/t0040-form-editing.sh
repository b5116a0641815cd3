#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0040-form-editing: the text fields (libform) as a person edits them, in
# the wizard's step 2. A password longer than its field, corrected in the
# middle with Home, End, Left, Backspace and Delete, shows only '*' (the
# screen never holds it) and is the one the key file opens with; Ctrl-U
# empties the confirmation before it is typed again. A Common Name longer
# than its field scrolls, is cut with Ctrl-K, and is kept whole in the
# certificate; UTF-8 names (State, Organization) reach the certificate as
# typed; a long administrator's email address is saved whole.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# The password as it ends up after the edits below.
PW='Acorrect horse battery stple9'
CN='Editing Test CA with a rather long common name'
ADMIN='certificate-authority-administrator.longname@pki.example.org'

# tmux sends Home and End as ESC [ 1 ~ and ESC [ 4 ~: the terminal type
# that says so (xterm's has ESC O H and ESC O F).
tui_start TERM=tmux-256color
tui_keys Enter
expect_screen "step 1 of 2"
tui_type "EditCA"
expect_screen "[EditCA"
# the cursor is in the field, after what was typed (not on the key bar)
expect_cursor_after "[EditCA"
tui_keys Tab
tui_type "$CADIR"
tui_keys Tab Enter
expect_screen "step 2 of 2"
expect_screen "new key and certificate"

# Password: 29 characters in a field 24 wide: 23 stars and the cursor.
tui_type "correct horse battery stapleZ"
expect_screen_line "Password to CA's private key file \* +\[\*{23} \]"
tui_keys BSpace             # drops Z
tui_keys Home
tui_type A                  # Acorrect...
tui_keys End
tui_type 9                  # ...staple9
# Left x4 puts the cursor before "ple9", BSpace takes the "a": "stple9".
tui_keys Left Left Left Left BSpace
expect_screen_lacks "correct"
expect_screen_lacks "horse"
expect_screen_lacks "staple"
tui_keys Tab
# Confirmation: something else first, Ctrl-U empties it.
tui_type "not this one"
expect_screen_line "Confirm password \* +\[\*{12} +\]"
tui_keys C-u
expect_screen_line "Confirm password \* +\[ {24}\]"
tui_type "$PW"
expect_screen_lacks "stple"
tui_keys Tab
tui_type US
tui_keys Tab
tui_type "Île-de-France"
tui_keys Tab Tab
tui_type "Société Générale Ünïcode"
expect_screen_line "Organization +\[Société Générale Ünïcode +\]"
tui_keys Tab Tab
# Common Name: 48 characters in a field 36 wide, the last two cut off.
tui_type "${CN}QQ"
expect_screen_line "Common Name +\[.*common nameQQ *\]"
expect_screen_lacks "[Editing Test"
tui_keys Left Left C-k
tui_keys Home
expect_screen_line "Common Name +\[Editing Test CA with a rather long c\]"
tui_keys Delete
expect_screen_line "Common Name +\[diting Test CA with a rather long co\]"
tui_type E
# key type EC P-256 (quick), then the administrator's email address
tui_keys Tab Down Down Space
expect_screen "(*) EC P-256"
tui_keys Tab Tab Tab Tab Tab Tab Tab
tui_type "$ADMIN"
expect_screen_lacks "$ADMIN"    # it scrolls: its start is out of view
expect_screen "pki.example.org"
tui_keys Tab Tab
expect_screen_line "\[ Back \]   \[ Save \]   \[ Cancel \]"
tui_keys Enter
expect_screen "Certificate Authority server successfully configured."
expect_screen_lacks "$PW"

expect_file "$CADIR/EditCA.key"
expect_file "$CADIR/EditCA.cer"
make_pwfile "$T/pw" "$PW"
check "the key opens with the edited password" \
	"$OPENSSL" pkey -in "$CADIR/EditCA.key" -passin "file:$T/pw" -noout
make_pwfile "$T/pw-typed" "correct horse battery staple"
checks=$((checks + 1))
if "$OPENSSL" pkey -in "$CADIR/EditCA.key" -passin "file:$T/pw-typed" -noout >/dev/null 2>&1; then
	fail "the key opens with the password before the edits"
else
	pass "the unedited password does not open the key"
fi
"$OPENSSL" x509 -in "$CADIR/EditCA.cer" -noout -subject -nameopt oneline,-esc_msb >"$T/subject" 2>&1
check "the whole Common Name" grep -q "CN = $CN\$" "$T/subject"
check "the UTF-8 Organization" grep -q "O = Société Générale Ünïcode" "$T/subject"
check "the UTF-8 State" grep -q "ST = Île-de-France" "$T/subject"
run server show
expect_output_contains "$ADMIN"
expect_output_contains "$CN"

tui_keys Enter
tui_wait_gone "Store the private key"
expect_screen_lacks "$PW"
tui_keys Escape
tui_quit
finish
