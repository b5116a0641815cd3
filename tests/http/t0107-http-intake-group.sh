#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0107: group commit of POST csr (issue 7). 8 curl processes, each posting
# its share of 230 requests over one keep-alive connection, all at once:
# 200 distinct good CSRs, and mixed among them 10 that are not CSRs, 10
# with a bad file_root, 10 renewals of a certificate never issued and 10
# copies of good CSRs (a duplicate, refused inside the very group that
# stores its twin). Every 201 answer's id must be in the database holding
# exactly the request that was posted (DER, file_root, SHA-256), no id
# twice, one audit row per stored request with ncpkid's actor, the audit
# chain intact; every refusal must carry its own status, code and message
# (a duplicate names its twin's id); nothing else is stored. Then a second
# burst is cut by SIGKILL: no request answered 201 is lost.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
setup_service || finish
start_ncpkid $NO_INTAKE_LIMITS --threads 4 || finish

N=200
LOOPS=8

# start_loops TAG COUNT: LOOPS curl processes in the background (their pids
# in $pids), loop L posting bodies $T/TAGbK.json for K = L, L+LOOPS, ...
# below COUNT over one keep-alive connection; the answer to body K goes to
# $T/TAGrK.json and "STATUS K" lines to $T/TAGstatusL.
start_loops() {
	python3 - "$T" "$1" "$2" "$LOOPS" "$BASE/csr" "$CACERT" <<'PY' || fail "could not write the curl configs"
import sys
t, tag, n, loops, url, cacert = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
cfg = [open("%s/%sloop%d.cfg" % (t, tag, l), "w") for l in range(loops)]
for k in range(n):
    f = cfg[k % loops]
    if k >= loops:
        f.write("next\n")
    f.write('url = "%s"\nheader = "Content-Type: application/json"\ncacert = "%s"\n'
            'data-binary = "@%s/%sb%d.json"\noutput = "%s/%sr%d.json"\n'
            'write-out = "%%{http_code} %d\\n"\n' % (url, cacert, t, tag, k, t, tag, k, k))
for f in cfg:
    f.close()
PY
	pids=
	_l=0
	while [ $_l -lt $LOOPS ]; do
		curl -sS --max-time 60 -K "$T/${1}loop$_l.cfg" >"$T/${1}status$_l" 2>"$T/${1}curl$_l.err" &
		pids="$pids $!"
		_l=$((_l + 1))
	done
}

# make_csrs PREFIX COUNT: $T/PREFIXi.csr for i < COUNT, subject
# CN=PREFIXi.example.com, all with the one key $T/k.key.
make_csrs() {
	_i=0
	while [ $_i -lt "$2" ]; do
		"$OPENSSL" req -new -key "$T/k.key" -subj "/CN=$1$_i.example.com" \
			-out "$T/$1$_i.csr" 2>/dev/null || fail "could not make request $1$_i"
		_i=$((_i + 1))
	done
}

"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/k.key" 2>/dev/null ||
	fail "could not make the key"
make_csrs g $N
# The bodies, in the order they are posted (kinds mixed in), and what each
# one expects.
python3 - "$T" "$N" <<'PY' || fail "could not write the requests"
import json, sys
t, n = sys.argv[1], int(sys.argv[2])
def good(i):
    return {"csr": open("%s/g%d.csr" % (t, i)).read(), "file_root": "g%d" % i,
            "contact": {"name": "Group Test"}}
plan = []
for i in range(n):
    plan.append(("good", i, good(i)))
    if i % 20 == 5:
        plan.append(("notcsr", i, dict(good(i), csr="-----BEGIN CERTIFICATE REQUEST-----\n"
                     "bm90IGEgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n",
                     file_root="bad%d" % i)))
    if i % 20 == 9:
        plan.append(("root", i, dict(good(i), file_root="../up%d" % i)))
    if i % 20 == 13:
        plan.append(("renewal", i, None))   # its body is written below
    if i % 20 == 17:
        plan.append(("dup", i - 2, dict(good(i - 2), file_root="dup%d" % (i - 2))))
