# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh: helpers for the console scripts (tests/tui/tNNNN-*.sh). They
# drive `ncpki` as a person does: tmux runs it in a detached 80x24 pane on
# a socket of its own, send-keys types, capture-pane reads the screen.
# Built on tests/cli/lib.sh (its $T, assertions and fixtures); the tmux
# server is killed on exit. Skips (77) when tmux is not installed.

# shellcheck source=../cli/lib.sh
. "${top_srcdir:-.}/tests/cli/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"

TUI_SOCK="ncpki-$test_name-$$"
TUI_TIMEOUT=${TUI_TIMEOUT:-20}
SCREEN=$T/.screen
# The console runs in UTF-8 whatever the suite's locale.
TUI_LOCALE=C.UTF-8

at_exit "tmux -L '$TUI_SOCK' kill-server >/dev/null 2>&1"

tmx() { tmux -u -L "$TUI_SOCK" "$@"; }

# tui_launch [VAR=VALUE...]: ncpki in a fresh pane of TUI_COLS x TUI_ROWS
# (80x24 unless set), in TUI_LOCALE; when it ends the pane says "ncpki
# exited N" and, when TUI_STTY names a file, records `stty -a` there.
TUI_STTY=
tui_launch() {
	[ -z "$TUI_STTY" ] || rm -f "$TUI_STTY"
	cat >"$T/.run.sh" <<EOF
env NCPKI_HOME='$NCPKI_HOME' TERM=xterm-256color LANG=$TUI_LOCALE LC_ALL=$TUI_LOCALE $* '$NCPKI'
echo "ncpki exited \$?"
${TUI_STTY:+stty -a >'$TUI_STTY'}
sleep 600
EOF
	tmx -f /dev/null new-session -d -x "${TUI_COLS:-80}" -y "${TUI_ROWS:-24}" "sh '$T/.run.sh'" ||
		{ fail "tmux new-session failed"; finish; }
	tmx set-option -g status off >/dev/null 2>&1 || :
}

# tui_start [VAR=VALUE...]: tui_launch, then waits for the main page.
tui_start() {
	tui_launch "$@"
	tui_wait "ncpki - Public Key Infrastructure"
}

# tui_restart [VAR=VALUE...]: ends the console's tmux server, waits (5 s
# at most) for it to be gone, then tui_start again.
tui_restart() {
	tmx kill-server >/dev/null 2>&1
	wait_until 50 "" not tmx has-session 2>/dev/null
	sleep 0.2
	tui_start "$@"
}

# tui_signal SIG WHERE: SIG sent to the console (the process under the
# pane's shell), "SIG sent WHERE": one check.
tui_signal() {
	_ts_shell=$(tmx list-panes -F '#{pane_pid}')
	_ts_pid=$(pgrep -P "$_ts_shell" | head -n 1)
	verdict "SIG$1 sent $2 (pid $_ts_pid)" \
		"could not find the console's process under pane $_ts_shell" \
		_kill_console "$1"
}
_kill_console() { [ -n "$_ts_pid" ] && kill "-$1" "$_ts_pid"; }

# expect_tty_restored WHAT: once the pane's shell has recorded `stty -a` in
# $TUI_STTY (5 s at most), echo and canonical input are on: one check.
expect_tty_restored() {
	wait_until 50 "" test -s "$TUI_STTY"
	verdict "$1: echo and icanon are on again" \
		"$1: the terminal was left changed: $(tr '\n' ' ' <"$TUI_STTY" 2>/dev/null)" \
		_tty_sane
}
_tty_sane() {
	grep -Eq '(^| )echo( |;|$)' "$TUI_STTY" && grep -Eq '(^| )icanon( |;|$)' "$TUI_STTY"
}

# fp_groups FP: a fingerprint "AB:CD:..." as the console shows it, in
# groups of four bytes: "AB:CD:EF:01 23:45:67:89 ...".
fp_groups() {
	printf '%s\n' "$1" | sed -E 's/(([0-9A-F]{2}:){3}[0-9A-F]{2}):/\1 /g'
}

# tui_keys KEY...: tmux key names (Enter, Tab, BTab, Escape, F1, Space...).
tui_keys() { tmx send-keys "$@"; }
# tui_type TEXT: literal text.
tui_type() { tmx send-keys -l -- "$1"; }

tui_capture() { tmx capture-pane -p >"$SCREEN" 2>/dev/null; }

show_screen() {
	say "--- screen:"
	sed 's/^/| /' "$SCREEN"
	say "---"
}

# screen_has COMMAND...: COMMAND is true of a fresh capture of the screen.
screen_has() {
	tui_capture
	"$@"
}

# tui_poll COMMAND...: COMMAND, until true, every 0.1 s for at most
# $TUI_TIMEOUT seconds.
tui_poll() { wait_until $((TUI_TIMEOUT * 10)) "" "$@"; }

# tui_wait TEXT: true once the screen shows TEXT (fixed string).
tui_wait() { tui_poll screen_has found "$SCREEN" -F -e "$1"; }

# tui_wait_gone TEXT: true once the screen no longer shows TEXT.
tui_wait_gone() { tui_poll screen_has not found "$SCREEN" -F -e "$1"; }

