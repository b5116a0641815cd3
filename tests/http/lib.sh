# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh: shared helpers for the numbered ncpkid scripts (tests/http/tNNNN-*.sh).
#
# Builds on tests/cli/lib.sh (the temporary directory $T, the assertions,
# the CA fixture) and adds: making ncpkid's own certificate, starting the
# service on 127.0.0.1 with a port the kernel chooses (read back from the
# "listening on" line), stopping it when the script ends, and calling the
# API with curl pinned to the test CA (never -k). JSON is read with python3.
#
# Environment (set by tests/Makefile.inc): NCPKID, plus those of tests/cli/lib.sh.

# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"

NCPKID=${NCPKID:-}
if [ -z "$NCPKID" ] || [ ! -x "$NCPKID" ]; then
	say "FAIL: ncpkid binary not found (NCPKID='$NCPKID')"
	exit 1
fi
command -v curl >/dev/null 2>&1 || skip_all "curl is not installed"
have_python3 || skip_all "python3 is not installed"

NCPKID_PID=
NCPKID_ERR=$T/ncpkid.err
PORT=
BASE=
CACERT=$CADIR/$CAROOT.cer
BODY=$T/.body
HDRS=$T/.headers
status=

stop_ncpkid() { stop_pid NCPKID_PID; }
at_exit stop_ncpkid

# setup_service [CONFIGURE ARGS...]: a CA (configure_ca ARGS) and ncpkid's
# certificate for localhost and 127.0.0.1.
setup_service() {
	configure_ca "$@" || return 1
	"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 \
		--password-file "$PWFILE" >"$T/.setup.out" 2>&1 || {
		fail "ncpki service setup failed"
		cat "$T/.setup.out"
		return 1
	}
}

# setup_mail_service [CONFIGURE ARGS...]: the SMTP sink started (the script
# sources tests/cli/mail-lib.sh) and a service whose CA sends its mail there
# (setup_service ARGS); ends the script when either fails.
setup_mail_service() {
	start_sink || finish
	setup_service --smtp-server "127.0.0.1:$SINK_PORT" --smtp-insecure-host 127.0.0.1 "$@" ||
		finish
}

# The intake limits lifted (issue 14), for the tests that submit many
# requests from 127.0.0.1 on purpose: each is an ncpkid option with an
# explicit number, as an operator could choose.
NO_INTAKE_LIMITS="--rate-limit 0 --max-pending-per-address 0 --max-pending-per-contact 0"

# _listening_port: PORT from ncpkid's first "listening on" line, if any yet.
_listening_port() {
	PORT=$(sed -n 's|^ncpkid: listening on [a-z]*://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' \
		"$NCPKID_ERR" | head -n 1)
	[ -n "$PORT" ]
}

# start_ncpkid [ARGS...]: starts the service on 127.0.0.1, any free port;
# waits (10 s at most) until it listens and answers; sets PORT and BASE.
start_ncpkid() {
	_scheme=https
	for _a in "$@"; do
		[ "$_a" = --insecure-http ] && _scheme=http
	done
	: >"$NCPKID_ERR"
	"$NCPKID" --listen 127.0.0.1 --port 0 --threads 4 "$@" 2>>"$NCPKID_ERR" &
	NCPKID_PID=$!
	PORT=
	if ! wait_until 100 "$NCPKID_PID" _listening_port; then
		fail "ncpkid did not start"
		cat "$NCPKID_ERR"
		NCPKID_PID=
		return 1
	fi
	BASE=$_scheme://127.0.0.1:$PORT${NCPKID_PATH:-/ncpki/v1}
}

# client_pin WHAT [CONFIGURE ARGS...]: the CA client ($CH) configured for
# the service (localhost, $PORT) and its CA certificate pinned: two checks,
# the second named WHAT.
client_pin() {
	_cp_what=$1
	shift
	client configure --host localhost --port "$PORT" "$@"
	expect_equal "client configure" "$rc" 0
	client get-ca --yes
	expect_equal "$_cp_what" "$rc" 0
}

