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
