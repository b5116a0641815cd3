# Shared by the bench/*.sh scripts (sourced): one table for `make bench`.
# Every row: the figure, its median with min and max over the runs, the
# anchor measured in the same run on the same machine, and the ratio
# (ncpki's figure against the anchor's, > 1 meaning ncpki is ahead).

# bench_stats: "median min max" of the numbers on stdin
bench_stats() {
	sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "0 0 0"; exit }
		printf "%s %s %s\n", a[int((NR + 1) / 2)], a[1], a[NR] }'
}

# bench_header: the table's column titles (printed once by `make bench`
# or by a script run on its own with BENCH_HEADER unset)
bench_header() {
	printf '%-44s %26s  %-30s %8s\n' "figure" "median (min-max)" "anchor (same run)" "ratio"
	printf '%s\n' "-------------------------------------------- --------------------------  ------------------------------ --------"
}

# bench_row FIGURE UNIT KIND "VALUES" [ANCHOR_LABEL ANCHOR_VALUE]
#   KIND is "rate" (higher is better: ratio = median / anchor) or "time"
#   (lower is better: ratio = anchor / median); VALUES are the runs'
#   figures separated by spaces. Without an anchor the ratio is "-".
bench_row() {
	figure=$1 unit=$2 kind=$3 values=$4 alabel=${5:-} avalue=${6:-}
	set -- $(printf '%s\n' $values | bench_stats)
	ratio=$(awk -v k="$kind" -v m="$1" -v a="$avalue" 'BEGIN {
		if (a == "" || a + 0 <= 0 || m + 0 <= 0) { print "-"; exit }
		r = (k == "time") ? a / m : m / a
		printf (r >= 10 ? "%.0fx" : "%.2fx"), r }')
	anchor=-
	[ -z "$alabel" ] || anchor="$alabel $avalue"
	printf '%-44s %26s  %-30s %8s\n' "$figure" "$1 ($2-$3) $unit" "$anchor" "$ratio"
}

# bench_ncpkid ERRFILE [OPTION...]: starts ncpkid on 127.0.0.1, on any free
# port, with the options and its standard error in ERRFILE; once it listens
# sets pid, port (HTTPS) and hport (the plain OCSP/CRL listener's, when
# --ocsp-http-port is among the options). Ends the script after 10 s without.
bench_ncpkid() {
	errfile=$1
	shift
	"$NCPKID" --listen 127.0.0.1 --port 0 "$@" 2>"$errfile" &
	pid=$!
	want_http=false
	case " $* " in *" --ocsp-http-port "*) want_http=true ;; esac
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's|^ncpkid: listening on https://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$errfile")
		hport=$(sed -n 's|^ncpkid: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$errfile")
		if [ -n "$port" ] && { ! $want_http || [ -n "$hport" ]; }; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	cat "$errfile" >&2
	exit 1
}

# bench_fabricate DB FROM TO TEMPLATE: certificates FROM..TO added to the
# database DB with SQL (FABRICATED: copies of the real certificate TEMPLATE,
# DER included, each with its own names, contact and notAfter), indexed for
# search as the store (cert_insert) indexes a certificate it issues.
bench_fabricate() {
	"$SQLITE3" "$1" "
BEGIN;
WITH RECURSIVE n(i) AS (SELECT $2 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, contact_email, sha1, sha256, not_before, not_after, issued_at, der)
SELECT i, 0, 'host' || i,
	'CN=host' || i || '.dept' || (i % 97) || '.example.com,O=Example Corporation,C=US',
	issuer, 'DNS:host' || i || '.example.com', usage, 'host' || i || '.example.com',
	'INST' || (i % 50), 'bulk' || (i % 100) || '@example.net', sha1, sha256,
	not_before, not_after + (i % 1000) * 86400, issued_at, der
FROM n, (SELECT * FROM cert WHERE serial = $4);
INSERT INTO cert_fts (rowid, subject, sans, hostname, instance, file_root)
	SELECT serial, subject, sans, hostname, instance, file_root FROM cert
	WHERE serial BETWEEN $2 AND $3;
COMMIT;"
}

# bench_fabricate_bare DB FROM TO TEMPLATE: the same rows as OCSP and the
# CRL read them (status and dates only: a 1-byte DER, one name), so that a
# million cost little disk.
bench_fabricate_bare() {
	"$SQLITE3" "$1" "
WITH RECURSIVE n(i) AS (SELECT $2 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, sha1, sha256,
	not_before, not_after, issued_at, der)
SELECT i, 0, 'fabricated', subject, issuer, sans, usage, sha1, sha256, not_before,
	not_after, issued_at, x'00'
FROM n, (SELECT * FROM cert WHERE serial = $4);"
}
