#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0049-global-keys: keys that work on every page: ? opens the page's help
# as F1 does; j and k move in lists as Down and Up do; Ctrl-L draws the
# terminal again; q and F10 leave the console from any page, asking first
# when a form holds unsaved input (and staying when the operator says so).
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
for n in one two three; do
	make_csr "$n" || finish
	import_csr "$n" --root "$n" || finish
done

tui_start
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 3"
# ? is the page's help
tui_keys ?
expect_screen "neither processed nor deleted"
tui_keys Enter
tui_wait_gone "neither processed nor deleted"
# j down twice, k up once: the second request opens
tui_keys j j k Enter
expect_screen "Process Certificate Signing Request \"two\""
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 3"
# Ctrl-L: the page drawn again, whatever else wrote on the terminal
tty=$(tmx display -p '#{pane_tty}')
printf '\033[5;1Hgarbage that is not ncpki\047s' >"$tty"
expect_screen "garbage that is not"
tui_keys C-l
expect_screen "Pending Certificate Signing Requests: 3"
tui_wait_gone "garbage that is not"
expect_screen_lacks "garbage that is not"
# q leaves from a list page
tui_keys q
expect_screen "ncpki exited 0"
tmx kill-server >/dev/null 2>&1 || :

# F10 from a form with input asks first; No stays, Yes leaves.
tui_start
tui_keys Down Down Down Down Enter
expect_screen "Configure local Certificate Authority client"
tui_type "changed"
tui_keys F10
expect_screen "This form has input that is not saved"
tui_keys Enter
tui_wait_gone "This form has input that is not saved"
expect_screen "changed"
tui_keys F10
expect_screen "This form has input that is not saved"
tui_keys Left Enter
expect_screen "ncpki exited 0"
finish
