#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0142: intake abuse (issue 14). POST csr is rate limited per client
# address (a burst from 127.0.0.1 gets 429 with Retry-After and a JSON
# error while 127.0.0.2 is still served); the pending requests are limited
# per address and per technical contact, counted in the transaction that
# stores them (ten parallel submissions cannot pass a quota of five); and
# the administrator gets one digest of new requests from a real SMTP
# server, not one mail per request.
TESTDIR=$(cd "$(dirname "$0")/../cli" && pwd)
. "$(dirname "$0")/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=CAserver-admin@example.com
setup_mail_service --admin-email "$ADMIN"

# Requests made beforehand, so that a burst is a burst.
i=1
while [ $i -le 32 ]; do
	make_csr "r$i" >/dev/null 2>&1
	i=$((i + 1))
done
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
for i in range(1, 33):
    json.dump({"csr": open("%s/r%d.csr" % (t, i)).read(), "file_root": "r%d" % i,
               "hostname": "host.example.com", "instance": "inst1",
               "contact": {"name": "Pat Example", "email": "pat%d@example.com" % i}},
              open("%s/r%d.json" % (t, i), "w"))
PY
n=0
# submit FROM [EXTRA-PYTHON-DICT]: POST csr of a fresh request from address FROM.
submit() {
	n=$((n + 1))
	[ -z "${2:-}" ] || csr_json "r$n" "r$n" "$T/r$n.json" "$2"
	api POST /csr -H 'Content-Type: application/json' --data-binary "@$T/r$n.json" \
		--interface "$1"
}

# wait_mails N [TENTHS]: until the sink holds N messages (10 s at most).
wait_mails() {
	_i=0
	while [ "$(mail_count)" -lt "$1" ] && [ $_i -lt "${2:-100}" ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# ---- one digest, never a mail per request
start_ncpkid $NO_INTAKE_LIMITS --mail-digest-interval 30 || finish
wait_mails 1
base=$(mail_count)
submit 127.0.0.1
expect_status 201 "the first request after a quiet period"
first_sha1=$(jget '["sha1"]')
wait_mails $((base + 1))
expect_equal "its notice goes at once" "$(mail_count)" $((base + 1))
check "that notice names the request" grep -q -F -e "$first_sha1" "$MAILDIR"/*.eml
: >"$T/sha1s"
burst_start=$(date +%s)
i=0
while [ $i -lt 6 ]; do
	submit 127.0.0.1
	expect_status 201 "request $i of a burst"
	jget '["sha1"]' >>"$T/sha1s"
	echo >>"$T/sha1s"
	i=$((i + 1))
done
sleep 1
burst=$(($(date +%s) - burst_start))
check "the burst took less than the digest interval (${burst}s)" test "$burst" -lt 30
expect_equal "no mail for the burst within the digest interval" "$(mail_count)" $((base + 1))
wait_mails $((base + 2)) 450
sleep 1
expect_equal "one digest for the six" "$(mail_count)" $((base + 2))
digest=$(grep -l -F "6 Certificate Signing Requests received" "$MAILDIR"/*.eml | head -1)
check "the digest's subject counts six requests" test -n "$digest"
if [ -n "$digest" ]; then
	tr -d '\r' <"$digest" >"$T/last.eml"
	expect_mail_header "^To: <$ADMIN>$"
	while read -r s; do
		[ -n "$s" ] && expect_mail_contains "$s"
	done <"$T/sha1s"
fi
run mail list --json
expect_output_lacks '"state": "pending"'
stop_ncpkid

# ---- the rate limit per address: 3 at once, then 1 a minute
start_ncpkid --rate-limit 1 --rate-burst 3 --max-pending-per-address 0 \
	--max-pending-per-contact 0 || finish
for i in 1 2 3; do
	submit 127.0.0.1
	expect_status 201 "request $i of the burst allowed"
done
before=$(db_count csr)
submit 127.0.0.1
expect_error 429 rate_limited "the fourth request at once from 127.0.0.1"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/Ip' "$HDRS" | tr -d '\r')
check "Retry-After gives the seconds until the next token ($retry)" \
	test -n "$retry" -a "${retry:-0}" -ge 1 -a "${retry:-0}" -le 60
expect_equal "nothing stored for it" "$(db_count csr)" "$before"
submit 127.0.0.2
expect_status 201 "127.0.0.2 is still served"
submit 127.0.0.1
expect_status 429 "127.0.0.1 still waits"
stop_ncpkid

# ---- the quota of pending requests per address, in the storing transaction
start_ncpkid --rate-limit 0 --max-pending-per-address 5 --max-pending-per-contact 0 || finish
i=0
while [ $i -lt 10 ]; do
	n=$((n + 1))
	cp "$T/r$n.json" "$T/q$i.json"
	i=$((i + 1))
done
pids=
i=0
while [ $i -lt 10 ]; do
	curl -sS --cacert "$CACERT" --max-time 20 --interface 127.0.0.3 \
		-H 'Content-Type: application/json' --data-binary "@$T/q$i.json" \
		-o "$T/q$i.out" -D "$T/q$i.hdr" -w '%{http_code}\n' "$BASE/csr" >"$T/q$i.code" 2>/dev/null &
	pids="$pids $!"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wait $pids
expect_equal "ten at once from 127.0.0.3: five stored" "$(cat "$T"/q*.code | grep -c '^201$')" 5
expect_equal "and five refused with 429" "$(cat "$T"/q*.code | grep -c '^429$')" 5
expect_equal "five pending from 127.0.0.3 in the database" \
	"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select count(*) from csr where submitter = '127.0.0.3'")" 5
refused=$(grep -l '^429$' "$T"/q*.code | head -1)
if [ -n "$refused" ]; then
	cp "${refused%.code}.out" "$BODY"
	cp "${refused%.code}.hdr" "$HDRS"
	expect_equal "the refusal's code" "$(jget '["error"]')" too_many_pending
	expect_equal "the refusal's field" "$(jget '["field"]')" address
	check "the refusal has a Retry-After" grep -qi '^Retry-After: [0-9]' "$HDRS"
fi
submit 127.0.0.4
expect_status 201 "another address is still served"
# One processed: room for one more.
run csr delete "$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select min(id) from csr where submitter = '127.0.0.3'")" --yes
submit 127.0.0.3
expect_status 201 "a request deleted makes room"
submit 127.0.0.3
expect_error 429 too_many_pending "and then the quota holds again"
stop_ncpkid

# ---- the quota per technical contact, whatever the address
start_ncpkid --rate-limit 0 --max-pending-per-address 0 --max-pending-per-contact 2 || finish
submit 127.0.0.5 '{"contact": {"name": "Lim", "email": "limited@example.org"}}'
expect_status 201 "the contact's first"
submit 127.0.0.6 '{"contact": {"name": "Lim", "email": "limited@example.org"}}'
expect_status 201 "the contact's second, from elsewhere"
submit 127.0.0.7 '{"contact": {"name": "Lim", "email": "LIMITED@Example.org"}}'
expect_error 429 too_many_pending "the contact's third, in other letter case"
expect_equal "the refusal names the contact" "$(jget '["field"]')" contact
check "the message says why" grep -q "technical contact already has 2 requests" "$BODY"
submit 127.0.0.7 '{"contact": {"name": "Other", "email": "other@example.org"}}'
expect_status 201 "another contact is still served"
stop_ncpkid

finish
