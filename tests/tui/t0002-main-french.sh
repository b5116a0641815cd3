#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0002-main-french: `LANG=fr_FR.UTF-8 ncpki` shows the main page in
# French, as the README's command runs it: the build tree's own ncpki,
# with the catalogue `make` puts in the build tree (BUILDDIR/locale), and
# nothing else set (no installed catalogue, no variable naming one). So
# does ncpkid's usage error. Skips (77) when the fr_FR.UTF-8 locale is not
# installed (tools/install-deps generates it).
SRC=$(cd "${top_srcdir:-.}" && pwd)
BLD=$(cd "${top_builddir:-.}" && pwd)
. "$SRC/tests/tui/lib.sh"

fr=$(locale -a 2>/dev/null | grep -i '^fr_FR\.utf-\?8$' | head -n 1)
[ -n "$fr" ] || skip_all "the fr_FR.UTF-8 locale is not installed"
expect_file "$BLD/locale/fr/LC_MESSAGES/ncpki.mo"
check "ncpkid's usage error is in French" sh -c \
	"LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 '$NCPKID' --bogus 2>&1 | grep -q 'option inconnue'"

TUI_LOCALE=fr_FR.UTF-8
tui_launch
expect_screen "ncpki - Infrastructure à clés publiques"
expect_screen "Serveur d'AC : non configuré"
expect_screen "Client d'AC : non configuré"
expect_screen "0 en attente"
expect_screen "F1 Aide"
expect_screen_lacks "ncpki - Public Key Infrastructure"
expect_screen_lacks "CA server:"
check "the database was created" test -f "$NCPKI_HOME/ncpki.db"
tui_keys F10
expect_screen "ncpki exited 0"
finish
