#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0013-reinit: Reinitialize on a configured CA with one issued certificate
# and one pending request. The confirmation says what goes (the counts) and
# what stays; Cancel and Esc change nothing; OK asks for the CA key's
# password (issue 16), and a wrong one changes nothing; with the right one
# it deletes the configuration, the certificate records and the pending
# request, keeps the key, certificate and SRL files, and the screen goes
# back to step 1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr one || finish
import_csr one --root One || finish
issue_csr "$csr_id" tls || finish
make_csr two || finish
import_csr two --root Two || finish
db() { "${SQLITE3:-sqlite3}" -readonly "$NCPKI_HOME/ncpki.db" "$1"; }
have_sql=false
command -v "${SQLITE3:-sqlite3}" >/dev/null 2>&1 && have_sql=true

tui_start
expect_screen "CA server: TestCA"
expect_screen "1 pending"
tui_keys Enter
expect_screen "[ Reinitialize ]"
snapshot "$T/before"
tui_keys Enter
expect_screen "Reinitialize the Certificate Authority server?"
# (the dialog covers the page: checked line by line, as it wraps at 80)
expect_screen "the records of the 1 issued certificates"
expect_screen "and the 1 pending requests. The key, certificate and SRL"
expect_screen "files are kept and certificates already issued stay valid."
# Cancel has the focus: Enter keeps everything.
tui_keys Enter
tui_wait_gone "Reinitialize the Certificate Authority server?"
expect_unchanged "$T/before" "Cancel"
tui_keys Enter
expect_screen "Reinitialize the Certificate Authority server?"
tui_keys Escape
tui_wait_gone "Reinitialize the Certificate Authority server?"
expect_unchanged "$T/before" "Esc"
expect_exit 0 server show

# OK asks for the CA key's password: a wrong one changes nothing.
tui_keys Enter
expect_screen "Reinitialize the Certificate Authority server?"
tui_keys Left Enter
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
expect_unchanged "$T/before" "a wrong password"
expect_exit 0 server show
tui_keys Escape
expect_screen "This form has input that is not saved"
tui_keys Left Enter
expect_screen "F10 Quit"
tui_keys Enter
expect_screen "[ Reinitialize ]"

tui_reinit
expect_screen "0 pending"
expect_exit 1 server show
if $have_sql; then
	expect_equal "ca_config rows" "$(db 'SELECT count(*) FROM ca_config')" 0
	expect_equal "cert rows" "$(db 'SELECT count(*) FROM cert')" 0
	expect_equal "csr rows" "$(db 'SELECT count(*) FROM csr')" 0
fi
expect_file "$CADIR/$CAROOT.key"
expect_file "$CADIR/$CAROOT.cer"
expect_file "$CADIR/$CAROOT.srl"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
