#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0104: 50 distinct CSRs posted at once (background curl jobs) are each
# stored exactly once with the id the service answered; posting them all
# again in parallel stores nothing more (every one a 409).
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
setup_service || finish
# 50 clients at once from one address: more than the default per-address
# limit (32), which is for one host, not for a load test
start_ncpkid $NO_INTAKE_LIMITS --threads 8 --max-connections-per-address 64 || finish

N=50
python3 - "$T" "$N" "$OPENSSL" <<'PY' || fail "could not make the requests"
import json, subprocess, sys
t, n, openssl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    subprocess.run([openssl, "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", "%s/p%d.key" % (t, i),
                    "-subj", "/CN=p%d.example.com" % i, "-out", "%s/p%d.csr" % (t, i)],
                   check=True, stderr=subprocess.DEVNULL)
    json.dump({"csr": open("%s/p%d.csr" % (t, i)).read(), "file_root": "p%d" % i,
               "contact": {"name": "Load Test"}}, open("%s/p%d.json" % (t, i), "w"))
PY
before=$(db_count csr)

post_all() {
	i=0
	pids=
	while [ $i -lt $N ]; do
		curl -sS --cacert "$CACERT" --max-time 30 -H 'Content-Type: application/json' \
			--data-binary "@$T/p$i.json" -o "$T/r$i.$1.json" -w '%{http_code}\n' \
			"$BASE/csr" >"$T/s$i.$1" 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	# not a bare `wait`: that would wait for ncpkid too
	for p in $pids; do wait "$p"; done
}
t0=$(date +%s)
post_all a
say "# $N parallel posts took $(($(date +%s) - t0)) s"
expect_equal "all answered 201" "$(cat "$T"/s*.a | sort | uniq -c | sed 's/^ *//')" "$N 201"
expect_equal "rows added" "$(db_count csr)" $((before + N))
expect_equal "distinct stored requests" \
	"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select count(distinct sha256) from csr")" \
	$((before + N))
python3 - "$T" "$N" "$NCPKI_HOME/ncpki.db" >"$T/verify.out" <<'PY'
import json, sqlite3, sys
t, n, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
ids, ok = set(), 0
for i in range(n):
    rid = json.load(open("%s/r%d.a.json" % (t, i)))["id"]
    ids.add(rid)
    row = con.execute("select file_root from csr where id = ?", (rid,)).fetchone()
    ok += row is not None and row[0] == "p%d" % i
print(len(ids), ok)
PY
expect_equal "distinct ids answered, each holding its own request" "$(cat "$T/verify.out")" "$N $N"

post_all b
expect_equal "all answered 409 the second time" "$(cat "$T"/s*.b | sort | uniq -c | sed 's/^ *//')" "$N 409"
expect_equal "no rows added" "$(db_count csr)" $((before + N))

finish
