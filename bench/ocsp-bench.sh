#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-ocsp: OCSP responses per second from ncpkid on loopback, with
# wrk (bounded: DURATION per run) posting a mix of requests for NGOOD good,
# NREVOKED revoked and NUNKNOWN unknown serials (bench/ocsp-bench.lua),
# every figure the median (min-max) of RUNS runs, printed with bench_row
# (bench/lib.sh) against the anchor measured in the same runs:
# `openssl ocsp -index index.txt -port` serving the same CA with the same
# delegated signer. That responder signs every response and answers one
# request per connection, so its figure is taken with a new connection per
# request, with ab (apache2-utils, without -k: CONNECTIONS at a time, one
# good serial; wrk gets no answer from it); ncpkid is measured that way too
# (the like-for-like row) and with wrk and keep-alive, over HTTPS (the API
# port) and plain HTTP (--ocsp-http-port), without a nonce (pre-signed
# responses) and with one (signed fresh). Every wrk answer is checked to be
# a signed OCSP response (not an error), every ab answer to be HTTP 200; a
# run where any is not says so on stderr. Without ab, the anchor is left out.
#
# Scaling: SCALE="10000 100000 1000000" adds, before each further row, good
# certificates to the database up to that many (FABRICATED rows inserted
# with SQL: a copy of a real row with a new serial and a 1-byte der, which
# OCSP never reads) and measures plain HTTP with keep-alive again, with
# the requests' statuses re-read once (a revocation first, so that every
# pre-signed answer is confirmed against the bigger table).
# Figures only; never fails on a number. SERVER_THREADS, THREADS,
# CONNECTIONS, DURATION, RUNS, SCALE, ANCHOR_N, CLOSE_N and the counts may
# be set.
set -eu
NGOOD=${NGOOD:-30}
NREVOKED=${NREVOKED:-10}
NUNKNOWN=${NUNKNOWN:-10}
DURATION=${DURATION:-4s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SERVER_THREADS=${SERVER_THREADS:-2}
SCALE=${SCALE:-}
ANCHOR_N=${ANCHOR_N:-6000}
CLOSE_N=${CLOSE_N:-20000}
: "${NCPKI:?}" "${NCPKID:?}" "${OPENSSL:=openssl}"
here=$(dirname "$0")
LUA=${LUA:-$here/ocsp-bench.lua}
. "$here/lib.sh"
command -v wrk >/dev/null 2>&1 || { echo "bench-ocsp: wrk is not installed: skipped" >&2; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "bench-ocsp: python3 is not installed: skipped" >&2; exit 0; }
ab=$(command -v ab 2>/dev/null) ||
	echo "bench-ocsp: ab (apache2-utils) is not installed: no anchor, no conn/request rows" >&2
if [ -n "$SCALE" ]; then
	: "${SQLITE3:?SCALE needs sqlite3}"
fi

work=$(mktemp -d)
pid=
apid=
stop_pid() {
	if [ -n "$1" ]; then
		kill -TERM "$1" 2>/dev/null || :
		wait "$1" 2>/dev/null || :
	fi
}
cleanup() {
	stop_pid "$pid"
	stop_pid "$apid"
	rm -rf "$work"
}
trap cleanup EXIT
NCPKI_HOME=$work/home
export NCPKI_HOME
(umask 077 && printf 'bench-password-1\n' >"$work/pw")

n=$((NGOOD + NREVOKED))
echo "bench-ocsp: an EC P-256 CA with $n certificates ($NREVOKED revoked), OCSP signer P-256" >&2
"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench OCSP CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$work/pw" >/dev/null
"$NCPKI" ocsp setup --password-file "$work/pw" >/dev/null
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/leaf.key" 2>/dev/null
i=0
while [ $i -lt $n ]; do
	"$OPENSSL" req -new -key "$work/leaf.key" -subj "/CN=ocsp$i.example.com" \
		-out "$work/r.csr" 2>/dev/null
	"$NCPKI" csr import "$work/r.csr" --root "ocsp$i" >/dev/null
	i=$((i + 1))
done
"$NCPKI" csr process --all --usage tls --password-file "$work/pw" --yes >/dev/null
# Serials: 1 the OCSP signer, 2 ncpkid's TLS certificate, then the leaves.
first=3
revoke() {
	"$NCPKI" cert revoke "$1" --reason keyCompromise --password-file "$work/pw" --yes >/dev/null
}
i=0
while [ $i -lt "$NREVOKED" ]; do
	revoke $((first + NGOOD + i))
	i=$((i + 1))
done
cp "$NCPKI_HOME/ca/BenchCA.cer" "$work/ca.pem"

# Each certificate's own serialNumber (random by default, not the counter
# ncpki numbers it by), as openssl ocsp -serial takes it: 0xHEX.
"$NCPKI" cert list --json >"$work/certs.json"
python3 - "$work/certs.json" >"$work/serials" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1])):
    print(c["serial"], "0x" + c["serial_number"])
