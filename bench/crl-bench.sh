#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-crl: CRL generation time and size for each of SIZES revoked
# certificates (default 10,000 and 100,000) under an EC P-256 CA, against
# `openssl ca -gencrl` over the same entries in an index.txt. The revoked
# rows are FABRICATED: one real certificate is issued, then copies of its
# row with new serials and revocation data are inserted straight into the
# database with SQL (the CRL reads only serial and revocation columns), and
# the same serials, times and reasons are written to openssl's index.txt
# (reasons it knows: unspecified, left out of both CRLs; keyCompromise with
# a compromise time, index.txt's keyTime, which both write as an
# invalidityDate; affiliation changed; superseded; cessation of operation).
# Each time is a command's wall-clock minus the same command run just before
# on an empty CA (process start, key unlock): the work the entries cost.
# Medians (min-max) of RUNS, printed with bench_row (bench/lib.sh); the size
# is each tool's DER CRL. Scaling: SCALE="1000000" adds good certificates to the database
# up to that many (fabricated too) and times ncpki again with the largest
# of SIZES revoked. Figures only. KEEP=1 keeps the work directory.
set -eu
SIZES=${SIZES:-10000 100000}
RUNS=${RUNS:-5}
SCALE=${SCALE:-}
: "${NCPKI:?}" "${SQLITE3:?sqlite3 is needed}" "${OPENSSL:=openssl}"
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
[ -z "${KEEP:-}" ] || echo "bench-crl: keeping $work" >&2
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
(umask 077 && printf 'bench-password-1\n' >"$work/pw")
export NCPKI_HOME="$work/home"
db=$NCPKI_HOME/ncpki.db

now_ns() { date +%s%N; }
# ms COMMAND...: the command's wall-clock in milliseconds
ms() {
	t0=$(now_ns)
	"$@" >/dev/null 2>&1
	t1=$(now_ns)
	echo $(((t1 - t0) / 1000000))
}
# ncpki_gen [HOME], openssl_gen [CONFIG]: one CRL, of the full database or
# index.txt, or of the empty ones
ncpki_gen() { NCPKI_HOME=${1:-$NCPKI_HOME} "$NCPKI" crl generate --password-file "$work/pw"; }
openssl_gen() {
	"$OPENSSL" ca -config "${1:-$work/ca.cnf}" -gencrl -passin "file:$work/pw" \
		-out "$work/openssl-crl.pem"
}
# runs COMMAND EMPTY: RUNS timings of COMMAND less COMMAND EMPTY run just
# before (paired, so that a change of load hits both)
runs() {
	for _ in $(seq "$RUNS"); do
		b=$(ms "$1" "$2")
		echo $(($(ms "$1") - b))
	done | tr '\n' ' '
}

"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench CRL CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
NCPKI_HOME=$work/empty "$NCPKI" server configure --root BenchCA --dir ca --cn "Bench CRL CA" \
	--country US --key-type p256 --password-file "$work/pw" >/dev/null
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$work/l.key" -subj /CN=bench.example.com -out "$work/l.csr" 2>/dev/null
"$NCPKI" csr import "$work/l.csr" >/dev/null
"$NCPKI" csr process 1 --usage tls --password-file "$work/pw" --yes >/dev/null

# openssl ca over the same CA certificate and key.
: >"$work/index.txt"
echo 01 >"$work/crlnumber"
cat >"$work/ca.cnf" <<EOF
[ ca ]
default_ca = bench
[ bench ]
database = $work/index.txt
crlnumber = $work/crlnumber
certificate = $NCPKI_HOME/ca/BenchCA.cer
private_key = $NCPKI_HOME/ca/BenchCA.key
default_md = sha256
default_crl_days = 7
unique_subject = no
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid:always
EOF
: >"$work/empty.txt"
sed "s|^database = .*|database = $work/empty.txt|" "$work/ca.cnf" >"$work/empty.cnf"

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
have=0
for n in $SIZES; do
	# Revoked rows with serials 2..n+1: reasons 0, 1 (with an invalidity
	# date), 3, 4, 5 in turn.
	"$SQLITE3" "$db" "
WITH RECURSIVE n(i) AS (SELECT $have + 2 UNION ALL SELECT i + 1 FROM n WHERE i < $n + 1)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, sha1, sha256,
	not_before, not_after, issued_at, der, revoked_at, revocation_reason, invalidity_date)
SELECT i, 0, 'fabricated', subject, issuer, sans, usage, sha1, sha256, not_before,
	not_after, issued_at, x'00', issued_at + i,
	CASE i % 5 WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN 3 WHEN 3 THEN 4 ELSE 5 END,
	CASE WHEN i % 5 = 1 THEN issued_at - 86400 END
FROM n, (SELECT * FROM cert WHERE serial = 1);"
	"$SQLITE3" -separator '	' "$db" "
SELECT 'R', substr(strftime('%Y%m%d%H%M%S', not_after, 'unixepoch'), 3) || 'Z',
	substr(strftime('%Y%m%d%H%M%S', revoked_at, 'unixepoch'), 3) || 'Z' ||
	CASE revocation_reason WHEN 1 THEN ',keyTime,' ||
		strftime('%Y%m%d%H%M%S', invalidity_date, 'unixepoch') || 'Z'
	WHEN 3 THEN ',affiliationChanged' WHEN 4 THEN ',superseded'
	WHEN 5 THEN ',cessationOfOperation' ELSE '' END,
	CASE WHEN length(printf('%X', serial)) % 2 = 1 THEN '0' ELSE '' END || printf('%X', serial),
	'unknown', '/CN=s' || serial
FROM cert WHERE revoked_at IS NOT NULL AND serial > $have + 1 ORDER BY serial;" >>"$work/index.txt"
	have=$n

	t_ncpki=$(runs ncpki_gen "$work/empty")
	t_openssl=$(runs openssl_gen "$work/empty.cnf")
	"$NCPKI" crl export "$work/crl.der" --der >/dev/null
	"$OPENSSL" crl -in "$work/openssl-crl.pem" -outform DER -out "$work/openssl-crl.der"
	for f in crl.der openssl-crl.der; do
		entries=$("$OPENSSL" crl -inform DER -in "$work/$f" -noout -text | grep -c 'Serial Number:')
		[ "$entries" -eq "$n" ] || { echo "bench-crl: $f: expected $n entries, found $entries" >&2; exit 1; }
	done
	size=$(wc -c <"$work/crl.der")
	asize=$(wc -c <"$work/openssl-crl.der")
	a=$(echo "$t_openssl" | tr ' ' '\n' | grep . | bench_stats | cut -d' ' -f1)
	bench_row "CRL openssl ca -gencrl, $n revoked" "ms" time "$t_openssl"
	bench_row "CRL ncpki crl generate, $n revoked" "ms" time "$t_ncpki" "openssl ca" "$a"
	bench_row "CRL size (DER), $n revoked" "bytes" time "$size" "openssl ca" "$asize"
done

# Scaling: more (good) certificates in the database, the same revoked ones.
total=$((have + 1))
for target in $SCALE; do
	[ "$target" -gt "$total" ] || continue
	bench_fabricate_bare "$db" $((total + 1)) "$target" 1
	total=$target
	bench_row "CRL ncpki, $have revoked, $target certs in DB" "ms" time \
		"$(runs ncpki_gen "$work/empty")" "openssl ca" "$a"
done
