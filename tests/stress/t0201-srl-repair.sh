#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0201: an SRL file that disagrees with the database (edited down, garbled,
# emptied, deleted) is repaired forward by the next issue: the serial is one
# above the highest issued, the SRL file holds the next one, a warning says
# so, and `server show` reports the disagreement before the repair.
. "$(dirname "$0")/../cli/lib.sh"
# make distcheck repeats the suite on the same tree: tools/check-all sets
# NCPKI_SKIP_SLOW there, since these ran in its make check already.
[ -z "${NCPKI_SKIP_SLOW:-}" ] || skip_all "NCPKI_SKIP_SLOW is set (they ran in make check)"

configure_ca
SRL=$CADIR/$CAROOT.srl
n=0

# issue_next: one new request, issued; sets serial.
issue_next() {
	n=$((n + 1))
	make_csr "r$n" "/CN=r$n.example.com" "DNS:r$n.example.com" &&
		import_csr "r$n" && issue_csr "$csr_id" tls
}

srl_value() { printf '%d' "0x$(tr -d '\n' <"$SRL")"; }

for i in 1 2 3; do issue_next || finish; done
max=$serial
expect_equal "SRL after three issues" "$(srl_value)" $((max + 1))

expect_exit 0 server show
expect_output_contains "in agreement with the database"
checks=$((checks + 1))
if [ -s "$ERR" ]; then fail "server show warned with an SRL in agreement"; show_output; else pass "no warning while they agree"; fi

# case LABEL STATE: after the SRL was damaged, show warns, the next issue
# takes max+1, repairs the file and says so.
repair_case() {
	expect_exit 0 server show
	expect_stderr_matches "warning: The serial file disagrees with the database"
	expect_output_contains "$2"
	expect_exit 0 server show --json
	expect_output_contains "\"srl_state\": \"$3\""
	issue_next || return 1
	expect_equal "$1: serial is one above the highest" "$serial" $((max + 1))
	expect_stderr_matches "^ncpki: warning: The serial file \".*$CAROOT\.srl\" $4"
	expect_equal "$1: SRL repaired to the next serial" "$(srl_value)" $((serial + 1))
	max=$serial
	# Repaired: the next issue is quiet and follows on.
	issue_next || return 1
	expect_equal "$1: following serial" "$serial" $((max + 1))
	checks=$((checks + 1))
	if grep -q warning "$ERR"; then fail "$1: a second warning"; show_output; else pass "$1: quiet once repaired"; fi
	max=$serial
}

printf '01\n' >"$SRL"
repair_case "edited down" "behind the highest serial issued ($max)" behind "was behind the database"
printf '%X\n' "$max" >"$SRL"
repair_case "equal to the highest" "behind the highest serial issued" behind "was behind the database"
printf 'not a serial\n' >"$SRL"
repair_case "garbage" "not a hexadecimal serial number" garbage "did not hold a hexadecimal serial number"
: >"$SRL"
repair_case "empty" "not a hexadecimal serial number" garbage "did not hold a hexadecimal serial number"
rm -f "$SRL"
repair_case "deleted" "missing: the next issue recreates it" missing "was missing"

# Ahead of the database (a crash after the SRL write): kept, a number skipped.
printf '%X\n' $((max + 10)) >"$SRL"
expect_exit 0 server show
expect_output_contains "in agreement with the database"
issue_next || finish
expect_equal "an SRL ahead is kept" "$serial" $((max + 10))
max=$serial

# Batch issue repairs the same way.
printf '02\n' >"$SRL"
for i in 1 2 3; do
	n=$((n + 1))
	make_csr "r$n" "/CN=r$n.example.com" "DNS:r$n.example.com" && import_csr "r$n"
done
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes
expect_output_contains "3 certificates issued."
expect_stderr_matches "warning: The serial file .* was behind the database"
expect_equal "batch: SRL after" "$(srl_value)" $((max + 4))
expect_exit 0 cert list --json
check "batch: serials max+1..max+3 stored" python3 -c '
import json, sys
s = sorted(r["serial"] for r in json.load(open(sys.argv[1])))
m = int(sys.argv[2])
assert s[-3:] == [m + 1, m + 2, m + 3], s
assert len(set(s)) == len(s)
' "$OUT" "$max"

# A failed issue (wrong password) repairs nothing and says nothing.
printf '01\n' >"$SRL"
n=$((n + 1))
make_csr "r$n" "/CN=r$n.example.com" "DNS:r$n.example.com" && import_csr "r$n"
make_pwfile "$T/wrong.pw" "wrong password here"
expect_exit 4 csr process "$csr_id" --usage tls --password-file "$T/wrong.pw" --yes
expect_equal "SRL untouched by a failed issue" "$(cat "$SRL")" "01"

# A temporary file a killed writer left (nobody holds its lock) goes with
# the next write of the SRL file; one a live writer holds stays.
printf '1' >"$SRL.tmp.Dead01"
n=$((n + 1))
make_csr "r$n" "/CN=r$n.example.com" "DNS:r$n.example.com" && import_csr "r$n"
if command -v flock >/dev/null 2>&1; then
	printf '2' >"$SRL.tmp.Live01"
	flock -o "$SRL.tmp.Live01" sleep 8 </dev/null >/dev/null 2>&1 &
	holder=$!
	sleep 0.5
fi
issue_csr "$csr_id" tls
expect_no_file "$SRL.tmp.Dead01"
if [ -n "${holder:-}" ]; then
	expect_file "$SRL.tmp.Live01"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	rm -f "$SRL.tmp.Live01"
fi

# No temporary file is left beside the SRL.
expect_equal "no temporary files" "$(find "$CADIR" -name '*.tmp.*' | wc -l | tr -d ' ')" 0

finish
