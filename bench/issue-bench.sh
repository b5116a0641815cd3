#!/bin/sh
# make bench-issue (part of make bench): batch issuance, `ncpki csr process
# --all --usage tls`, of N queued CSRs (default 10,000: real PKCS#10
# requests, made by ncpki-bench-prep) to stored, committed certificates,
# for an RSA-2048 CA and an EC P-256 CA. Wall-clock of the whole command
# (process start, the CA key's unlock, every row committed), median
# (min-max) of RUNS runs, each on a fresh copy of the same queue. Anchors
# measured in the same run, on the same machine:
#   - `openssl speed` sign rate of the same key type on one core (the
#     physical limit; goals: >= 0.90x RSA-2048, >= 0.30x P-256);
#   - `openssl ca -batch`, one process per CSR as people script it, over
#     the first CA_N (200) of the same CSRs, unencrypted CA key of the
#     same type (no fsync: nothing it writes is durable);
#   - easy-rsa 3 `easyrsa sign-req server` over the first EASYRSA_N (20).
# Then the cost as the database grows: a batch of SCALE_N (1,000) CSRs
# under a P-256 CA with 10k, 100k and 1M certificates already stored. Those
# rows are FABRICATED: copies of one real certificate's row with new
# serials and names, inserted with SQL and indexed for search as the
# library indexes a certificate (no audit rows); the anchor is the same
# batch on the same CA before any fabricated row.
# Figures only, never pass/fail. N, RUNS, CA_N, EASYRSA_N, SCALE ("" skips),
# SCALE_N, KEYS may be set; EASYRSA names easyrsa (skipped when missing).
set -eu
N=${N:-10000}
RUNS=${RUNS:-3}
CA_N=${CA_N:-200}
EASYRSA_N=${EASYRSA_N:-20}
SCALE=${SCALE-10000 100000 1000000}
SCALE_N=${SCALE_N:-1000}
KEYS=${KEYS:-rsa2048 p256}
: "${NCPKI:?}" "${PREP:?}" "${OPENSSL:=openssl}" "${SQLITE3:=sqlite3}"
if [ -z "${EASYRSA:-}" ]; then
	EASYRSA=$(command -v easyrsa || echo /usr/share/easy-rsa/easyrsa)
fi
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(umask 077 && printf 'bench-password-1\n' >"$work/pw")

now_ns() { date +%s%N; }
rate() {   # COUNT NANOSECONDS -> per second
	awk -v n="$1" -v ns="$2" 'BEGIN { r = n / (ns / 1e9); printf (r < 100 ? "%.1f\n" : "%.0f\n"), r }'
}
ca_configure() {   # HOME KEY-TYPE
	NCPKI_HOME="$1" "$NCPKI" server configure --root BenchCA --dir ca \
		--cn "Bench CA $2" --country US --key-type "$2" --password-file "$work/pw" >/dev/null
}
issued() { "$SQLITE3" "$1/ncpki.db" "SELECT count(*) FROM cert WHERE csr_id <> 0"; }
process_rate() {   # HOME COUNT -> certificates per second of one csr process --all
	before=$(issued "$1")
	t0=$(now_ns)
	NCPKI_HOME="$1" "$NCPKI" csr process --all --usage tls --password-file "$work/pw" \
		--yes >/dev/null
	t1=$(now_ns)
	got=$(($(issued "$1") - before))
	[ "$got" -eq "$2" ] || { echo "bench-issue: expected $2 certificates, found $got" >&2; exit 1; }
	rate "$2" $((t1 - t0))
}
verify_last() {   # HOME: the newest certificate verifies, strict
	"$SQLITE3" "$1/ncpki.db" "SELECT writefile('$work/last.der', der) FROM cert
		WHERE csr_id <> 0 ORDER BY serial DESC LIMIT 1" >/dev/null
	"$OPENSSL" x509 -inform DER -in "$work/last.der" -out "$work/last.pem"
	"$OPENSSL" verify -x509_strict -CAfile "$1/ca/BenchCA.cer" "$work/last.pem" >/dev/null ||
		{ echo "bench-issue: an issued certificate does not verify" >&2; exit 1; }
}
raw_rate() {   # openssl speed algorithm -> signatures per second, one core
	"$OPENSSL" speed -seconds 2 "$1" 2>/dev/null | awk -v alg="$1" '
		alg == "rsa2048" && /^rsa +2048 bits/ { print int($6) }
		alg == "ecdsap256" && /256 bits ecdsa \(nistp256\)/ { print int($7) }'
}

# openssl ca -batch over the CSRs in DIR/csr (PEM), one process each.
openssl_ca_rate() {   # DIR KEY-TYPE
	d=$1
	mkdir -p "$d/new" "$d/out"
	: > "$d/index.txt"
	echo 01 > "$d/serial"
	case $2 in
	rsa2048) newkey="rsa:2048" ku="digitalSignature,keyEncipherment" ;;
	*) newkey="ec -pkeyopt ec_paramgen_curve:P-256" ku="digitalSignature" ;;
	esac
	# shellcheck disable=SC2086
	"$OPENSSL" req -x509 -newkey $newkey -nodes -keyout "$d/ca.key" -out "$d/ca.crt" \
		-subj "/CN=Anchor CA" -days 3650 2>/dev/null
	cat > "$d/ca.cnf" <<EOF