out = plan
json.dump([(kind, i) for kind, i, _ in out], open("%s/plan.json" % t, "w"))
for k, (kind, i, body) in enumerate(out):
    if body is not None:
        json.dump(body, open("%s/b%d.json" % (t, k), "w"))
PY
# The renewals: requests of their own, naming a serial never issued.
for k in $(python3 -c "import json,sys; print(' '.join(str(k) for k, (kind, i) in enumerate(json.load(open(sys.argv[1]))) if kind == 'renewal'))" "$T/plan.json"); do
	"$OPENSSL" req -new -key "$T/k.key" -subj "/CN=renew$k.example.com" -out "$T/n$k.csr" 2>/dev/null
	csr_json "n$k" "renew$k" "$T/b$k.json" '{"renewal_of": 999999}'
done
before=$(db_count csr)
abefore=$(db_count audit)

t0=$(date +%s)
start_loops "" "$(ls "$T"/b*.json | wc -l)"
# not a bare `wait`: that would wait for ncpkid too
for p in $pids; do wait "$p" || fail "a curl loop failed: $(cat "$T"/curl*.err)"; done
say "# $LOOPS loops posted $(cat "$T"/status* | wc -l) requests in $(($(date +%s) - t0)) s"

python3 - "$T" "$NCPKI_HOME/ncpki.db" "$before" >"$T/verify.out" <<'PY'
import base64, json, sqlite3, sys
t, db, before = sys.argv[1], sys.argv[2], int(sys.argv[3])
plan = json.load(open(t + "/plan.json"))
status = {}
for l in range(8):
    for line in open("%s/status%d" % (t, l)):
        code, k = line.split()
        status[int(k)] = int(code)
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
def der_of(path):
    pem = open(path).read()
    b64 = "".join(x for x in pem.splitlines() if x and not x.startswith("-----"))
    return base64.b64decode(b64)
problems, ids, stored_id = [], [], {}
# A good request and its copy race: whichever is stored first gets 201, the
# other 409 naming it.
twin = {i: k for k, (kind, i) in enumerate(plan) if kind == "dup"}
for k, (kind, i) in enumerate(plan):
    if kind not in ("good", "dup"):
        continue
    st = status.get(k)
    r = json.load(open("%s/r%d.json" % (t, k)))
    if st == 409 and kind == "good" and i in twin:
        continue
    if st != 201:
        if kind == "good":
            problems.append("good %d: HTTP %s %s" % (i, st, r))
        continue
    if i in stored_id:
        problems.append("request %d stored twice" % i)
    ids.append(r["id"])
    stored_id[i] = r["id"]
    root = ("g%d" if kind == "good" else "dup%d") % i
    row = con.execute("select file_root, sha256, der from csr where id = ?", (r["id"],)).fetchone()
    if row is None:
        problems.append("%s %d: id %s acknowledged but not stored" % (kind, i, r["id"]))
    elif row[0] != root or row[1] != r["sha256"] or row[2] != der_of("%s/g%d.csr" % (t, i)):
        problems.append("%s %d: id %s holds another request" % (kind, i, r["id"]))
for k, (kind, i) in enumerate(plan):
    st = status.get(k)
    r = json.load(open("%s/r%d.json" % (t, k)))
    msg = r.get("message", "")
    if kind == "notcsr":
        ok = st == 422 and r.get("error") == "bad_csr" and msg
    elif kind == "root":
        ok = st == 400 and r.get("error") == "invalid_field" and r.get("field") == "file_root"
    elif kind == "renewal":
        ok = (st == 400 and r.get("field") == "renewal_of" and "999999" in msg)
    elif kind in ("good", "dup") and st != 201 and i in twin:
        ok = (st == 409 and r.get("error") == "duplicate" and
              msg.endswith(" %d" % stored_id.get(i, -1)))
    else:
        continue
    if not ok:
        problems.append("%s %d: HTTP %s %s" % (kind, i, st, r))
