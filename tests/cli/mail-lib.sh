# SPDX-License-Identifier: GPL-3.0-or-later
# mail-lib.sh: what the mail scripts (t0070..t0079) add to lib.sh: a real
# SMTP server (tests/smtp-sink.py on aiosmtpd, run with /usr/bin/python3
# because Debian's python3-aiosmtpd is installed for the system Python)
# that each script starts and stops itself, and helpers to read what it got.
# Source it after lib.sh.

SINK_PYTHON=${SINK_PYTHON:-/usr/bin/python3}
SINK_SCRIPT=$TESTDIR/../smtp-sink.py   # TESTDIR: the script's absolute directory
MAILDIR=$T/mail
SINK_PID=
SINK_PORT=

if [ ! -x "$SINK_PYTHON" ] || ! "$SINK_PYTHON" -c 'import aiosmtpd' 2>/dev/null; then
	skip_all "python3-aiosmtpd is not installed for $SINK_PYTHON"
fi
[ -f "$SINK_SCRIPT" ] || skip_all "smtp-sink.py not found at $SINK_SCRIPT"

# The sink never outlives the script.
at_exit stop_sink

# start_sink [--port P] [smtp-sink.py options...]: sets SINK_PID, SINK_PORT.
start_sink() {
	mkdir -p "$MAILDIR"
	rm -f "$T/sink.port"
	"$SINK_PYTHON" "$SINK_SCRIPT" --dir "$MAILDIR" --port-file "$T/sink.port" \
		--lifetime 120 "$@" 2>"$T/sink.err" &
	SINK_PID=$!
	if ! wait_until 100 "$SINK_PID" test -s "$T/sink.port"; then
		fail "the SMTP sink did not start: $(cat "$T/sink.err")"
		SINK_PID=
		return 1
	fi
	SINK_PORT=$(cat "$T/sink.port")
}

stop_sink() { stop_pid SINK_PID; }

# mail_count: how many messages the sink stored.
mail_count() {
	find "$MAILDIR" -name '*.eml' 2>/dev/null | wc -l | tr -d ' '
}

# mail_for ADDR: the newest message whose envelope recipient is ADDR
# (CRs removed), in $T/last.eml; false when there is none.
mail_for() {
	_found=
	for _f in "$MAILDIR"/*.eml; do
		[ -f "$_f" ] || continue
		if tr -d '\r' <"$_f" | sed '/^$/q' | grep -F -x -e "X-Envelope-To: $1" >/dev/null; then
			_found=$_f
		fi
	done
	[ -n "$_found" ] || return 1
	tr -d '\r' <"$_found" >"$T/last.eml"
}

# expect_mail_for ADDR WHAT: a message reached ADDR.
expect_mail_for() {
	mail_for "$1"
	_mf=$?
	verdict "$2: a message to $1" "$2: no message to $1 (sink holds $(mail_count))" [ "$_mf" -eq 0 ]
}

# expect_mail_contains STRING: the message in $T/last.eml contains STRING.
expect_mail_contains() {
	verdict "message contains: $1" "message does not contain: $1" \
		found "$T/last.eml" -F -e "$1" || sed -n '1,60p' "$T/last.eml"
}

# expect_mail_header REGEX: a header line of $T/last.eml matches REGEX (ERE).
expect_mail_header() {
	sed '/^$/q' "$T/last.eml" >"$T/.headers.eml"
	verdict "header matches /$1/" "no header matches /$1/" found "$T/.headers.eml" -E -e "$1" ||
		cat "$T/.headers.eml"
}

# mail_field ID FIELD: FIELD of notice ID from `ncpki mail list --json`.
mail_field() {
	"$NCPKI" mail list --json 2>/dev/null | "$SINK_PYTHON" -c '
import json, sys
for m in json.load(sys.stdin):
    if m["id"] == int(sys.argv[1]):
        v = m[sys.argv[2]]
        print("" if v is None else v)
' "$1" "$2"
}

# mail_states: "ID:STATE" for every notice, oldest first, on one line.
mail_states() {
	"$NCPKI" mail list --json 2>/dev/null | "$SINK_PYTHON" -c '
import json, sys
print(" ".join("%d:%s" % (m["id"], m["state"]) for m in reversed(json.load(sys.stdin))))
'
}