# expect_screen TEXT: the screen shows TEXT (waiting for it).
expect_screen() {
	verdict "screen shows: $1" "screen does not show: $1" tui_wait "$1" || show_screen
}

# tui_settle: captures the screen until two captures 0.1 s apart agree
# ($TUI_TIMEOUT seconds at most): a capture taken while tmux is still
# painting a page shows rows of two frames.
tui_settle() {
	_settle=$((TUI_TIMEOUT * 10))
	tui_capture
	while [ "$_settle" -gt 0 ]; do
		cp "$SCREEN" "$SCREEN.before"
		sleep 0.1
		tui_capture
		cmp -s "$SCREEN" "$SCREEN.before" && return 0
		_settle=$((_settle - 1))
	done
}

# expect_screen_lacks TEXT: the screen, once settled, does not show TEXT.
expect_screen_lacks() {
	tui_settle
	verdict "screen lacks: $1" "screen should not show: $1" \
		not found "$SCREEN" -F -e "$1" || show_screen
}

# expect_rows WHAT WANT COMMAND...: what COMMAND prints from $SCREEN,
# its lines joined by spaces, becomes WANT (waiting for it, as the screen
# may show rows of two frames); one check.
expect_rows() {
	_er_what=$1
	_er_want=$2
	shift 2
	verdict "$_er_what: $_er_want" "$_er_what: not $_er_want (got: $(_rows "$@"))" \
		tui_poll screen_has _rows_are "$@" || show_screen
}
_rows() { "$@" <"$SCREEN" | tr '\n' ' ' | sed 's/ $//'; }
_rows_are() { [ "$(_rows "$@")" = "$_er_want" ]; }

# serials [N]: the serials in the first column of a certificate table, the
# first N rows (every row when N is not given), read from standard input.
serials() { sed -n 's/^ \([0-9][0-9]*\) .*/\1/p' | head -n "${1:-100000}"; }

# screen_text: the screen as one line, a dialog's frame taken off and
# wrapped lines joined, without spaces (for text that wraps).
screen_text() {
	sed 's/^ *x //; s/ *x *$//' "$SCREEN" | tr -d ' \n'
}

# expect_screen_text TEXT: TEXT shows, possibly wrapped over lines.
expect_screen_text() {
	_want=$(printf '%s' "$1" | tr -d ' ')
	verdict "screen shows (wrapped): $1" "screen does not show (wrapped): $1" \
		tui_poll screen_has _screen_text_has "$_want" || show_screen
}
_screen_text_has() { screen_text | grep -F -e "$1" >/dev/null 2>&1; }

# expect_screen_line REGEX: some screen line matches the extended regexp.
expect_screen_line() {
	verdict "screen line matches /$1/" "no screen line matches /$1/" \
		tui_poll screen_has found "$SCREEN" -E -e "$1" || show_screen
}

# expect_beside FIELD-ERE MESSAGE: MESSAGE shows on the line of the field
# whose line matches FIELD-ERE, or on the line under it (waiting for it, as
# the other expectations do: the keys before it may still be on their way).
expect_beside() {
	verdict "beside /$1/: $2" "not beside /$1/: $2" \
		tui_poll screen_has _beside "$1" "$2" || show_screen
}
_beside() { grep -E -A1 -e "$1" "$SCREEN" | grep -F -q -e "$2"; }

# expect_cursor_after TEXT: the terminal's cursor is visible and sits just
# after TEXT (ASCII) on its line: where the next typed character goes.
expect_cursor_after() {
	tui_capture
	_pos=$(tmx display -p '#{cursor_flag} #{cursor_x} #{cursor_y}')
	_flag=${_pos%% *}
	_xy=${_pos#* }
	_x=${_xy% *}
	_y=${_xy#* }
	_before=$(sed -n "$((_y + 1))p" "$SCREEN" | cut -c1-"$_x")
	checks=$((checks + 1))
	case "$_flag:$_before" in
	1:*"$1") pass "cursor just after \"$1\"" ;;
	*) fail "cursor (visible $_flag) at column $_x of line $((_y + 1)): \"$_before\", not after \"$1\""
	   show_screen ;;
	esac
}

# tui_quit: F10 on the main page; the pane then says "ncpki exited 0".
tui_quit() {
	tui_keys F10
	expect_screen "ncpki exited 0"
}

# tui_reinit: Reinitialize (it has the focus) confirmed with OK and the CA
# key's password ($PASSWORD): the console says so and opens the wizard's
# step 1, the CA server not configured.
tui_reinit() {
	tui_keys Enter
	expect_screen "Reinitialize the Certificate Authority server?"
	tui_keys Left Enter
	expect_screen "Password for Certificate Authority's Private Key file"
	tui_type "$PASSWORD"
	tui_keys F2
	expect_screen "Certificate Authority server reinitialized."
	expect_screen "step 1 of 2"
	expect_screen "CA server: not configured"
}

# tui_wizard_step1 ROOT DIR: main page -> configure, step 1 filled, Next.
tui_wizard_step1() {
	tui_keys Enter
	expect_screen "step 1 of 2"
	tui_type "$1"
	tui_keys Tab
	tui_type "$2"
	tui_keys Tab Enter
	expect_screen "step 2 of 2"
}
