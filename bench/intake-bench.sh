#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-intake: ncpkid's CSR intake and certificate downloads per
# second over HTTPS with keep-alive on loopback, measured with wrk
# (bench/intake-bench.lua), each figure the median (min-max) of RUNS runs
# of DURATION:
#   - POST csr: real, distinct PKCS#10 requests from a pool of POOL made
#     once by ncpki-intake-prep; only the 201 answers count, and after each
#     run every acknowledged request must be in the database;
#   - GET certs/N over NCERTS issued certificates.
# The anchor, measured in the same run against the same ncpkid: GET ca
# (TLS, HTTP and a JSON answer built from reads only: the CA certificate,
# its chain and the server's information), the rate of a request that
# writes nothing. Each run starts
# from a fresh data directory (an EC P-256 CA), so that the pool can be
# posted again. Figures only; never fails on a number. POOL, NCERTS,
# DURATION, RUNS, THREADS, CONNECTIONS and SERVER_THREADS may be set.
set -eu
POOL=${POOL:-30000}
NCERTS=${NCERTS:-200}
DURATION=${DURATION:-5}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-2}
: "${NCPKI:?}" "${NCPKID:?}" "${PREP:?}" "${INTAKE_PREP:?}"
LUA=${LUA:-$(dirname "$0")/intake-bench.lua}
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null 2>&1 || { echo "bench-intake: wrk is not installed: skipped" >&2; exit 0; }

work=$(mktemp -d)
pid=
stop_ncpkid() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || :
		wait "$pid" 2>/dev/null || :
		pid=
	fi
}
trap 'stop_ncpkid; rm -rf "$work"' EXIT
(umask 077 && printf 'bench-password-1\n' >"$work/pw")

"$INTAKE_PREP" "$POOL" "$work/bodies.lua"
cat "$(dirname "$0")/wrk-status.lua" "$LUA" >"$work/intake.lua"
cat "$work/bodies.lua" "$work/intake.lua" >"$work/post.lua"

# wrk_run NAME URL SCRIPT ARGS...: one bounded wrk run, output in NAME.out
wrk_run() {
	name=$1 url=$2 script=$3
	shift 3
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" -s "$script" "$url" -- "$@" \
		>"$work/$name.out" 2>&1 || :
}
# rate NAME STATUS: answers with STATUS per second of the run
rate() {
	awk -v want="status $2:" '
		/ requests in / { t = $4; sub(/s,?$/, "", t) }
		index($0, want) == 1 { n = $3 }
		END { if (t + 0 > 0) printf "%.0f\n", n / t; else print 0 }' "$work/$1.out"
}

: >"$work/ca.rates"
: >"$work/post.rates"
: >"$work/get.rates"
r=0
while [ "$r" -lt "$RUNS" ]; do
	NCPKI_HOME=$work/home-$r
	export NCPKI_HOME
	"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench Intake CA" --country US \
		--key-type p256 --password-file "$work/pw" >/dev/null
	"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$work/pw" >/dev/null
	"$PREP" "$NCPKI_HOME" "$NCERTS"
	"$NCPKI" csr process --all --usage tls --password-file "$work/pw" --yes >/dev/null
	# Throughput, not the abuse limits (t0142 tests those).
	bench_ncpkid "$work/ncpkid.err" --threads "$SERVER_THREADS" --public-listing \
		--rate-limit 0 --max-pending-per-address 0 --max-pending-per-contact 0 \
		--access-log /dev/null
	base=https://127.0.0.1:$port/ncpki/v1

	wrk_run ca "$base/ca" "$work/intake.lua" ca "$THREADS"
	wrk_run get "$base/certs" "$work/intake.lua" get "$THREADS" $((NCERTS + 1))
	wrk_run post "$base/csr" "$work/post.lua" post "$THREADS"
	stop_ncpkid
	for f in ca get post; do
		grep -q '^status' "$work/$f.out" ||
			{ echo "bench-intake: $f: wrk measured nothing:" >&2; cat "$work/$f.out" >&2; }
	done
	if grep -Eq '^status (4[0-9][0-8]|5[0-9][0-9]):' "$work/post.out"; then
		echo "bench-intake: POST csr answers other than 201:" \
			"$(grep '^status' "$work/post.out" | tr '\n' ' ')" >&2
	fi
	grep -q '^status 409:' "$work/post.out" &&
		echo "bench-intake: the pool of $POOL requests ran out: raise POOL" >&2
	acked=$(sed -n 's/^status 201: //p' "$work/post.out")
	stored=$("$NCPKI" csr list | tail -n +2 | wc -l)
	# (stored may exceed acknowledged: wrk stops with requests in flight)
	[ "${acked:-0}" -le "$stored" ] ||
		echo "bench-intake: ${acked:-0} requests acknowledged but only $stored stored" >&2
	rate ca 200 >>"$work/ca.rates"
	rate get 200 >>"$work/get.rates"
	rate post 201 >>"$work/post.rates"
	rm -rf "$NCPKI_HOME"
	r=$((r + 1))
done

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
ca_rate=$(bench_stats <"$work/ca.rates" | cut -d' ' -f1)
bench_row "ncpkid POST csr, HTTPS keep-alive (201)" "req/s" rate "$(cat "$work/post.rates")" \
	"GET ca" "$ca_rate"
bench_row "ncpkid GET certs/N, HTTPS keep-alive" "req/s" rate "$(cat "$work/get.rates")" \
	"GET ca" "$ca_rate"
