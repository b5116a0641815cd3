#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0076-small-terminal: what does not fit is reachable (issue 16). At
# 60x14 in French the main page wraps its long entries instead of cutting
# them and scrolls to keep the selection in view, with v and ^ in the right
# column; a form taller than the window scrolls a page at a time with PgUp
# and PgDn, text above its first field included, the markers never over a
# character of its content (the fingerprint stays whole). At 80 columns in
# French, no table header is cut.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
CER=$CADIR/$CAROOT.cer
sha1=$("$OPENSSL" x509 -in "$CER" -noout -fingerprint -sha1 | sed 's/.*=//')

TUI_LOCALE=fr_FR.UTF-8 TUI_COLS=60 TUI_ROWS=14
tui_start
expect_screen "Configurer le serveur d'autorité de certification"
# Wrapped, whole, under the selection marker.
expect_screen_line "^    > Configurer le serveur d'autorité de certification$"
expect_screen_line "^      local$"
expect_screen_line "v$"
expect_screen_lacks "Journal d'audit"
tui_keys End
expect_screen_line "^    > Maintenance \(réglages, CRL, OCSP, contrôle$"
expect_screen_line "^      d'intégrité, courriels\)$"
expect_screen "Journal d'audit"
expect_screen_line "\^$"
expect_screen_lacks "Configurer le serveur d'autorité de certification"
tui_keys Home
expect_screen_line "^    > Configurer le serveur d'autorité de certification$"

# A form taller than the window: the CA certificate page, focused on its
# validity field below the certificate's lines.
tui_keys End Enter
expect_screen "Serveur d'autorité de certification : maintenance"
tui_keys Down Down Down Down
expect_screen_text "> Certificat de l'autorité de certification (renouveler)"
tui_keys Enter
expect_screen_line "^ Certificat de l'autorité de certification$"
expect_screen_line "Validité \(jours\)"
expect_screen_line "\^$"
expect_screen_lacks "CN=Test CA"
expect_screen "PgSuiv Page"
tui_keys PPage PPage
expect_screen_line "^  Sujet +CN=Test CA"
expect_screen_text "SHA-1 $(fp_groups "$sha1")"
expect_screen_line "v$"
tui_settle
check "no marker over the content: every line ends in a space, ^ or v at column 60" \
	python3 -c '
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    assert len(line) < 60 or line[59] in " v^", line' "$SCREEN"
tui_keys NPage NPage
expect_screen_lacks "CN=Test CA"
expect_screen "[ Renouveler ]"
tui_keys Escape
tui_keys Escape
tui_quit

# At 80 columns in French a table's headers are whole: a column is as wide
# as its title, taken from the widest.
TUI_COLS=80 TUI_ROWS=24
tui_restart
tui_keys Down Down Down Down Down Enter
expect_screen_line "^ N° de série +Sujet +Usage +Fin de validité +Statut$"
tui_keys Escape
tui_quit
finish