[ ca ]
default_ca = anchor
[ anchor ]
database = $d/index.txt
new_certs_dir = $d/new
serial = $d/serial
certificate = $d/ca.crt
private_key = $d/ca.key
default_md = sha256
default_days = 397
policy = policy_any
unique_subject = no
copy_extensions = copy
x509_extensions = leaf
[ policy_any ]
commonName = supplied
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,$ku
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
	t0=$(now_ns)
	for f in "$d"/csr/*.pem; do
		"$OPENSSL" ca -batch -config "$d/ca.cnf" -notext -in "$f" \
			-out "$d/out/$(basename "$f")" 2>/dev/null
	done
	t1=$(now_ns)
	rate "$(ls "$d/out" | wc -l)" $((t1 - t0))
}

# easy-rsa 3: sign-req server over the first EASYRSA_N CSRs.
easyrsa_rate() {   # DIR KEY-TYPE
	pki=$1/pki
	case $2 in
	rsa2048) algo="--use-algo=rsa --keysize=2048" ;;
	*) algo="--use-algo=ec --curve=prime256v1" ;;
	esac
	"$EASYRSA" --batch --pki-dir="$pki" init-pki >/dev/null 2>&1
	# shellcheck disable=SC2086
	"$EASYRSA" --batch --pki-dir="$pki" --req-cn="Anchor CA" $algo build-ca nopass \
		>/dev/null 2>&1
	i=0
	for f in "$1"/csr/*.pem; do
		[ $i -lt "$EASYRSA_N" ] || break
		"$EASYRSA" --batch --pki-dir="$pki" import-req "$f" "r$i" >/dev/null 2>&1
		i=$((i + 1))
	done
	t0=$(now_ns)
	j=0
	while [ $j -lt $i ]; do
		"$EASYRSA" --batch --pki-dir="$pki" sign-req server "r$j" >/dev/null 2>&1
		j=$((j + 1))
	done
	t1=$(now_ns)
	rate "$(ls "$pki/issued" | wc -l)" $((t1 - t0))
}

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header

for kt in $KEYS; do
	case $kt in
	rsa2048) alg=rsa2048 label=RSA-2048 goal=0.90 ;;
	p256) alg=ecdsap256 label=P-256 goal=0.30 ;;
	*) echo "bench-issue: unknown key type $kt" >&2; exit 2 ;;
	esac
	queue="$work/queue-$kt"
	ca_configure "$queue" "$kt"
	"$PREP" "$queue" "$N"
	rates=""
	for r in $(seq "$RUNS"); do
		rm -rf "$work/run"
		cp -a "$queue" "$work/run"
		rates="$rates $(process_rate "$work/run" "$N")"
		[ "$r" -ne 1 ] || verify_last "$work/run"
	done
	rm -rf "$work/run"
	raw=$(raw_rate "$alg")
	# the anchors' CSRs: the first of the same queue
	adir="$work/anchor-$kt"
	mkdir -p "$adir/csr"
	"$SQLITE3" "$queue/ncpki.db" "SELECT writefile('$adir/csr/' || printf('%06d', id) ||
		'.der', der) FROM csr ORDER BY id LIMIT $CA_N" >/dev/null
	for f in "$adir"/csr/*.der; do
		"$OPENSSL" req -inform DER -in "$f" -out "${f%.der}.pem"
		rm -f "$f"
	done
	oca=$(openssl_ca_rate "$adir" "$kt")
	bench_row "$label CA: issue $N CSRs (goal ${goal}x)" "cert/s" rate "$rates" \
		"openssl speed 1 core" "$raw"
	bench_row "$label CA: same batch vs openssl ca" "cert/s" rate "$rates" \
		"openssl ca -batch/$CA_N" "$oca"
	if [ -x "$EASYRSA" ] && [ "$EASYRSA_N" -gt 0 ]; then
		ers=$(easyrsa_rate "$adir" "$kt")
		bench_row "$label CA: same batch vs easy-rsa 3" "cert/s" rate "$rates" \
			"easyrsa sign-req/$EASYRSA_N" "$ers"
	fi
	rm -rf "$queue" "$adir"
done

# Scaling: batches of SCALE_N under a P-256 CA as the database grows.
[ -n "$SCALE" ] || exit 0
home="$work/scale"
ca_configure "$home" p256
next=0   # the next CSR subject index
batches() {   # RUNS batches of SCALE_N fresh CSRs -> their rates
	: > "$work/scale.rates"
	for r in $(seq "$RUNS"); do
		"$PREP" "$home" "$SCALE_N" "$next"
		next=$((next + SCALE_N))
		process_rate "$home" "$SCALE_N" >> "$work/scale.rates"
	done
	cat "$work/scale.rates"
}
batches > "$work/base.rates"
base_med=$(bench_stats < "$work/base.rates" | cut -d' ' -f1)
for level in $SCALE; do
	have=$("$SQLITE3" "$home/ncpki.db" "SELECT count(*) FROM cert")
	top=$("$SQLITE3" "$home/ncpki.db" "SELECT max(serial) FROM cert")
	if [ "$have" -lt "$level" ]; then
		template=$("$SQLITE3" "$home/ncpki.db" "SELECT min(serial) FROM cert WHERE csr_id <> 0")
		bench_fabricate "$home/ncpki.db" $((top + 1)) $((top + level - have)) "$template"
		# the serial file follows, as if ncpki had issued them
		next_serial=$(printf '%X' $((top + level - have + 1)))
		[ $((${#next_serial} % 2)) -eq 0 ] || next_serial=0$next_serial
		echo "$next_serial" > "$home/ca/BenchCA.srl"
	fi
	batches > "$work/level.rates"
	rates=$(cat "$work/level.rates")
	case $level in
	1000000) at=1M ;; 100000) at=100k ;; 10000) at=10k ;; *) at=$level ;;
	esac
	bench_row "P-256 CA: issue $SCALE_N @$at certs (fab.)" "cert/s" rate "$rates" \
		"same, empty database" "$base_med"
done
