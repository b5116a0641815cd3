#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0062-commit-key: a radio group is one Tab stop, and F2 presses a
# form's main button from any of its fields, the key bar naming it (issue
# 16, "radio groups one Tab stop", "a save shortcut on every form"): the request's Issue Certificate (refused while the verification
# box is not ticked), then the password step's Finish, which issues; the
# client's Save, in French on 80 columns too.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr web || finish
import_csr web || finish

tui_start
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"web\""
expect_screen_line "^ F1 Help +F2 Issue Certificate +Tab Next"
# The usage radio buttons are one Tab stop: Tab goes on to the validity,
# the path length, then the box...
tui_keys Tab Tab Tab Space
expect_screen "[x] I have verified the identity"
expect_screen "(*) TLS/SSL and XML security"
# ...and Shift-Tab comes back to the selected option; the arrows move
# among the options, Space selects.
tui_keys BTab BTab BTab Down Space
expect_screen "(*) Intermediate Certificate Authority"
tui_keys Up Space
expect_screen "(*) TLS/SSL and XML security"
tui_keys Tab Tab Tab Space
expect_screen "[ ] I have verified the identity"
# From the usage radio buttons, without the box ticked: refused.
tui_keys BTab BTab BTab F2
expect_screen "Tick this box once you have verified"
expect_screen_lacks "Password for Certificate Authority's Private Key file"
tui_keys Space
expect_screen "[x] I have verified the identity"
tui_keys Up F2
expect_screen "Password for Certificate Authority's Private Key file"
expect_screen_line "^ F1 Help +F2 Finish +Tab Next"
tui_type "$PASSWORD"
tui_keys F2
expect_screen "Certificate number 1 issued for Certificate Signing Request \"web\""
check "openssl verifies the certificate" sh -c \
	"'$NCPKI' cert get 1 --out '$T/web.cer' >/dev/null && '$OPENSSL' verify -CAfile '$CADIR/$CAROOT.cer' '$T/web.cer'"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit

# The client's form in French: F2 Enregistrer, pressed from the first field.
TUI_LOCALE=fr_FR.UTF-8
tui_restart
tui_keys Down Down Down Down Enter
expect_screen "Configurer le client d'autorité de certification local"
expect_screen_line "^ F1 Aide +F2 Enregistrer "
expect_screen_line "Échap Retour *$"
tui_type ca.example.com
tui_keys Tab Tab Tab
tui_type "Jane Doe"
tui_keys BTab BTab BTab F2
expect_screen "Client d'autorité de certification configuré avec succès."
expect_equal "the client's server" "$("$NCPKI" client show --json | sed -n 's/.*"server_host": "\([^"]*\)".*/\1/p')" "ca.example.com"
tui_keys F10
expect_screen "ncpki exited 0"
finish
