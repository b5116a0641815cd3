#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0003-signal-restore: SIGTERM or SIGINT sent to the console leaves the
# terminal as it found it: echo and canonical input back on, the console's
# screen gone, and the process ends by that signal.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# run_and_signal SIG STATUS: ncpki in a fresh pane; once its page is drawn,
# SIG; the shell in the pane then records the exit status and `stty -a`.
TUI_STTY=$T/stty.txt
run_and_signal() {
	tmx kill-server >/dev/null 2>&1
	tui_launch
	expect_screen "ncpki - Public Key Infrastructure"
	tui_signal "$1" "to the console" || return
	expect_screen "ncpki exited $2"
	expect_screen_lacks "Certificate Authority Server"
	expect_tty_restored "after SIG$1"
}

command -v pgrep >/dev/null 2>&1 || skip_all "pgrep is not installed"
run_and_signal TERM 143
run_and_signal INT 130
finish
