#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-http: requests per second ncpkid sustains on loopback over
# HTTPS with keep-alive, measured with wrk (bounded: DURATION each):
#  1. POST csr with a pool of POOL distinct pre-made CSRs (each request a
#     new one; once the pool is used up, further posts are duplicates and
#     answered 409: both counts are printed);
#  2. GET certs/N over the certificates issued from that pool.
# A first POST run stops each wrk thread once its share of the pool is
# posted, which gives the rate of successful (201) submissions alone.
# Prints figures; never fails on a number. POOL, DURATION, THREADS,
# CONNECTIONS and SERVER_THREADS may be set.
set -eu
POOL=${POOL:-1000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SERVER_THREADS=${SERVER_THREADS:-4}
. "$(dirname "$0")/lib.sh"
: "${NCPKI:?}" "${NCPKID:?}" "${OPENSSL:=openssl}"
command -v wrk >/dev/null 2>&1 || { echo "bench-http: wrk is not installed: skipped"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "bench-http: python3 is not installed: skipped"; exit 0; }

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid"; rm -rf "$work"' EXIT
NCPKI_HOME=$work/home
export NCPKI_HOME
(umask 077 && printf 'bench-password-1\n' >"$work/pw")

"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$work/pw" >/dev/null

echo "bench-http: making $POOL distinct CSRs"
python3 - "$work" "$POOL" "$OPENSSL" <<'PY'
import json, subprocess, sys
work, n, openssl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = open(work + "/bodies.lua", "w")
out.write("bodies = {\n")
for i in range(n):
    pem = subprocess.run([openssl, "req", "-new", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null",
                          "-subj", "/CN=bench%d.example.com" % i],
                         check=True, capture_output=True, text=True).stdout
    body = json.dumps({"csr": pem, "file_root": "bench%d" % i,
                       "hostname": "bench%d.example.com" % i,
                       "contact": {"name": "Bench"}})
    out.write("[==[%s]==],\n" % body)
out.write("}\n")
PY

# Throughput, not the abuse limits (t0142 tests those): one address posts all.
bench_ncpkid "$work/ncpkid.err" --threads "$SERVER_THREADS" --public-listing \
	--rate-limit 0 --max-pending-per-address 0 --max-pending-per-contact 0 \
	--access-log "$work/access.log"
base=https://127.0.0.1:$port/ncpki/v1

# Shared by both scripts: each wrk thread takes every THREADS-th item, and
# the status counts of all threads are added up at the end.
{
	cat "$(dirname "$0")/wrk-status.lua"
	cat <<'LUA'
status_prefix = "  "
function init(args)
	step = tonumber(args[1])
	index = tid - 1
	counts = {}
end
LUA
} >"$work/common.lua"
{
	cat "$work/bodies.lua" "$work/common.lua"
	cat <<'LUA'
local headers = {["Content-Type"] = "application/json"}
function request()
	local body = bodies[(index % #bodies) + 1]
	index = index + step
	return wrk.format("POST", wrk.path, headers, body)
end
LUA
} >"$work/post.lua"
{
	cat "$work/post.lua"
	cat <<'LUA'
local plain_response = response
answered = 0
function response(status, headers, body)
	plain_response(status, headers, body)
	answered = answered + 1
	if answered >= math.ceil(#bodies / step) then wrk.thread:stop() end
end
LUA
} >"$work/post-once.lua"

echo "bench-http: POST csr, each of the $POOL distinct requests once ($THREADS wrk threads, $CONNECTIONS connections, $SERVER_THREADS ncpkid threads)"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$work/post-once.lua" "$base/csr" -- "$THREADS" |
	tee "$work/post1.out" | grep -E 'Requests/sec|Latency|status|requests in'
"$NCPKI" csr list --json | grep -o '"id"' | wc -l | sed 's/^/  stored: /; s/$/ requests/'
# wrk counts its whole duration: the rate comes from the access log's
# first and last 201 (millisecond times).
n201=$(grep -c ' POST .* 201 ' "$work/access.log")
rate201=$(grep ' POST .* 201 ' "$work/access.log" | sed -n '1p;$p' | cut -d' ' -f1 |
	while read -r t; do date -u -d "$t" +%s.%N; done | tr '\n' ' ' |
	awk -v n="$n201" '{ d = $2 - $1; if (d > 0) printf "%.0f", n / d; else print "n/a" }')
echo "  $n201 submissions stored at $rate201 requests/s (first to last 201 in the access log)"

echo "bench-http: POST csr again for $DURATION (all duplicates now, answered 409), $THREADS wrk threads, $CONNECTIONS connections, $SERVER_THREADS ncpkid threads"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$work/post.lua" "$base/csr" -- "$THREADS" |
	tee "$work/post.out" | grep -E 'Requests/sec|Latency|status|requests in'
"$NCPKI" csr list --json | grep -o '"id"' | wc -l | sed 's/^/  pending afterwards: /'
"$NCPKI" csr process --all --usage tls --password-file "$work/pw" --yes >/dev/null
ncerts=$("$NCPKI" cert list --json | grep -o '"serial"' | wc -l)
{
	cat "$work/common.lua"
	printf 'nserials = %d\n' "$ncerts"
	cat <<'LUA'
function request()
	local serial = (index % nserials) + 1
	index = index + step
	return wrk.format("GET", wrk.path .. "/" .. serial)
end
LUA
} >"$work/get.lua"
echo "bench-http: GET certs/N over $ncerts certificates, $DURATION"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$work/get.lua" "$base/certs" -- "$THREADS" |
	tee "$work/get.out" | grep -E 'Requests/sec|Latency|status|requests in'

echo "bench-http: summary: POST csr (201) $rate201 requests/s," \
	"POST csr (409) $(sed -n 's/^Requests\/sec: *//p' "$work/post.out") requests/s," \
	"GET certs/N $(sed -n 's/^Requests\/sec: *//p' "$work/get.out") requests/s"