PY
sn() {
	awk -v n="$1" '$1 == n { print $2; found = 1 } END { if (!found) print n }' "$work/serials"
}

# The requests: DER, as Lua strings of decimal escapes.
serials=""
i=0
while [ $i -lt $n ]; do serials="$serials $((first + i))"; i=$((i + 1)); done
i=0
while [ $i -lt "$NUNKNOWN" ]; do serials="$serials $((1000000000 + i))"; i=$((i + 1)); done
for nonce in no yes; do
	{
		echo "requests = {"
		for s in $serials; do
			if [ $nonce = no ]; then nn=-no_nonce; else nn=; fi
			# shellcheck disable=SC2086
			"$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$(sn "$s")" $nn -reqout "$work/q.der" \
				>/dev/null 2>&1
			printf '"'
			od -An -v -tu1 "$work/q.der" | tr -s ' \n' '  ' |
				sed 's/^ *//; s/ *$//; s/ /\\/g; s/^/\\/'
			printf '",\n'
		done
		echo "}"
	} >"$work/req-$nonce.lua"
	{ cat "$work/req-$nonce.lua"; cat "$LUA"; } >"$work/mix-$nonce.lua"
done
good=$(sn "$first")
"$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$good" -no_nonce -reqout "$work/good.der" \
	>/dev/null 2>&1

# The anchor's index.txt: the same certificates.
python3 - "$work/certs.json" "$work/index.txt" <<'PY'
import json, sys, datetime
certs = json.load(open(sys.argv[1]))
if isinstance(certs, dict):
    certs = certs.get("certificates", [])
def t(iso):
    d = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%y%m%d%H%M%SZ")
with open(sys.argv[2], "w") as out:
    for c in certs:
        serial = c["serial_number"]
        if c.get("revoked_at"):
            out.write("R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=s%s\n" %
                      (t(c["not_after"]), t(c["revoked_at"]), serial, serial))
        else:
            out.write("V\t%s\t\t%s\tunknown\t/CN=s%s\n" % (t(c["not_after"]), serial, serial))
PY

bench_ncpkid "$work/ncpkid.err" --threads "$SERVER_THREADS" --ocsp-http-port 0 \
	--access-log "$work/access.log"
sport=$port
https="https://127.0.0.1:$sport/ncpki/v1/ocsp"
http="http://127.0.0.1:$hport/ncpki/v1/ocsp"
# The mix is what it says: a good, a revoked and an unknown serial are
# answered so (a request for the counter rather than the serialNumber would
# be "unknown", signed afresh every time, never pre-signed).
for want in "good $good" "revoked $(sn $((first + NGOOD)))" "unknown 1000000000"; do
	# shellcheck disable=SC2086
	set -- $want
	"$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$2" -url "$http" -CAfile "$work/ca.pem" \
		-no_nonce 2>&1 | grep -q ": $1\$" || echo "bench-ocsp: serial $2 is not answered $1" >&2
done

# start_anchor: a fresh `openssl ocsp` for each run (an OpenSSL 3.0
# responder whose client leaves mid-request stops answering).
start_anchor() {
	stop_pid "$apid"
	aport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	anchor="http://127.0.0.1:$aport/"
	# (-port takes a port only: it listens on every address.)
	"$OPENSSL" ocsp -index "$work/index.txt" -port "$aport" -CA "$work/ca.pem" \
		-rsigner "$NCPKI_HOME/ncpkid/ocsp.cer" -rkey "$NCPKI_HOME/ncpkid/ocsp.key" -nmin 240 \
		-ignore_err >/dev/null 2>"$work/anchor.err" &
	apid=$!
	i=0
	until "$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$good" -url "$anchor" \
		-CAfile "$work/ca.pem" -no_nonce 2>&1 | grep -q ": good"; do
		i=$((i + 1))
		if [ $i -ge 50 ]; then
			echo "bench-ocsp: openssl ocsp does not answer: $(cat "$work/anchor.err")" >&2
			break
		fi
		sleep 0.2
	done
}

