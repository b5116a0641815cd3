#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0220: ncpkid under load on loopback. wrk, 64 connections for DURATION
# (default 30 s), GETs certs/N and ca; then for 5 s POST csr from a pool of
# distinct requests (201, then 409 once each was taken). Every answer is one of
# those expected and no socket fails; VmRSS sampled every second stops
# growing in the second half; the descriptor count comes back to its idle
# value. Meanwhile a client sending one byte a second is cut off by the
# --timeout while curl's requests keep being answered quickly.
BENCHDIR=$(cd "$(dirname "$0")/../../bench" && pwd)   # its wrk-status.lua
. "$(dirname "$0")/../http/lib.sh"
# make distcheck repeats the suite on the same tree: tools/check-all sets
# NCPKI_SKIP_SLOW there, since these ran in its make check already.
[ -z "${NCPKI_SKIP_SLOW:-}" ] || skip_all "NCPKI_SKIP_SLOW is set (they ran in make check)"

command -v wrk >/dev/null 2>&1 || skip_all "wrk is not installed"
[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
TIMEOUT=10
POOL=200
# Under AddressSanitizer, freed memory waits in a quarantine that would
# look like growth: keep it small (no effect on a plain build).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
export ASAN_OPTIONS

setup_service || finish
# Twenty certificates to fetch, and the pool of requests to post.
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/req.key" 2>/dev/null
python3 - "$T" "$POOL" "$OPENSSL" <<'PY' || fail "could not make the requests"
import json, subprocess, sys
t, n, openssl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = open(t + "/bodies.lua", "w")
out.write("bodies = {\n")
for i in range(n + 20):
    pem = subprocess.run([openssl, "req", "-new", "-key", t + "/req.key", "-subj",
                          "/CN=load%d.example.com" % i], check=True,
                         capture_output=True, text=True).stdout
    if i < 20:
        open("%s/g%d.csr" % (t, i), "w").write(pem)
    else:
        body = json.dumps({"csr": pem, "file_root": "load%d" % i, "contact": {"name": "Load"}})
        out.write("[==[%s]==],\n" % body)
out.write("}\n")
PY
i=0
while [ $i -lt 20 ]; do import_csr "g$i" || finish; i=$((i + 1)); done
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes
nserials=$(db_count cert)

# wrk, the slow client and curl, all from 127.0.0.1: more than the default
# per-address limit (32), which is for one host, not for a load test
start_ncpkid $NO_INTAKE_LIMITS --threads 4 --timeout "$TIMEOUT" \
	--max-connections-per-address 256 || finish

# Counting wrk's answers by status, over all its threads (bench's wrk
# script part), then the requests and socket errors.
{
	cat "$BENCHDIR/wrk-status.lua"
	cat <<'LUA'
function init(args)
	counts = {}
	index = tid
end
function done_more(summary)
	io.write(string.format("requests: %d\nerrors: %d %d %d %d %d\n", summary.requests,
		summary.errors.connect, summary.errors.read, summary.errors.write,
		summary.errors.status, summary.errors.timeout))
end
LUA
} >"$T/common.lua"
{
	cat "$T/common.lua"
	printf 'nserials = %d\n' "$nserials"
	cat <<'LUA'
function request()
	index = index + 1
	if index % 4 == 0 then return wrk.format("GET", wrk.path .. "/ca") end
	return wrk.format("GET", wrk.path .. "/certs/" .. ((index % nserials) + 1))
end
LUA
} >"$T/get.lua"
{
	cat "$T/bodies.lua" "$T/common.lua"
	cat <<'LUA'
local headers = {["Content-Type"] = "application/json"}
function request()
	index = index + 7
	return wrk.format("POST", wrk.path .. "/csr", headers, bodies[(index % #bodies) + 1])
end
LUA
} >"$T/post.lua"

# Descriptors other than the database's: sockets, pipes, event fds. Each
# thread opens the database on its first request (ncpkid's per-thread
# store), so those are counted apart and bounded by the thread count.
fdcount() {
	for f in /proc/"$NCPKID_PID"/fd/*; do readlink "$f"; done 2>/dev/null |
		grep -c -v '/ncpki\.db' | tr -d ' '
}
dbcount() {
	for f in /proc/"$NCPKID_PID"/fd/*; do readlink "$f"; done 2>/dev/null |
		grep -c '/ncpki\.db$' | tr -d ' '
}
rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$NCPKID_PID/status"; }

# Warm up (every worker thread opens its database connection, and one
# POST wakes the mailer thread, which opens its own), then idle.
make_csr warm
python3 - "$T/warm.csr" "$T/warm.json" <<'PY'
import json, sys
json.dump({"csr": open(sys.argv[1]).read(), "file_root": "warm", "contact": {"name": "W"}},
          open(sys.argv[2], "w"))
PY
post_json /csr "$T/warm.json"
expect_status 201 "warm-up POST"
wrk -t 2 -c "$CONNECTIONS" -d 3s --timeout 10s -s "$T/get.lua" "$BASE" >"$T/warm.out" 2>&1
csr0=$(db_count csr)
wrk -t 2 -c "$CONNECTIONS" -d 2s --timeout 10s -s "$T/post.lua" "$BASE" >"$T/warm2.out" 2>&1
sleep 2
# ncpkid is not dumpable (issue 14): /proc/PID/fd is root's, readable here
# only as root; otherwise the descriptor counts below read 0.
[ -r "/proc/$NCPKID_PID/fd" ] ||
	say "note: /proc/$NCPKID_PID/fd is not readable (ncpkid is not dumpable): descriptor counts need root"
fd_idle=$(fdcount)

# The main run, sampled every second.
(
	while kill -0 "$NCPKID_PID" 2>/dev/null && [ ! -f "$T/stop-sampling" ]; do
		rss >>"$T/rss"
		sleep 1
	done
) &
sampler=$!
wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s -s "$T/get.lua" "$BASE" >"$T/get.out" 2>&1 &
wrkpid=$!
sleep 3
# The slow client, while the load runs; and quick answers beside it.
python3 - "$PORT" "$CACERT" "$((TIMEOUT + 10))" >"$T/slow.out" 2>&1 <<'PY' &
import socket, ssl, sys, time
port, ca, limit = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1")
t0 = time.time()
data = b"GET /ncpki/v1/ca HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
try:
    for i in range(len(data)):
        s.send(data[i:i + 1])
        time.sleep(1)
        if time.time() - t0 > limit:
            print("still open after %.0f s" % (time.time() - t0))
            sys.exit(0)
    print("sent everything")
except (OSError, ssl.SSLError) as e:
    print("cut off after %.0f s (%s)" % (time.time() - t0, e.__class__.__name__))
PY
slowpid=$!
slowest=0
i=0
while [ $i -lt 8 ]; do
	ms=$(curl -sS --cacert "$CACERT" --max-time 10 -o /dev/null -w '%{http_code} %{time_total}' "$BASE/ca" 2>&1 |
		awk '$1 == 200 { printf "%d", $2 * 1000; exit } { print "fail" }')
	[ "$ms" = fail ] && { slowest=fail; break; }
	[ "$ms" -gt "$slowest" ] && slowest=$ms
	sleep 1
	i=$((i + 1))
done
wait "$slowpid"
wait "$wrkpid"
: >"$T/stop-sampling"
wait "$sampler"
cat "$T/get.out"

# Then the posts (after the warm-up's): each pooled request once (201),
# the rest duplicates (409).
wrk -t 2 -c "$CONNECTIONS" -d 5s --timeout 10s -s "$T/post.lua" "$BASE" >"$T/post.out" 2>&1
cat "$T/post.out"
# Connections wrk dropped are closed by ncpkid as it sees them go: wait
# (bounded) for the count to settle rather than read it once.
fd_after=$(fdcount)
i=0
while [ "$fd_after" -gt "$fd_idle" ] && [ $i -lt 40 ]; do
	sleep 0.5
	fd_after=$(fdcount)
	i=$((i + 1))
done
db_after=$(dbcount)

get_req=$(sed -n 's/^requests: //p' "$T/get.out")
post_req=$(sed -n 's/^requests: //p' "$T/post.out")
peak=$(sort -n "$T/rss" | tail -n 1)
say "# figures: GET mix $get_req requests ($(sed -n 's/^Requests\/sec: *//p' "$T/get.out") /s)," \
	"POST $post_req requests, $CONNECTIONS connections, ${DURATION} s; peak RSS $peak kB;" \
	"fds idle $fd_idle, after $fd_after (database handles aside; $db_after databases open); slowest quick answer during the slow client ${slowest} ms;" \
	"slow client: $(cat "$T/slow.out")"

expect_equal "wrk socket errors (GET)" "$(sed -n 's/^errors: //p' "$T/get.out")" "0 0 0 0 0"
expect_equal "statuses (GET): all 200" "$(grep '^status ' "$T/get.out" | grep -v '^status 200:' | wc -l | tr -d ' ')" 0
checks=$((checks + 1))
if [ "${get_req:-0}" -gt 1000 ]; then pass "GET requests served: $get_req"; else fail "only ${get_req:-0} GET requests served"; fi
expect_equal "wrk socket errors (POST)" "$(sed -n 's/^errors: //p' "$T/post.out" | cut -d' ' -f1-3,5)" "0 0 0 0"
expect_equal "statuses (POST): 201 and 409 only" \
	"$(grep '^status ' "$T/post.out" | grep -v -E '^status (201|409):' | wc -l | tr -d ' ')" 0
# wrk stops at the deadline with requests in flight: the service may have
# stored a few whose answers wrk did not wait for, never fewer.
n201=$(($(sed -n 's/^status 201: //p' "$T/warm2.out" "$T/post.out" | tr '\n' '+')0))
stored=$(($(db_count csr) - csr0))
checks=$((checks + 1))
if [ "${n201:-0}" -gt 0 ] && [ "$stored" -ge "$n201" ] && [ "$stored" -le "$POOL" ]; then
	pass "every 201 stored ($n201 answered, $stored stored, pool $POOL)"
else
	fail "201s: $n201 answered, $stored stored, pool $POOL"
fi
expect_equal "no request stored twice" \
	"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'select count(*) - count(distinct sha256) from csr')" 0

# Memory: the last third of the samples no higher than the middle third's
# peak plus 10 % (and 2 MB of slack).
python3 - "$T/rss" >"$T/rss.verdict" <<'PY'
import sys
v = [int(l) for l in open(sys.argv[1]) if l.strip()]
n = len(v)
mid, last = v[n // 3: 2 * n // 3], v[2 * n // 3:]
ok = n >= 9 and max(last) <= max(mid) * 1.10 + 2048
print("%s %d samples, middle third peak %d kB, last third peak %d kB" %
      ("ok" if ok else "growing", n, max(mid or [0]), max(last or [0])))
PY
checks=$((checks + 1))
if grep -q '^ok' "$T/rss.verdict"; then pass "RSS stops growing: $(cat "$T/rss.verdict")"; else fail "RSS: $(cat "$T/rss.verdict")"; tr '\n' ' ' <"$T/rss"; echo; fi
checks=$((checks + 1))
if [ "$fd_after" -le "$fd_idle" ]; then pass "descriptors back to idle ($fd_after <= $fd_idle, database handles aside)"; else fail "descriptors: $fd_after after, $fd_idle idle"; ls -l "/proc/$NCPKID_PID/fd"; fi
# 4 workers, the intake writer, the OCSP listener and the main thread.
if [ "$db_after" -le 7 ]; then pass "database handles bounded by the threads ($db_after <= 7)"; else fail "database handles: $db_after for 4 worker threads"; ls -l "/proc/$NCPKID_PID/fd"; fi
checks=$((checks + 1))
case $(cat "$T/slow.out") in
"cut off after"*)
	secs=$(sed -n 's/^cut off after \([0-9]*\) s.*/\1/p' "$T/slow.out")
	if [ "$secs" -le $((TIMEOUT + 3)) ]; then pass "slow client cut off after $secs s (timeout $TIMEOUT)"; else fail "slow client cut only after $secs s"; fi ;;
*) fail "slow client: $(cat "$T/slow.out")" ;;
esac
checks=$((checks + 1))
if [ "$slowest" != fail ] && [ "$slowest" -lt 2000 ]; then pass "normal requests answered quickly meanwhile (slowest $slowest ms)"; else fail "normal requests beside the slow client: $slowest ms"; fi
expect_exit 0 server show
finish
