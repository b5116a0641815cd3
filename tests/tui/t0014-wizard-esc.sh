#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0014-wizard-esc: Esc on step 2 of the CA server wizard goes back to step
# 1 with the values typed there (as the Back button does; asking first
# when step 2 holds input, t0011), and nothing is written; Esc on step 1
# then leaves the wizard.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start
tui_keys Enter
expect_screen "step 1 of 2"
tui_type "EscCA"
tui_keys Tab
tui_type "$CADIR"
tui_keys Tab Enter
expect_screen "step 2 of 2"
tui_keys Escape
expect_screen "step 1 of 2"
expect_screen "[EscCA"
expect_screen "$CADIR"
expect_screen_lacks "step 2 of 2"
expect_no_file "$CADIR/EscCA.key"
check "nothing configured" sh -c "'$NCPKI' server show >/dev/null 2>&1; test \$? -ne 0"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