# per_conn NAME URL N: one ab run of N requests, a new connection for each
# (a count, not a time: ab would leave requests half sent when time is up);
# appends its rate to NAME.rates.
per_conn() {
	ab -q -s 10 -n "$3" -c "$CONNECTIONS" -p "$work/good.der" \
		-T application/ocsp-request "$2" >"$work/$1.out" 2>&1 || :
	rate=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' "$work/$1.out")
	[ -n "$rate" ] || { echo "bench-ocsp: $1: ab measured nothing:" >&2; cat "$work/$1.out" >&2; }
	! grep -q '^Non-2xx' "$work/$1.out" || echo "bench-ocsp: $1: non-200 answers" >&2
	printf '%.0f\n' "${rate:-0}" >>"$work/$1.rates"
}

# measure NAME URL SCRIPT: one wrk run; appends its rate to NAME.rates.
measure() {
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$3" "$2" >"$work/$1.out" 2>&1 || :
	rate=$(sed -n 's/^Requests\/sec: *//p' "$work/$1.out")
	[ -n "$rate" ] && [ "$rate" != 0.00 ] ||
		{ echo "bench-ocsp: $1: wrk measured nothing:" >&2; cat "$work/$1.out" >&2; }
	bad=$(sed -n 's/^  not signed: //p' "$work/$1.out")
	[ "${bad:-0}" = 0 ] || echo "bench-ocsp: $1: $bad answers were not signed OCSP responses" >&2
	printf '%.0f\n' "${rate:-0}" >>"$work/$1.rates"
}
rates() { tr '\n' ' ' <"$work/$1.rates"; }

echo "bench-ocsp: $RUNS runs of $DURATION each; wrk $THREADS threads, $CONNECTIONS connections;" \
	"ncpkid $SERVER_THREADS threads; mix: $NGOOD good, $NREVOKED revoked, $NUNKNOWN unknown" >&2
# One warm-up pass signs what is to be pre-signed.
wrk -t 1 -c 1 -d 1s -s "$work/mix-no.lua" "$http" >/dev/null 2>&1 || :
r=0
while [ $r -lt "$RUNS" ]; do
	if [ -n "$ab" ]; then
		start_anchor
		per_conn anchor "$anchor" "$ANCHOR_N"
		stop_pid "$apid"
		apid=
		per_conn http-close "$http" "$CLOSE_N"
	fi
	measure http "$http" "$work/mix-no.lua"
	measure https "$https" "$work/mix-no.lua"
	measure nonce "$http" "$work/mix-yes.lua"
	r=$((r + 1))
done

a=
al=
[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
if [ -n "$ab" ]; then
	a=$(bench_stats <"$work/anchor.rates" | cut -d' ' -f1)
	al="openssl ocsp"
	bench_row "OCSP openssl ocsp -port, conn/request" "resp/s" rate "$(rates anchor)"
	bench_row "OCSP ncpkid HTTP conn/request, pre-signed" "resp/s" rate "$(rates http-close)" \
		"$al" "$a"
fi
bench_row "OCSP ncpkid HTTP keep-alive, pre-signed" "resp/s" rate "$(rates http)" "$al" "$a"
bench_row "OCSP ncpkid HTTPS keep-alive, pre-signed" "resp/s" rate "$(rates https)" "$al" "$a"
bench_row "OCSP ncpkid HTTP keep-alive, nonce" "resp/s" rate "$(rates nonce)" "$al" "$a"

# Scaling: more certificates in the database, the same requests.
have=$((n + 2))
next=2000000000
rev=$((first + NGOOD))
for target in $SCALE; do
	[ "$target" -gt "$have" ] || continue
	bench_fabricate_bare "$NCPKI_HOME/ncpki.db" "$next" $((next + target - have - 1)) "$first"
	next=$((next + target - have))
	have=$target
	# A revocation: every pre-signed answer is confirmed against the table once.
	rev=$((rev - 1))
	revoke "$rev"
	: >"$work/scale.rates"
	r=0
	while [ $r -lt "$RUNS" ]; do
		measure scale "$http" "$work/mix-no.lua"
		r=$((r + 1))
	done
	bench_row "OCSP HTTP keep-alive, $target certs in DB" "resp/s" rate "$(rates scale)" "$al" "$a"
done