# client_web_cert: the service running (node ca-node.example.com), the CA
# client pinned, and a certificate for web.example.com (a new P-256 key;
# DNS:web.example.com, IP:192.0.2.7) that the client submitted, the CA
# issued and the client saved: its serial in s1. Ends the script when the
# service does not start or nothing is submitted.
client_web_cert() {
	setup_service || finish
	start_ncpkid --node ca-node.example.com || finish
	client_pin "get-ca: exit" --contact-name "Jane Doe" --contact-email jane@example.com \
		--instance IRIS1
	client submit --root web --cn web.example.com --country US --org "Example Corporation" \
		--san DNS:web.example.com --san IP:192.0.2.7 --key-type p256 \
		--hostname client.example.com --no-password
	submitted || finish
	issue_csr "$req_id" tls
	s1=$serial
	client get "$s1"
	expect_equal "client get $s1: exit" "$rc" 0
}

# api METHOD PATH [CURL ARGS...]: one request; status in $status, body in
# $BODY, response headers in $HDRS.
api() {
	_m=$1
	_p=$2
	shift 2
	status=$(curl -sS --cacert "$CACERT" --max-time 20 -X "$_m" -D "$HDRS" \
		-o "$BODY" -w '%{http_code}' "$@" "$BASE$_p" 2>"$T/.curl.err")
	[ -n "$status" ] || status=000
}

# post_json PATH FILE: POST FILE as application/json.
post_json() {
	api POST "$1" -H 'Content-Type: application/json' --data-binary "@$2"
}

# jget EXPR [FILE]: a value from the JSON body, e.g. jget '["id"]'
# or jget '["certificates"][0]["serial"]'; lists print as their length.
jget() {
	python3 - "$1" "${2:-$BODY}" <<'PY'
import json, sys
try:
    v = eval("d" + sys.argv[1], {"d": json.load(open(sys.argv[2]))})
except Exception as e:
    print("<%s>" % e.__class__.__name__)
    sys.exit(0)
if isinstance(v, list):
    print(len(v))
elif isinstance(v, bool):
    print("true" if v else "false")
else:
    sys.stdout.write(str(v))
PY
}

# csr_json NAME FILE_ROOT OUT [EXTRA-PYTHON-DICT]: a POST csr body for $T/NAME.csr.
csr_json() {
	python3 - "$T/$1.csr" "$2" "$3" "${4:-{\}}" <<'PY'
import json, sys
body = {"csr": open(sys.argv[1]).read(), "file_root": sys.argv[2],
        "hostname": "host.example.com", "instance": "inst1",
        "contact": {"name": "Pat Example", "phone": "+1 555 0100",
                    "email": "pat@example.com"}}
body.update(eval(sys.argv[4]))
json.dump(body, open(sys.argv[3], "w"))
PY
}

# expect_status CODE WHAT: $status is CODE.
expect_status() {
	verdict "HTTP $1: $2" "$2: HTTP $status, expected $1" [ "$status" = "$1" ] || {
		sed -n '1,5p' "$BODY" 2>/dev/null
		sed -n '1,5p' "$T/.curl.err" 2>/dev/null
	}
}

# expect_error CODE ERROR WHAT: an error answer with this status and code.
expect_error() {
	expect_status "$1" "$3"
	expect_equal "$3: error code" "$(jget '["error"]')" "$2"
	verdict "$3: JSON content type" "$3: no JSON content type" \
		grep -qi '^Content-Type: application/json' "$HDRS"
}

# db_count TABLE: rows in the table.
db_count() {
	"${SQLITE3:-sqlite3}" -readonly "$NCPKI_HOME/ncpki.db" "select count(*) from $1"
}

# db_hash: a checksum of the database's rows.
db_hash() {
	"${SQLITE3:-sqlite3}" -readonly "$NCPKI_HOME/ncpki.db" .dump | sha256sum | cut -d' ' -f1
}
