#!/bin/sh
# make bench-crl: CRL generation time and size for N revoked certificates
# (default 100,000) under an EC P-256 CA. The revoked rows are FABRICATED:
# one real certificate is issued, then N copies of its row with new serials
# and revocation data are inserted straight into the database with SQL
# (the CRL reads only serial and revocation columns, so they are enough).
# The time is `ncpki crl generate` wall-clock, minus the same command on an
# empty CRL (process start and key unlock); medians of RUNS. Figures only.
# KEEP=1 keeps the work directory (its database) for profiling.
set -eu
N=${N:-100000}
RUNS=${RUNS:-5}
: "${NCPKI:?}" "${SQLITE3:?sqlite3 is needed}" "${OPENSSL:=openssl}"
work=$(mktemp -d)
[ -z "${KEEP:-}" ] || echo "bench-crl: keeping $work"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
printf 'bench-password-1\n' > "$work/pw"
export NCPKI_HOME="$work/home"

now_ns() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
gen_ms() {
	t0=$(now_ns)
	"$NCPKI" crl generate --password-file "$work/pw" >/dev/null
	t1=$(now_ns)
	echo $(((t1 - t0) / 1000000))
}

"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench CRL CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$work/l.key" -subj /CN=bench.example.com -out "$work/l.csr" 2>/dev/null
"$NCPKI" csr import "$work/l.csr" >/dev/null
"$NCPKI" csr process 1 --usage tls --password-file "$work/pw" --yes >/dev/null

base=$(for i in $(seq "$RUNS"); do gen_ms; done | median)

# N fabricated revoked rows (serials 2..N+1), a quarter with an invalidity
# date, reasons cycling through the codes.
"$SQLITE3" "$NCPKI_HOME/ncpki.db" "
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $N + 1)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, sha1, sha256,
	not_before, not_after, issued_at, der, revoked_at, revocation_reason, invalidity_date)
SELECT i, 0, 'fabricated', subject, issuer, sans, usage, sha1, sha256, not_before,
	not_after, issued_at, der, issued_at + i,
	CASE i % 8 WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN 3 WHEN 3 THEN 4 WHEN 4 THEN 5
		WHEN 5 THEN 6 WHEN 6 THEN 9 ELSE 10 END,
	CASE WHEN i % 4 = 0 THEN issued_at - 86400 END
FROM n, (SELECT * FROM cert WHERE serial = 1);"

full=$(for i in $(seq "$RUNS"); do gen_ms; done | median)
"$NCPKI" crl export "$work/crl.der" --der >/dev/null
size=$(wc -c <"$work/crl.der")
entries=$("$OPENSSL" crl -inform DER -in "$work/crl.der" -noout -text | grep -c 'Serial Number:')
[ "$entries" -eq "$N" ] || { echo "bench-crl: expected $N entries, found $entries" >&2; exit 1; }

printf '%-28s %10s\n' "CRL of (fabricated rows)" "$N revoked"
printf '%-28s %7s ms\n' "ncpki crl generate, empty" "$base"
printf '%-28s %7s ms\n' "ncpki crl generate, full" "$full"
printf '%-28s %7s ms  (median of %s; target < 300 ms)\n' "CRL work (full - empty)" \
	"$((full - base))" "$RUNS"
printf '%-28s %7s bytes (%s KiB)\n' "CRL size (DER)" "$size" "$((size / 1024))"
