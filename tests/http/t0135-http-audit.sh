#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0135: a request that reaches the CA through ncpkid is in the audit trail
# with the peer's address as its actor, next to the CLI's own entries, and
# the chain stays intact; a refused request (a duplicate) changes nothing
# and is not an entry.
. "$(dirname "$0")/lib.sh"

setup_service || finish
start_ncpkid || finish

make_csr web "/C=US/O=Example Corporation/CN=web.example.com" "DNS:web.example.com"
csr_json web web "$T/web.json"
post_json /csr "$T/web.json"
expect_status 201 "POST csr web"
web_id=$(jget '["id"]')
post_json /csr "$T/web.json"
expect_status 409 "the same request again"

run audit list --limit 1
expect_output_matches "ncpkid:127\\.0\\.0\\.1 +csr-received +request $web_id \"web\" CN=web.example.com"
expect_equal "one entry for the one stored request" \
	"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM audit WHERE action = 'csr-received' AND actor LIKE 'ncpkid:%'")" 1
run audit verify
expect_output_matches "^The audit trail is intact: [0-9]+ entries\\.$"

finish
