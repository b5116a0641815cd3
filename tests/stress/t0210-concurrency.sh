#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0210: the CLI and ncpkid on one database at once. With ncpkid running,
# five processes of OPS operations each (default 100) run together: an
# issuer processing its queued CSRs one by one, an importer (`csr import`),
# a curl submitter (POST csr), a CLI reader (`cert list`, `csr list`) and a
# curl reader (GET certs, GET ca). Then every serial is unique, every
# submitted CSR is pending or issued (none lost), and no "database is
# locked" (nor SQLITE_BUSY) reached any process's stderr or HTTP answer.
. "$(dirname "$0")/../http/lib.sh"
# make distcheck repeats the suite on the same tree: tools/check-all sets
# NCPKI_SKIP_SLOW there, since these ran in its make check already.
[ -z "${NCPKI_SKIP_SLOW:-}" ] || skip_all "NCPKI_SKIP_SLOW is set (they ran in make check)"

[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
OPS=${OPS:-100}
setup_service || finish
# the reader lists every certificate (GET certs without a criterion, issue 14)
start_ncpkid $NO_INTAKE_LIMITS --public-listing --threads 4 || finish

# 3 x OPS distinct requests from one key: the issuer's (imported now), the
# importer's and the submitter's.
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/req.key" 2>/dev/null
python3 - "$T" "$OPS" "$OPENSSL" <<'PY' || fail "could not make the requests"
import json, subprocess, sys
t, n, openssl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for who in ("iss", "imp", "sub"):
    for i in range(n):
        pem = subprocess.run([openssl, "req", "-new", "-key", t + "/req.key", "-subj",
                              "/CN=%s%d.example.com" % (who, i)], check=True,
                             capture_output=True, text=True).stdout
        open("%s/%s%d.csr" % (t, who, i), "w").write(pem)
        if who == "sub":
            json.dump({"csr": pem, "file_root": "sub%d" % i, "contact": {"name": "Conc"}},
                      open("%s/sub%d.json" % (t, i), "w"))
PY
: >"$T/iss.ids"
i=0
while [ $i -lt "$OPS" ]; do
	import_csr "iss$i" || finish
	echo "$csr_id" >>"$T/iss.ids"
	i=$((i + 1))
done
certs0=$(db_count cert)

issuer() {
	while read -r id; do
		"$NCPKI" csr process "$id" --usage tls --password-file "$PWFILE" --yes \
			</dev/null >>"$T/iss.out" 2>>"$T/iss.err" || echo "process $id: exit $?" >>"$T/iss.fail"
	done <"$T/iss.ids"
}
importer() {
	i=0
	while [ $i -lt "$OPS" ]; do
		"$NCPKI" csr import "$T/imp$i.csr" </dev/null >>"$T/imp.out" 2>>"$T/imp.err" ||
			echo "import $i: exit $?" >>"$T/imp.fail"
		i=$((i + 1))
	done
}
submitter() {
	i=0
	while [ $i -lt "$OPS" ]; do
		curl -sS --cacert "$CACERT" --max-time 30 -H 'Content-Type: application/json' \
			--data-binary "@$T/sub$i.json" -w '\n%{http_code}\n' "$BASE/csr" \
			>>"$T/sub.out" 2>>"$T/sub.err" || echo "post $i: curl exit $?" >>"$T/sub.fail"
		i=$((i + 1))
	done
}
reader() {
	i=0
	while [ $i -lt "$OPS" ]; do
		if [ $((i % 2)) -eq 0 ]; then
			"$NCPKI" cert list --json </dev/null >"$T/rd.last" 2>>"$T/rd.err"
		else
			"$NCPKI" csr list --json </dev/null >"$T/rd.last" 2>>"$T/rd.err"
		fi || echo "list $i: exit $?" >>"$T/rd.fail"
		i=$((i + 1))
	done
}
http_reader() {
	i=0
	while [ $i -lt "$OPS" ]; do
		if [ $((i % 2)) -eq 0 ]; then p=certs; else p=ca; fi
		curl -sS --cacert "$CACERT" --max-time 30 -w '\n%{http_code}\n' "$BASE/$p" \
			>>"$T/hrd.out" 2>>"$T/hrd.err" || echo "get $i: curl exit $?" >>"$T/hrd.fail"
		i=$((i + 1))
	done
}

t0=$(date +%s)
issuer & p1=$!
importer & p2=$!
submitter & p3=$!
reader & p4=$!
http_reader & p5=$!
for p in $p1 $p2 $p3 $p4 $p5; do wait "$p"; done
say "# 5 x $OPS operations took $(($(date +%s) - t0)) s"

for w in iss imp sub rd hrd; do
	checks=$((checks + 1))
	if [ -s "$T/$w.fail" ]; then
		fail "$w: $(wc -l <"$T/$w.fail") failed operations: $(head -n 3 "$T/$w.fail" | tr '\n' ' ')"
		sed -n '1,5p' "$T/$w.err"
	else
		pass "$w: all $OPS operations succeeded"
	fi
done
checks=$((checks + 1))
if grep -i -E 'locked|SQLITE_BUSY|busy' "$T"/*.err "$T/sub.out" "$T/hrd.out" "$NCPKID_ERR" >"$T/locked" 2>/dev/null; then
	fail "\"locked\" reached a user: $(head -n 3 "$T/locked")"
else
	pass "no \"database is locked\" in any stderr, answer or ncpkid's log"
fi
expect_equal "HTTP answers (submitter)" "$(grep -E '^[0-9]{3}$' "$T/sub.out" | sort | uniq -c | sed 's/^ *//')" "$OPS 201"
expect_equal "HTTP answers (reader)" "$(grep -E '^[0-9]{3}$' "$T/hrd.out" | sort | uniq -c | sed 's/^ *//')" "$OPS 200"

sed -n 's/^Certificate number \([0-9][0-9]*\) issued for .*/\1/p' "$T/iss.out" | sort -n >"$T/serials"
expect_equal "certificates issued" "$(wc -l <"$T/serials" | tr -d ' ')" "$OPS"
expect_equal "distinct serials told" "$(sort -u "$T/serials" | wc -l | tr -d ' ')" "$OPS"
expect_equal "certificate rows" "$(db_count cert)" $((certs0 + OPS))
expect_equal "distinct serials stored" \
	"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'select count(distinct serial) from cert')" $((certs0 + OPS))
max=$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'select max(serial) from cert')
srl=$(printf '%d' "0x$(cat "$CADIR/$CAROOT.srl")")
checks=$((checks + 1))
if [ "$srl" -gt "$max" ]; then pass "SRL $srl above the highest serial $max"; else fail "SRL $srl not above $max"; fi

# None lost: the importer's and submitter's requests all pending, by id.
sed -n 's/^Certificate Signing Request ".*" received as request \([0-9][0-9]*\)\.$/\1/p' "$T/imp.out" >"$T/imp.ids"
grep -o '"id": *[0-9]*' "$T/sub.out" | grep -o '[0-9]*$' >"$T/sub.ids"
expect_equal "import ids told" "$(sort -u "$T/imp.ids" | wc -l | tr -d ' ')" "$OPS"
expect_equal "submission ids told" "$(sort -u "$T/sub.ids" | wc -l | tr -d ' ')" "$OPS"
"$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'select id from csr' | sort -n >"$T/pending.ids"
sort -n "$T/imp.ids" "$T/sub.ids" >"$T/told.ids"
expect_equal "every told id is pending (none lost)" "$(comm -23 "$T/told.ids" "$T/pending.ids" | wc -l | tr -d ' ')" 0
expect_equal "pending requests" "$(db_count csr)" $((2 * OPS))
expect_equal "integrity_check" "$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'PRAGMA integrity_check')" ok

finish
