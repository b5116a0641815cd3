#!/bin/sh
# make bench: batch issuance (`ncpki csr process --all`) of N pre-made CSRs
# for an RSA-2048 CA and an EC P-256 CA, next to the raw signature rate of
# the same key type measured by `openssl speed` in the same run.
# Prints figures; never fails on a number. N and RUNS may be set.
set -eu
N=${N:-1000}
RUNS=${RUNS:-3}
: "${NCPKI:?}" "${PREP:?}" "${OPENSSL:=openssl}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'bench-password-1\n' > "$work/pw"

now_ns() { date +%s%N; }

# median/min/max of numbers on stdin
stats() { sort -n | awk '{ a[NR] = $1 } END { printf "%.0f %.0f %.0f", a[int((NR + 1) / 2)], a[1], a[NR] }'; }

issue_rate() {   # key type -> certificates per second, one run
	home="$work/home-$1-$2"
	NCPKI_HOME="$home" "$NCPKI" server configure --root BenchCA --dir ca \
		--cn "Bench CA $1" --country US --key-type "$1" --password-file "$work/pw" >/dev/null
	"$PREP" "$home" "$N"
	t0=$(now_ns)
	NCPKI_HOME="$home" "$NCPKI" csr process --all --usage tls \
		--password-file "$work/pw" --yes >/dev/null
	t1=$(now_ns)
	got=$(NCPKI_HOME="$home" "$NCPKI" cert list | tail -n +2 | wc -l)
	[ "$got" -eq "$N" ] || { echo "bench: expected $N certificates, found $got" >&2; exit 1; }
	rm -rf "$home"
	awk -v n="$N" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f\n", n / (ns / 1e9) }'
}

raw_rate() {     # openssl speed algorithm -> signatures per second
	"$OPENSSL" speed -seconds 2 "$1" 2>/dev/null | awk -v alg="$1" '
		alg == "rsa2048" && /^rsa +2048 bits/ { print int($6) }
		alg == "ecdsap256" && /256 bits ecdsa \(nistp256\)/ { print int($7) }'
}

printf '%-10s %8s %22s %18s %8s\n' "CA key" "CSRs" "issued/s med (min-max)" "raw sign/s (speed)" "ratio"
for kt in rsa2048 p256; do
	case $kt in rsa2048) alg=rsa2048 ;; p256) alg=ecdsap256 ;; esac
	rates=$(i=0; while [ $i -lt "$RUNS" ]; do issue_rate $kt $i; i=$((i + 1)); done | stats)
	set -- $rates
	raw=$(raw_rate $alg)
	ratio=$(awk -v a="$1" -v b="$raw" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "n/a" }')
	printf '%-10s %8s %22s %18s %8s\n' "$kt" "$N" "$1 ($2-$3)" "$raw" "$ratio"
done
