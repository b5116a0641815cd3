#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0141: hundreds of idle connections from one address do not stall the
# service for another. A python3 client opens 512 TCP connections from
# 127.0.0.1 and sends nothing; meanwhile curl, bound to 127.0.0.2, must be
# answered within one second, on the HTTPS listener and then on the plain
# HTTP OCSP/CRL one. ncpkid keeps at most --max-connections-per-address
# (default 32) of the flood's connections, and cuts those once --timeout
# has passed without a request: its descriptor count comes back to what
# it was before the flood.
. "$(dirname "$0")/lib.sh"

FLOOD=512
TIMEOUT=8
PER_ADDR=32   # ncpkid's default
# The flood's sockets are the client's descriptors: its script raises its
# own limit (ulimit -n is not POSIX sh) up to the hard one.
python3 -c 'import resource, sys; h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
sys.exit(0 if h == resource.RLIM_INFINITY or h >= int(sys.argv[1]) else 1)' $((FLOOD + 64)) ||
	skip_all "the hard descriptor limit is below $((FLOOD + 64))"
curl -sS --interface 127.0.0.2 --max-time 2 -o /dev/null "http://127.0.0.2:9/" 2>&1 |
	grep -q -i "bind\|interface" && skip_all "cannot bind to 127.0.0.2"

setup_service || finish
start_ncpkid --timeout "$TIMEOUT" --ocsp-http-port 0 || finish
OPORT=$(sed -n 's|^ncpkid: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.* (OCSP and CRL only)$|\1|p' \
	"$NCPKID_ERR" | head -n 1)
[ -n "$OPORT" ] || { fail "no OCSP listener line"; cat "$NCPKID_ERR"; finish; }

FLOOD_PID=
stop_flood() {
	if [ -n "$FLOOD_PID" ]; then
		: >"$T/flood.stop"
		wait "$FLOOD_PID" 2>/dev/null
		FLOOD_PID=
	fi
}
at_exit stop_flood

# flood PORT: FLOOD idle connections from 127.0.0.1, held until
# $T/flood.stop appears (60 s at most); $T/flood.ready says how many were made.
flood() {
	rm -f "$T/flood.ready" "$T/flood.stop"
	python3 - "$1" "$FLOOD" "$T/flood.ready" "$T/flood.stop" <<'PY' &
import os, resource, socket, sys, time
port, n, ready, stop = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = n + 64 if hard == resource.RLIM_INFINITY else min(hard, n + 64)
if soft != resource.RLIM_INFINITY and soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
socks, failed = [], 0
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    s.bind(("127.0.0.1", 0))
    try:
        s.connect(("127.0.0.1", port))
        socks.append(s)
    except OSError:
        failed += 1
        s.close()
with open(ready + ".tmp", "w") as f:
    f.write("%d %d\n" % (len(socks), failed))
os.rename(ready + ".tmp", ready)
end = time.monotonic() + 60
while time.monotonic() < end and not os.path.exists(stop):
    time.sleep(0.1)
PY
	FLOOD_PID=$!
	_i=0
	while [ ! -f "$T/flood.ready" ] && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -f "$T/flood.ready" ] || { fail "the flood did not start in 30 s"; return 1; }
	flood_start=$(date +%s)
	say "# flood of port $1: $(cut -d' ' -f1 "$T/flood.ready") connections made, $(cut -d' ' -f2 "$T/flood.ready") failed"
	# let ncpkid accept what is in its backlog
	sleep 0.5
}

# ncpkid's sockets (a worker thread that serves its first request also
# opens the database: those descriptors do not count)
fds() { ls -l "/proc/$NCPKID_PID/fd" 2>/dev/null | grep -c 'socket:' | tr -d ' '; }

# served WHAT URL [CURL ARGS]: one request from 127.0.0.2, answered within
# one second.
served() {
	_what=$1
	_url=$2
	shift 2
	_r=$(curl -sS --interface 127.0.0.2 --max-time 10 -o "$BODY" \
		-w '%{http_code} %{time_total}' "$@" "$_url" 2>"$T/.curl.err")
	_code=${_r%% *}
	_time=${_r#* }
	say "# $_what: 127.0.0.2 answered $_code in $_time s with $FLOOD idle connections from 127.0.0.1 open"
	check "$_what: 127.0.0.2 answered (HTTP $_code)" test "$_code" != 000 -a "$_code" -lt 500
	check "$_what: within one second ($_time s)" \
		python3 -c "import sys; sys.exit(0 if float('$_time') < 1.0 else 1)"
}

# back WHAT BASELINE: once --timeout has passed, ncpkid's descriptors
# (sockets) come back to BASELINE (the flood is still open on the client's side).
back() {
	_i=0
	while [ "$(fds)" -gt "$2" ] && [ $_i -lt $(((TIMEOUT + 10) * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	expect_equal "$1: idle connections cut, sockets back $(($(date +%s) - flood_start)) s after the flood" \
		"$(fds)" "$2"
}

# flooded WHAT PORT: the flood on PORT (base: ncpkid's descriptors before
# it); ncpkid holds at most PER_ADDR of its connections.
flooded() {
	sleep 0.5
	base=$(fds)
	flood "$2" || finish
	held=$(($(fds) - base))
	say "# $1: ncpkid holds $held of the flood's connections"
	check "$1: at most $PER_ADDR of them held ($held)" test "$held" -le "$PER_ADDR"
}

# -- HTTPS
api GET /ca
expect_status 200 "served before the flood"
flooded HTTPS "$PORT"
served HTTPS "$BASE/ca" --cacert "$CACERT"
expect_equal "HTTPS: the CA certificate" "$(jget '["file_root"]')" "$CAROOT"
back HTTPS "$base"
stop_flood

# -- the plain HTTP OCSP/CRL listener
flooded "OCSP listener" "$OPORT"
served "OCSP listener" "http://127.0.0.1:$OPORT/ncpki/v1/crl"
back "OCSP listener" "$base"
stop_flood

check "ncpkid still runs" kill -0 "$NCPKID_PID"
finish
