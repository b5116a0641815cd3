#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0023-ascii-locale: under LANG=C, where the terminal shows ASCII only, a
# UTF-8 subject shows escaped (\u00FC for u-umlaut), never as an empty cell
# or a blank field: in the queue's Subject column and on the process screen.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/zurich.pkey" -utf8 -subj "/C=CH/O=Société Générale/CN=Zürich Büro" \
	-out "$T/zurich.csr" 2>/dev/null || fail "openssl req (UTF-8)"
import_csr zurich || finish
zurich_id=$csr_id

TUI_LOCALE=C
tui_start
expect_screen "1 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 1"
expect_screen_line "^ +$zurich_id +zurich +Z\\\\u00FCrich B"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"zurich\""
expect_screen_line "Subject +CN=Z\\\\u00FCrich B\\\\u00FCro,O=Soci\\\\u00E9t\\\\u00E9"
tui_keys Escape Escape
expect_screen "F10 Quit"
tui_quit
finish
