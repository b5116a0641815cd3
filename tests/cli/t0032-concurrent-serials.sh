#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0032: two processes issuing at the same time never share a serial, and
# the SRL file ends above every serial issued.
. "$(dirname "$0")/lib.sh"

N=20
configure_ca
srl0=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")

: >"$T/ids.a"
: >"$T/ids.b"
i=1
while [ "$i" -le "$N" ]; do
	for w in a b; do
		make_csr "c$w$i" "/CN=c$w$i.example.com" "DNS:c$w$i.example.com"
		import_csr "c$w$i" || break 2
		echo "$csr_id" >>"$T/ids.$w"
	done
	i=$((i + 1))
done

# worker NAME: processes its own requests one by one.
worker() {
	: >"$T/out.$1"
	: >"$T/fail.$1"
	while read -r id; do
		"$NCPKI" csr process "$id" --usage tls --password-file "$PWFILE" --yes \
			</dev/null >>"$T/out.$1" 2>>"$T/err.$1" || echo "$id exit $?" >>"$T/fail.$1"
	done <"$T/ids.$1"
}
worker a &
pa=$!
worker b &
pb=$!
wait "$pa"
wait "$pb"

for w in a b; do
	checks=$((checks + 1))
	if [ -s "$T/fail.$w" ]; then
		fail "worker $w: failed runs: $(tr '\n' ' ' <"$T/fail.$w")"
		sed -n '1,10p' "$T/err.$w"
	else
		pass "worker $w: all $N processed"
	fi
done

sed -n 's/^Certificate number \([0-9][0-9]*\) issued for Certificate Signing Request ".*"$/\1/p' \
	"$T/out.a" "$T/out.b" | sort -n >"$T/serials"
expect_equal "certificates issued" "$(wc -l <"$T/serials" | tr -d ' ')" "$((2 * N))"
expect_equal "distinct serials" "$(sort -u "$T/serials" | wc -l | tr -d ' ')" "$((2 * N))"
max=$(tail -n 1 "$T/serials")
expect_equal "lowest serial" "$(head -n 1 "$T/serials")" "$srl0"
expect_equal "highest serial" "$max" "$((srl0 + 2 * N - 1))"
next=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")
checks=$((checks + 1))
if [ "$next" -gt "$max" ]; then pass "SRL ($next) above the highest serial ($max)"; else fail "SRL $next not above the highest serial $max"; fi
expect_equal "SRL is the next serial" "$next" "$((max + 1))"

# The database agrees: every serial stored once, each certificate its own.
expect_exit 0 cert list --json
if have_python3; then
	check "cert list --json has the same distinct serials" python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
got = sorted(r["serial"] for r in rows)
want = [int(l) for l in open(sys.argv[2])]
assert got == want, (got, want)
assert len({r["sha256"] for r in rows}) == len(rows)
' "$OUT" "$T/serials"
fi
expect_exit 0 csr list
expect_output_line "No pending Certificate Signing Requests."

finish
