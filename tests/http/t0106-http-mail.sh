#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0106: a CSR that arrives through ncpkid makes the administrator's email
# notice go out from the service itself (its sender thread), to a real SMTP
# server, without the submission waiting for it.
TESTDIR=$(cd "$(dirname "$0")/../cli" && pwd)
. "$(dirname "$0")/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=CAserver-admin@example.com

setup_mail_service --admin-email "$ADMIN"
start_ncpkid || finish

make_csr santiago "/C=US/O=Example Corporation/CN=santiago.example.com" "DNS:santiago.example.com"
csr_json santiago Santiago "$T/s.json" '{"hostname": "santiago.example.com", "instance": "IRIS1", "contact": {"name": "Ana Perez", "phone": "+56 2 2345 6789", "email": "ana@example.org"}}'
post_json /csr "$T/s.json"
expect_status 201 "POST csr"
sha1=$(jget '["sha1"]')

# The notice arrives within a few seconds, sent by ncpkid.
found=
i=0
while [ -z "$found" ] && [ $i -lt 100 ]; do
	found=$(grep -l -F -e "$sha1" "$MAILDIR"/*.eml 2>/dev/null | head -1)
	[ -n "$found" ] || sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
if [ -n "$found" ]; then
	pass "a message carries the new request's SHA-1"
	tr -d '\r' <"$found" >"$T/last.eml"
else
	fail "no message carries $sha1 (sink holds $(mail_count))"
	: >"$T/last.eml"
fi
expect_mail_header "^To: <$ADMIN>$"
expect_mail_contains "Ana Perez"
expect_mail_contains "santiago.example.com"
run mail list --json
expect_output_contains '"state": "sent"'
expect_output_lacks '"state": "pending"'

stop_ncpkid
finish
