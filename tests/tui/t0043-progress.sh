#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0043-progress: long work shows progress and never freezes the screen.
# The client points at a loopback TCP server (started here) that accepts
# and never answers. "Get Certificate Authority Certificate" then shows a
# spinner with the seconds elapsed, which grow between two captures; the
# console redraws on a resize meanwhile; Esc cancels the call with a
# message and nothing is pinned; the console goes on working. A second
# call ended by SIGTERM leaves the terminal restored. Last, a new CA with
# an RSA 4096 key through the wizard: the spinner shows while the key is
# made, Esc says to wait, and the CA is configured.
. "${top_srcdir:-.}/tests/tui/lib.sh"

have_python3 || skip_all "python3 is not installed"
command -v pgrep >/dev/null 2>&1 || skip_all "pgrep is not installed"
SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

# The silent server: accepts every connection, never sends a byte.
s_pid=
stop_silent() { stop_pid s_pid; }
at_exit stop_silent
python3 - "$T/port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
end = time.time() + 300
while time.time() < end:
    c, _ = s.accept()
    held.append(c)
PY
s_pid=$!
wait_until 100 "$s_pid" test -s "$T/port"
port=$(cat "$T/port" 2>/dev/null)
[ -n "$port" ] || { fail "the silent server did not start"; finish; }

run client configure --host 127.0.0.1 --port "$port" --contact-name "Jane Doe" --instance IRIS1
expect_exit 0 client configure --host 127.0.0.1 --port "$port" --contact-name "Jane Doe" --instance IRIS1

# spinner_seconds: the seconds the spinner shows now (empty: none).
spinner_seconds() {
	tui_capture
	sed -n 's/.*Contacting the Certificate Authority server\.\.\.  \([0-9][0-9]*\) s  Esc cancels.*/\1/p' "$SCREEN" | head -n 1
}

tui_start
expect_screen "CA client: on"
tui_keys Down Down Down Enter
expect_screen "[ Get Certificate Authority Certificate ]"
tui_keys Enter
expect_screen_line "^ [-|/\\] Contacting the Certificate Authority server\.\.\.  [0-9]+ s  Esc cancels"
first=$(spinner_seconds)
sleep 2.2
second=$(spinner_seconds)
checks=$((checks + 1))
if [ -n "$first" ] && [ -n "$second" ] && [ "$second" -gt "$first" ]; then
	pass "the elapsed time grows: $first s, then $second s"
else
	fail "the elapsed time did not grow: '$first' then '$second'"
	show_screen
fi

# A resize while the call runs: the frame follows at once.
tmx resize-window -x 100 -y 30 >/dev/null 2>&1
expect_screen_line "^ ncpki - Public Key Infrastructure {2,}CA server: not configured  CA client: on"
expect_screen_line "Contacting the Certificate Authority server\.\.\.  [0-9]+ s"
tmx resize-window -x 80 -y 24 >/dev/null 2>&1
expect_screen_line "Contacting the Certificate Authority server\.\.\.  [0-9]+ s"

# Esc cancels; a message says so, nothing was pinned.
tui_keys Escape
expect_screen_text "was cancelled"
expect_screen_text "Error: The request to the Certificate Authority at https://127.0.0.1:$port/ncpki/v1/ca was cancelled"
expect_screen "[ Get Certificate Authority Certificate ]"
expect_screen_lacks "ncpki exited"
expect_equal "nothing pinned" \
	"$("$SQL" -readonly "$NCPKI_HOME/ncpki.db" "SELECT coalesce(ca_sha256,'') FROM client_config")" ""
# Still responsive: F1 shows the help, Esc goes back to the main page.
tui_keys F1
expect_screen_text "Certificate Authority"
tui_keys Enter
tui_keys Escape
expect_screen "F10 Quit"

# SIGTERM during a call: the terminal is restored, the process ends by it.
tui_quit
tmx kill-server >/dev/null 2>&1
sleep 0.3
TUI_STTY=$T/stty.txt
tui_launch
expect_screen "F10 Quit"
tui_keys Down Down Down Enter
expect_screen "[ Get Certificate Authority Certificate ]"
tui_keys Enter
expect_screen "Esc cancels"
tui_signal TERM "during the call"
expect_screen "ncpki exited 143"
expect_screen_lacks "Esc cancels"
expect_tty_restored "after SIGTERM during the call"
TUI_STTY=
stop_silent

# RSA 4096 through the wizard: the spinner shows while the key is made.
tmx kill-server >/dev/null 2>&1
sleep 0.3
NCPKI_HOME=$T/home2 tui_start
tui_wizard_step1 BigCA "$T/bigca"
tui_type "$PASSWORD"
tui_keys Tab
tui_type "$PASSWORD"
tui_keys Tab Tab Tab Tab Tab Tab
tui_type "Big Test CA"
# key type: RSA 2048, RSA 3072, RSA 4096
tui_keys Tab Down Space
expect_screen "(*) RSA 4096"
# 2 validities, 5 email fields, Back, then Save
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
expect_screen_line "\[ Back \]   \[ Save \]   \[ Cancel \]"
tui_keys Enter
# The key may take less than a capture's time: check the spinner and Esc
# only when the work is still going on.
tui_capture
if grep -Eq "^ [-|/\\] Creating the private key and the certificate\.\.\.  [0-9]+ s" "$SCREEN"; then
	pass "the spinner shows while the RSA 4096 key is made"
	checks=$((checks + 1))
	tui_keys Escape
	tui_capture
	if grep -q "Store the private key" "$SCREEN"; then
		say "# the key was ready before Esc arrived"
	else
		expect_screen_text "please wait: this cannot be interrupted"
	fi
else
	say "# the RSA 4096 key was made before the first capture"
fi
expect_screen "Certificate Authority server successfully configured."
"$OPENSSL" x509 -in "$T/bigca/BigCA.cer" -noout -text >"$T/big.txt" 2>&1
check "an RSA 4096 CA key" grep -q "Public-Key: (4096 bit)" "$T/big.txt"
tui_keys Enter
tui_wait_gone "Store the private key"
expect_screen "CA server: BigCA"
expect_screen_lacks "ncpki exited"
finish
