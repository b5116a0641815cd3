#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0003-signal-restore: SIGTERM or SIGINT sent to the console leaves the
# terminal as it found it: echo and canonical input back on, the console's
# screen gone, and the process ends by that signal.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# run_and_signal SIG STATUS: ncpki in a fresh pane; once its page is drawn,
# SIG; the shell in the pane then records the exit status and `stty -a`.
run_and_signal() {
	tmx kill-server >/dev/null 2>&1
	rm -f "$T/stty.txt"
	cat >"$T/.run.sh" <<EOF
env NCPKI_HOME='$NCPKI_HOME' TERM=xterm-256color LANG=$TUI_LOCALE LC_ALL=$TUI_LOCALE '$NCPKI'
echo "ncpki exited \$?"
stty -a >'$T/stty.txt'
sleep 600
EOF
	tmx -f /dev/null new-session -d -x 80 -y 24 "sh '$T/.run.sh'" ||
		{ fail "tmux new-session failed"; finish; }
	tmx set-option -g status off >/dev/null 2>&1 || :
	expect_screen "ncpki - Public Key Infrastructure"
	shell=$(tmx list-panes -F '#{pane_pid}')
	pid=$(pgrep -P "$shell" | head -n 1)
	checks=$((checks + 1))
	if [ -n "$pid" ] && kill "-$1" "$pid"; then
		pass "SIG$1 sent to the console (pid $pid)"
	else
		fail "could not find the console's process under pane $shell"
		return
	fi
	expect_screen "ncpki exited $2"
	expect_screen_lacks "Certificate Authority Server"
	i=0
	while [ ! -s "$T/stty.txt" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	checks=$((checks + 1))
	if grep -Eq '(^| )echo( |;|$)' "$T/stty.txt" && grep -Eq '(^| )icanon( |;|$)' "$T/stty.txt"; then
		pass "after SIG$1: echo and icanon are on again"
	else
		fail "after SIG$1 the terminal was left changed: $(tr '\n' ' ' <"$T/stty.txt")"
	fi
}

command -v pgrep >/dev/null 2>&1 || skip_all "pgrep is not installed"
run_and_signal TERM 143
run_and_signal INT 130
finish
