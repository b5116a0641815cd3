#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0143: GET certs answers pages (issue 14): ?limit=N (default 100, at most
# 1000; more is a 400), the cursor ?after= taken from the previous page's
# "next" (absent on the last page); an anonymous caller must name a
# criterion (contact=EMAIL...) unless ncpkid runs with --public-listing.
# Then 20,000 and 200,000 certificate rows are fabricated straight into
# the database (as bench/console-bench.sh does): each page is answered
# within 2 s, and ncpkid's peak memory (VmHWM) is the same at 200,000 rows
# as at 20,000 (the old code read every matching row for each listing).
. "$(dirname "$0")/../../bench/lib.sh"   # bench_fabricate
. "$(dirname "$0")/lib.sh"
[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

# ASan's quarantine keeps freed memory from reuse: without it VmHWM shows
# what ncpkid holds at once, which is what this test bounds.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
export ASAN_OPTIONS

setup_service || finish
start_ncpkid $NO_INTAKE_LIMITS || finish

# 25 requests, alternately of two technical contacts, issued in one run.
i=1
while [ $i -le 25 ]; do
	if [ $((i % 2)) -eq 1 ]; then who=ann@example.com; else who=bob@example.org; fi
	make_csr "h$i" "/CN=h$i.example.com" "DNS:h$i.example.com" || finish
	csr_json "h$i" "h$i" "$T/h$i.json" \
		"{\"hostname\": \"h$i.example.com\", \"contact\": {\"name\": \"C $i\", \"email\": \"$who\"}}"
	post_json /csr "$T/h$i.json"
	[ "$status" = 201 ] || { expect_status 201 "POST csr h$i"; finish; }
	i=$((i + 1))
done
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes

# pages QUERY: follows "next" from GET certs?QUERY to the end (60 pages at
# most); the serials seen, one a line, in $T/seen, the pages in $pages.
pages() {
	: >"$T/seen"
	pages=0
	_after=
	while [ $pages -lt 60 ]; do
		api GET "/certs?$1$_after"
		[ "$status" = 200 ] || { expect_status 200 "page $pages of $1"; return 1; }
		pages=$((pages + 1))
		python3 -c 'import json,sys; [print(c["serial"]) for c in json.load(open(sys.argv[1]))["certificates"]]' \
			"$BODY" >>"$T/seen"
		_next=$(jget '.get("next", "")')
		[ -n "$_next" ] || return 0
		_after="&after=$_next"
	done
	fail "pages $1: more than 60 pages"
}

# Anonymous callers name a criterion; the error says which exist.
api GET /certs
expect_error 400 missing_field "anonymous listing without a criterion"
check "the error names the criteria" grep -q 'contact' "$BODY"
api GET "/certs?limit=10"
expect_error 400 missing_field "a page size is no criterion"

# The contact criterion: only that contact's certificates, paged.
pages "contact=ann@example.com&limit=5"
expect_equal "ann's certificates" "$(wc -l <"$T/seen" | tr -d ' ')" 13
expect_equal "ann's in 3 pages of 5" "$pages" 3
"$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" \
	"SELECT serial FROM cert WHERE contact_email = 'ann@example.com' ORDER BY serial" >"$T/ann"
check "exactly ann's, in order" cmp -s "$T/seen" "$T/ann"
api GET "/certs?contact=BOB@example.org"
expect_equal "bob's (the address in any case)" "$(jget '["certificates"]')" 12
expect_equal "one page: no next" "$(jget '.get("next", "none")')" none
api GET "/certs?contact=nobody@example.net"
expect_equal "an unknown contact: nothing" "$(jget '["certificates"]')" 0

# Page sizes.
api GET "/certs?contact=ann@example.com&limit=1001"
expect_error 400 invalid_field "limit=1001"
check "the error gives the maximum" grep -q 1000 "$BODY"
api GET "/certs?contact=ann@example.com&limit=0"
expect_error 400 invalid_field "limit=0"
api GET "/certs?contact=ann@example.com&after=x"
expect_error 400 invalid_field "a cursor that is no serial"
api GET "/certs?contact=ann@example.com&limit=1000"
expect_status 200 "limit=1000"

# The operator opens the listing: every certificate, paged.
# One worker thread: one database connection, whose page cache (SQLite's
# default, 2 MB) is then all the cache there is in the figures below.
stop_ncpkid
start_ncpkid $NO_INTAKE_LIMITS --public-listing --threads 1 || finish
"$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "SELECT serial FROM cert ORDER BY serial" >"$T/all"
expect_equal "25 certificates and ncpkid's own" "$(wc -l <"$T/all" | tr -d ' ')" 26
pages "limit=10"
expect_equal "3 pages of 10" "$pages" 3
check "every certificate once, in order" cmp -s "$T/seen" "$T/all"
api GET /certs
expect_status 200 "--public-listing: no criterion needed"
expect_equal "the default page holds all 26" "$(jget '["certificates"]')" 26
api GET "/certs?limit=1001"
expect_error 400 invalid_field "limit=1001 with --public-listing"

hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$NCPKID_PID/status"; }
# ms PATH: the time of one GET in milliseconds
ms() {
	curl -sS --cacert "$CACERT" --max-time 60 -o "$BODY" -w '%{time_total}' "$BASE$1" |
		awk '{ printf "%d\n", $1 * 1000 }'
}
api GET "/certs?limit=1000"
pages "limit=7"
hwm0=$(hwm)

# fabricate FROM TO: rows FROM..TO, fabricated as bench/console-bench.sh
# fabricates them (bench_fabricate): copies of certificate 2's row with new
# serials and names, of 100 bulk contacts.
fabricate() {
	bench_fabricate "$NCPKI_HOME/ncpki.db" "$1" "$2" "$(sed -n 2p "$T/all")" ||
		fail "fabricating rows $1 to $2"
}

# measure N: the same pages with N fabricated rows above the 26 real ones:
# their times in $times (ms), then ncpkid's VmHWM in $hwm (KiB).
measure() {
	_n=$1
	times=
	times="$times first $(ms "/certs?limit=1000")"
	expect_equal "$_n: the first page: 1000" "$(jget '["certificates"]')" 1000
	expect_equal "$_n: its cursor, the 1000th serial" "$(jget '["next"]')" \
		"$(jget '["certificates"][999]["serial"]')"
	times="$times last $(ms "/certs?limit=1000&after=$((top + _n - 500))")"
	expect_equal "$_n: the last page: 500" "$(jget '["certificates"]')" 500
	expect_equal "$_n: the last page has no next" "$(jget '.get("next", "none")')" none
	times="$times default $(ms "/certs")"
	expect_equal "$_n: the default page: 100" "$(jget '["certificates"]')" 100
	times="$times contact $(ms "/certs?contact=bulk42@example.net&limit=1000&after=$((top + _n - 20000))")"
	expect_equal "$_n: a contact's last 20,000: 200" "$(jget '["certificates"]')" 200
	times="$times ann $(ms "/certs?contact=ann@example.com")"
	expect_equal "$_n: ann's 13 among them" "$(jget '["certificates"]')" 13
	times="$times hostname $(ms "/certs?hostname=host$((top + _n * 3 / 4)).example.com")"
	expect_equal "$_n: one hostname among them" "$(jget '["certificates"]')" 1
	hwm=$(hwm)
	say "# $_n fabricated rows: page times (ms):$times; ncpkid VmHWM $hwm KiB"
	set -- $times
	while [ $# -ge 2 ]; do
		check "$_n rows: the $1 page within 2 s ($2 ms)" test "$2" -lt 2000
		shift 2
	done
}

top=$(tail -n 1 "$T/all")
fabricate $((top + 1)) $((top + 20000))
measure 20000
hwm20=$hwm
fabricate $((top + 20001)) $((top + 200000))
expect_equal "200,026 certificates" "$(db_count cert)" 200026
measure 200000
say "# ncpkid VmHWM: $hwm0 KiB with 26 rows, $hwm20 KiB with 20,026, $hwm KiB with 200,026"
check "VmHWM flat from 20,026 to 200,026 rows (+$((hwm - hwm20)) KiB < 4 MiB)" \
	test $((hwm - hwm20)) -lt 4096
check "VmHWM from 26 to 200,026 rows: +$((hwm - hwm0)) KiB < 32 MiB" \
	test $((hwm - hwm0)) -lt 32768

stop_ncpkid
finish
