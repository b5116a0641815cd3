#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-ocsp: OCSP responses per second from ncpkid on loopback, with
# wrk (keep-alive, bounded: DURATION per run) posting a mix of requests
# without a nonce for NGOOD good, NREVOKED revoked and NUNKNOWN unknown
# serials (bench/ocsp-bench.lua), each figure the median (min-max) of RUNS:
#   1. ncpkid over HTTPS (the API port) and over plain HTTP (--ocsp-http-port),
#      answering pre-signed responses;
#   2. the same mix with a nonce in every request (each signed fresh);
#   3. the anchor: `openssl ocsp -index index.txt -port` serving the same CA
#      with the same delegated signer (one process, as issue 7 measured it:
#      it signs every response and closes each connection), and the ratio.
# Every answer is checked to be a signed OCSP response (not an error).
# Figures only; never fails on a number. SERVER_THREADS, THREADS,
# CONNECTIONS, DURATION, RUNS and the counts may be set.
set -eu
NGOOD=${NGOOD:-30}
NREVOKED=${NREVOKED:-10}
NUNKNOWN=${NUNKNOWN:-10}
DURATION=${DURATION:-5s}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SERVER_THREADS=${SERVER_THREADS:-2}
: "${NCPKI:?}" "${NCPKID:?}" "${OPENSSL:=openssl}"
LUA=${LUA:-$(dirname "$0")/ocsp-bench.lua}
command -v wrk >/dev/null 2>&1 || { echo "bench-ocsp: wrk is not installed: skipped"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "bench-ocsp: python3 is not installed: skipped"; exit 0; }

work=$(mktemp -d)
pid=
apid=
stop_anchor() {
	if [ -n "$apid" ]; then
		kill -TERM "$apid" 2>/dev/null || :
		wait "$apid" 2>/dev/null || :
		apid=
	fi
}
cleanup() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	stop_anchor
	rm -rf "$work"
}
trap cleanup EXIT
NCPKI_HOME=$work/home
export NCPKI_HOME
printf 'bench-password-1\n' >"$work/pw"

median_range() {
	sort -n | awk '{ a[NR] = $1 } END { printf "%.0f (%.0f-%.0f)", a[int((NR + 1) / 2)], a[1], a[NR] }'
}
median_of() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

n=$((NGOOD + NREVOKED))
echo "bench-ocsp: an EC P-256 CA with $n certificates ($NREVOKED revoked), OCSP signer P-256"
"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench OCSP CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$NCPKID" setup --hostname localhost --ip 127.0.0.1 --password-file "$work/pw" >/dev/null
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
i=0
while [ $i -lt "$NREVOKED" ]; do
	"$NCPKI" cert revoke $((first + NGOOD + i)) --reason keyCompromise \
		--password-file "$work/pw" --yes >/dev/null
	i=$((i + 1))
done
cp "$NCPKI_HOME/ca/BenchCA.cer" "$work/ca.pem"

# The requests: DER, as Lua strings of decimal escapes.
serials=""
i=0
while [ $i -lt $n ]; do serials="$serials $((first + i))"; i=$((i + 1)); done
i=0
while [ $i -lt "$NUNKNOWN" ]; do serials="$serials $((1000000 + i))"; i=$((i + 1)); done
for nonce in no yes; do
	{
		echo "requests = {"
		for s in $serials; do
			if [ $nonce = no ]; then nn=-no_nonce; else nn=; fi
			# shellcheck disable=SC2086
			"$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$s" $nn -reqout "$work/q.der" \
				>/dev/null 2>&1
			printf '"'
			od -An -v -tu1 "$work/q.der" | tr -s ' \n' '  ' |
				sed 's/^ *//; s/ *$//; s/ /\\/g; s/^/\\/'
			printf '",\n'
		done
		echo "}"
		cat "$LUA"
	} >"$work/mix-$nonce.lua"
done

"$NCPKID" --listen 127.0.0.1 --port 0 --threads "$SERVER_THREADS" --ocsp-http-port 0 \
	--access-log "$work/access.log" 2>"$work/ncpkid.err" &
