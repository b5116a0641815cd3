#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-listing: ncpkid's GET certs pages at 10,000 and 1,000,000
# stored certificates (issue 14). The rows are FABRICATED as
# bench/console-bench.sh fabricates them (copies of one real certificate's
# row with new serials and names, 100 technical contacts). Measured at each
# size with curl over HTTPS (RUNS runs): the first page of 1000, the last
# page (a cursor near the end), a contact's page (contact=EMAIL, its 50
# among the last 5000 rows), and
# ncpkid's peak resident memory (VmHWM) after them, one worker thread. The
# 10,000 figure of the same run is the anchor: a ratio near 1 is a flat
# cost. Figures only. SIZES and RUNS may be set.
set -eu
SIZES=${SIZES:-10000 1000000}
RUNS=${RUNS:-5}
: "${NCPKI:?}" "${NCPKID:?}" "${SQLITE3:?sqlite3 is needed}" "${OPENSSL:=openssl}"
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || { echo "bench-listing: curl is not installed: skipped"; exit 0; }
# In a sanitizer build, ASan's quarantine would count freed memory too.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
export ASAN_OPTIONS
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid"; rm -rf "$work"' EXIT
NCPKI_HOME=$work/home
export NCPKI_HOME
DB=$NCPKI_HOME/ncpki.db
(umask 077 && printf 'bench-password-1\n' >"$work/pw")

"$NCPKI" server configure --root BenchCA --dir ca --cn "Bench CA" --country US \
	--key-type p256 --password-file "$work/pw" >/dev/null
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$work/pw" >/dev/null
cacert=$(ls "$NCPKI_HOME"/ca/BenchCA.cer 2>/dev/null || find "$NCPKI_HOME" -name BenchCA.cer | head -n 1)

bench_ncpkid "$work/ncpkid.err" --threads 1 --public-listing --access-log /dev/null
base=https://127.0.0.1:$port/ncpki/v1
ms() {
	curl -sS --cacert "$cacert" --max-time 120 -o /dev/null -w '%{time_total}\n' "$base$1" |
		awk '{ printf "%.1f\n", $1 * 1000 }'
}

[ "${BENCH_HEADER:-1}" = 0 ] || bench_header
have=1
anchor_first= anchor_last= anchor_contact= anchor_hwm=
for size in $SIZES; do
	label=$(awk -v n="$size" 'BEGIN { if (n >= 1e6) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }')
	[ "$size" -le "$have" ] || bench_fabricate "$DB" $((have + 1)) "$size" 1
	have=$size
	first= last= contact=
	for _r in $(seq "$RUNS"); do
		first="$first $(ms "/certs?limit=1000")"
		last="$last $(ms "/certs?limit=1000&after=$((size - 500))")"
		contact="$contact $(ms "/certs?contact=bulk42@example.net&limit=1000&after=$((size - 5000))")"
	done
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	med() { printf '%s\n' $1 | bench_stats | cut -d' ' -f1; }
	if [ -z "$anchor_first" ]; then
		anchor_label=$label
		anchor_first=$(med "$first") anchor_last=$(med "$last")
		anchor_contact=$(med "$contact") anchor_hwm=$hwm
	fi
	bench_row "listing $label: first page of 1000" ms time "$first" "$anchor_label" "$anchor_first"
	bench_row "listing $label: last page (cursor)" ms time "$last" "$anchor_label" "$anchor_last"
	bench_row "listing $label: contact=EMAIL page" ms time "$contact" "$anchor_label" "$anchor_contact"
	bench_row "listing $label: ncpkid VmHWM" KiB time "$hwm" "$anchor_label" "$anchor_hwm"
done
