#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0001-main-page: `ncpki` without a command opens the Public Key
# Infrastructure page: the header, both sections and the five entries of
# the guide, the key bar; F1 shows help, a client entry opens its form,
# Esc goes back, a resize redraws cleanly,
# F10 quits and restores the terminal; requests imported before the CA
# server is configured are counted in the header.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start
expect_screen "CA server: not configured"
expect_screen "CA client: not configured"
expect_screen "0 pending"
expect_screen "Certificate Authority Server"
expect_screen "Configure local Certificate Authority server"
expect_screen "Process pending Certificate Signing Requests"
expect_screen "Certificate Authority Client"
expect_screen "Submit Certificate Signing Request to Certificate Authority server"
expect_screen "Get Certificate(s) from Certificate Authority server"
expect_screen "Configure local Certificate Authority client"
expect_screen_line "^ F1 Help .*F10 Quit"
expect_screen_line "^    > Configure local Certificate Authority server"

# F1: the help for this page, closed by Enter.
tui_keys F1
expect_screen "every task starts here"
tui_keys Enter
tui_wait_gone "every task starts here"
expect_screen_lacks "every task starts here"

# A client entry: the fourth one down; a form left untouched goes back at once.
tui_keys Down Down Down Down Enter
expect_screen_line "^  Server hostname \* +\[ +\]"
expect_screen_line "Esc Back"
expect_screen_lacks "F10 Quit"
tui_keys Escape
expect_screen "F10 Quit"
expect_screen_line "^    > Configure local Certificate Authority client"

# Resize: wider and taller, then back; the frame follows, nothing stale.
tmx resize-window -x 110 -y 30
expect_screen_line "^ ncpki - Public Key Infrastructure +CA server: not configured  CA client: not configured  0 pending$"
tui_capture
checks=$((checks + 1))
if [ "$(wc -l <"$SCREEN")" -eq 30 ] && tail -n 1 "$SCREEN" | grep -q "^ F1 Help"; then
	pass "key bar on the last of 30 lines"
else
	fail "key bar not on the last line after resize"
	show_screen
fi
tmx resize-window -x 80 -y 24
expect_screen_line "^ CA server: not configured  CA client: not configured$"
tui_capture
checks=$((checks + 1))
if [ "$(wc -l <"$SCREEN")" -eq 24 ] && tail -n 1 "$SCREEN" | grep -q "^ F1 Help" &&
	head -n 1 "$SCREEN" | grep -q "^ ncpki - Public Key Infrastructure  *0 pending$"; then
	pass "80x24 again: two-line header, key bar last"
else
	fail "80x24 redraw"
	show_screen
fi
awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$SCREEN"
check "no line wider than 80 columns" test $? -eq 0

# q quits too; here F10.
tui_quit

# Requests can come before the CA server is configured: the header counts
# them all the same.
make_csr early || finish
import_csr early --root early || finish
make_csr early2 || finish
import_csr early2 --root early2 || finish
tui_start
expect_screen_line "^ CA server: not configured  CA client: not configured$"
expect_screen_line "^ ncpki - Public Key Infrastructure  *2 pending$"
tui_quit
finish