pid=$!
sport=
hport=
i=0
while [ -z "$hport" ] && [ $i -lt 100 ]; do
	sleep 0.1
	sport=$(sed -n 's|^ncpkid: listening on https://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/ncpkid.err")
	hport=$(sed -n 's|^ncpkid: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/ncpkid.err")
	i=$((i + 1))
done
[ -n "$hport" ] || { cat "$work/ncpkid.err"; exit 1; }

# run NAME URL SCRIPT: RUNS wrk runs; prints the figure, keeps the rates.
run() {
	: >"$work/$1.rates"
	r=0
	while [ $r -lt "$RUNS" ]; do
		wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$3" "$2" >"$work/$1.out" 2>&1 || :
		rate=$(sed -n 's/^Requests\/sec: *//p' "$work/$1.out")
		[ -n "$rate" ] && [ "$rate" != 0.00 ] ||
			{ echo "bench-ocsp: $1: wrk measured nothing:" >&2; cat "$work/$1.out" >&2; }
		bad=$(sed -n 's/^  not signed: //p' "$work/$1.out")
		[ "${bad:-0}" = 0 ] || echo "bench-ocsp: $1: $bad answers were not signed OCSP responses" >&2
		echo "${rate:-0}" >>"$work/$1.rates"
		r=$((r + 1))
	done
	printf '  %-44s %s responses/s\n' "$4" "$(median_range <"$work/$1.rates")"
}

echo "bench-ocsp: $RUNS runs of $DURATION each; wrk $THREADS threads, $CONNECTIONS connections;" \
	"ncpkid $SERVER_THREADS threads; mix: $NGOOD good, $NREVOKED revoked, $NUNKNOWN unknown"
# One warm-up pass signs what is to be pre-signed.
wrk -t 1 -c 1 -d 1s -s "$work/mix-no.lua" "http://127.0.0.1:$hport/ncpki/v1/ocsp" >/dev/null 2>&1 || :
run https "https://127.0.0.1:$sport/ncpki/v1/ocsp" "$work/mix-no.lua" "ncpkid, HTTPS, no nonce (pre-signed)"
run http "http://127.0.0.1:$hport/ncpki/v1/ocsp" "$work/mix-no.lua" "ncpkid, plain HTTP, no nonce (pre-signed)"
run nonce "http://127.0.0.1:$hport/ncpki/v1/ocsp" "$work/mix-yes.lua" "ncpkid, plain HTTP, nonce (signed fresh)"
kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || :
pid=

# The anchor: openssl ocsp over an index.txt of the same certificates.
"$NCPKI" cert list --json >"$work/certs.json"
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
        serial = "%X" % int(c["serial"])
        if len(serial) % 2:
            serial = "0" + serial
        if c.get("revoked_at"):
            out.write("R\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=s%s\n" %
                      (t(c["not_after"]), t(c["revoked_at"]), serial, serial))
        else:
            out.write("V\t%s\t\t%s\tunknown\t/CN=s%s\n" % (t(c["not_after"]), serial, serial))
PY
aport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# (-port takes a port only: it listens on every address for these seconds.)
"$OPENSSL" ocsp -index "$work/index.txt" -port "$aport" -CA "$work/ca.pem" \
	-rsigner "$NCPKI_HOME/ncpkid/ocsp.cer" -rkey "$NCPKI_HOME/ncpkid/ocsp.key" -nmin 240 \
	-ignore_err >/dev/null 2>"$work/anchor.err" &
apid=$!
i=0
until "$OPENSSL" ocsp -issuer "$work/ca.pem" -serial "$first" -url "http://127.0.0.1:$aport/" \
	-CAfile "$work/ca.pem" -no_nonce 2>&1 | grep -q ": good"; do
	i=$((i + 1))
	if [ $i -ge 50 ]; then
		echo "bench-ocsp: openssl ocsp does not answer: $(cat "$work/anchor.err")" >&2
		break
	fi
	sleep 0.2
done
run anchor "http://127.0.0.1:$aport/" "$work/mix-no.lua" "openssl ocsp -index -port (signs each)"
stop_anchor

best=$(median_of <"$work/http.rates")
anchor=$(median_of <"$work/anchor.rates")
tls=$(median_of <"$work/https.rates")
awk -v h="$best" -v s="$tls" -v a="$anchor" 'BEGIN {
	if (a > 0)
		printf "bench-ocsp: ratio to openssl ocsp: plain HTTP %.1fx, HTTPS %.1fx (target >= 30,000 responses/s)\n", h / a, s / a
	else
		print "bench-ocsp: no ratio: wrk got no answer from openssl ocsp (its OpenSSL 3.0 responder leaves wrk'"'"'s requests unanswered; curl and openssl ocsp -url are answered)"
}'