print("201 answers:", len(ids))
print("distinct ids:", len(set(ids)))
print("rows added:", con.execute("select count(*) from csr").fetchone()[0] - before)
print("audit rows by ncpkid:", con.execute(
    "select count(*) from audit where action = 'csr-received' and actor = 'ncpkid:127.0.0.1'").fetchone()[0])
for p in problems:
    print("problem:", p)
PY
cat "$T/verify.out" | grep '^problem' | head -20
expect_equal "every good request answered 201" "$(sed -n 's/^201 answers: //p' "$T/verify.out")" $N
expect_equal "no id answered twice" "$(sed -n 's/^distinct ids: //p' "$T/verify.out")" $N
expect_equal "rows added: the acknowledged ones" "$(sed -n 's/^rows added: //p' "$T/verify.out")" $N
expect_equal "one audit row per stored request, actor ncpkid" \
	"$(sed -n 's/^audit rows by ncpkid: //p' "$T/verify.out")" $N
expect_equal "audit rows added: only those" "$(db_count audit)" $((abefore + N))
expect_equal "each answer right (stored request, or its own refusal)" \
	"$(grep -c '^problem' "$T/verify.out")" 0
run audit verify
expect_output_matches "^The audit trail is intact: [0-9]+ entries\\.$"

# SIGKILL in the middle of a burst: every request answered 201 must be in
# the database after it (a 201 is sent only after its group's COMMIT).
KN=400
make_csrs k $KN
python3 - "$T" "$KN" <<'PY' || fail "could not write the requests"
import json, sys
t, n = sys.argv[1], int(sys.argv[2])
for k in range(n):
    json.dump({"csr": open("%s/k%d.csr" % (t, k)).read(), "file_root": "k%d" % k,
               "contact": {"name": "Kill Test"}}, open("%s/kb%d.json" % (t, k), "w"))
PY
start_loops k "$KN"
# killed once some answers have come (curl's -w lines are written only
# when it ends: the answer files tell), with others in flight
i=0
while [ "$(find "$T" -name 'kr*.json' | wc -l)" -lt 10 ] && [ $i -lt 1000 ]; do
	sleep 0.01
	i=$((i + 1))
done
kill -KILL "$NCPKID_PID"
wait "$NCPKID_PID" 2>/dev/null
NCPKID_PID=
for p in $pids; do wait "$p"; done
run csr list   # opens the database read-write: recovers the WAL
python3 - "$T" "$NCPKI_HOME/ncpki.db" >"$T/kill.out" <<'PY'
import base64, glob, json, sqlite3, sys
t, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
acked, lost, cut = 0, [], 0
for f in glob.glob(t + "/kstatus*"):
    for line in open(f):
        code, k = line.split()
        if code != "201":
            continue
        # a 201 whose body the kill cut off (curl still prints the code):
        # the client never learnt its id, so it was not acknowledged
        try:
            rid = json.load(open("%s/kr%s.json" % (t, k)))["id"]
        except (OSError, ValueError, KeyError):
            cut += 1
            continue
        acked += 1
        pem = open("%s/k%s.csr" % (t, k)).read()
        der = base64.b64decode("".join(x for x in pem.splitlines() if not x.startswith("-----")))
        row = con.execute("select der from csr where id = ?", (rid,)).fetchone()
        if row is None or row[0] != der:
            lost.append(k)
print("acknowledged:", acked)
print("cut:", cut)
print("lost:", len(lost), " ".join(lost))
PY
say "# killed with $(sed -n 's/^acknowledged: //p' "$T/kill.out") of $KN acknowledged" \
	"($(sed -n 's/^cut: //p' "$T/kill.out") answers cut off by the kill)"
checks=$((checks + 1))
if [ "$(sed -n 's/^acknowledged: //p' "$T/kill.out")" -ge 10 ]; then
	pass "requests were acknowledged before the kill"
else
	fail "fewer than 10 requests acknowledged before the kill: $(cat "$T/kill.out")"
fi
expect_equal "acknowledged requests lost by SIGKILL" "$(sed -n 's/^lost: //p' "$T/kill.out")" "0 "
expect_equal "integrity_check" "$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "pragma integrity_check")" ok

finish
