#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0021: the pending list (table and JSON), showing one request (labelled
# fields, --pem, --json), and deleting one (confirmation, message).
. "$(dirname "$0")/lib.sh"

configure_ca

expect_exit 0 csr list
expect_output_line "No pending Certificate Signing Requests."
expect_exit 0 csr list --json
if have_python3; then
	check "an empty list is an empty JSON array" python3 -c '
import json, sys
assert json.load(open(sys.argv[1])) == []' "$OUT"
fi

make_csr alpha "/C=US/O=Example Corporation/CN=alpha.example.com" "DNS:alpha.example.com,IP:192.0.2.7"
make_csr beta "/CN=beta.example.com" ""
import_csr alpha --contact-name "Ana Alpha" --contact-phone "+1 617 555 0101" \
	--contact-email ana@example.com --hostname alpha-host.example.com --instance INST1
alpha=$csr_id
import_csr beta
beta=$csr_id
checks=$((checks + 1))
if [ "$beta" -gt "$alpha" ]; then pass "ids increase"; else fail "ids: alpha $alpha, beta $beta"; fi

# the table: header and one row per request, oldest first
expect_exit 0 csr list
expect_output_matches '^ID +File name +Subject +Hostname +Instance +Received +Kind *$'
expect_output_matches "^ *$alpha +alpha +.*alpha\\.example\\.com.*alpha-host\\.example\\.com +INST1 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} +new *\$"
expect_output_matches "^ *$beta +beta +"
la=$(grep -n " alpha " "$OUT" | head -n 1 | cut -d: -f1)
lb=$(grep -n " beta " "$OUT" | head -n 1 | cut -d: -f1)
checks=$((checks + 1))
if [ -n "$la" ] && [ -n "$lb" ] && [ "$la" -lt "$lb" ]; then pass "oldest first"; else fail "list order"; fi

expect_exit 0 csr list --json
if have_python3; then
	check "csr list --json is JSON" python3 -m json.tool "$OUT"
	check "csr list --json has the documented keys and values" python3 -c '
import json, re, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 2, rows
keys = {"id", "file_root", "subject", "key", "sans", "sig_alg", "sha1", "sha256",
        "contact_name", "contact_phone", "contact_email", "hostname", "instance",
        "received"}
for r in rows:
    missing = keys - set(r)
    assert not missing, missing
a, b = rows
assert a["file_root"] == "alpha" and b["file_root"] == "beta", rows
assert a["contact_name"] == "Ana Alpha"
assert a["contact_phone"] == "+1 617 555 0101"
assert a["contact_email"] == "ana@example.com"
assert a["hostname"] == "alpha-host.example.com"
assert a["instance"] == "INST1"
assert "192.0.2.7" in a["sans"] and "alpha.example.com" in a["sans"]
assert a["key"] == "EC P-256"
assert a["sha1"] == sys.argv[2], (a["sha1"], sys.argv[2])
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a["received"]), a["received"]
# absent text is an empty string
assert b["contact_name"] == "" and b["hostname"] == "" and b["instance"] == "", b
' "$OUT" "$(csr_fp "$T/alpha.csr" sha1)"
fi

# show
expect_exit 0 csr show "$alpha"
for label in Request "File name" Subject Key "Requested SANs" Signature SHA-1 SHA-256 Contact Hostname Instance Received; do
	expect_output_matches "^ *$label"
done
expect_output_contains "alpha.example.com"
expect_output_contains "Ana Alpha"
expect_output_contains "+1 617 555 0101"
expect_output_contains "ana@example.com"
expect_output_contains "IP:192.0.2.7"
expect_output_contains "ecdsa-with-SHA256"
expect_output_contains "$(csr_fp "$T/alpha.csr" sha1)"
expect_output_contains "$(csr_fp "$T/alpha.csr" sha256)"
expect_output_lacks "BEGIN CERTIFICATE REQUEST"

expect_exit 0 csr show "$alpha" --pem
expect_output_contains "-----BEGIN CERTIFICATE REQUEST-----"
sed -n '/-----BEGIN CERTIFICATE REQUEST-----/,/-----END CERTIFICATE REQUEST-----/p' "$OUT" >"$T/shown.csr"
check "csr show --pem: the PEM shown parses as a request" "$OPENSSL" req -in "$T/shown.csr" -noout
expect_equal "csr show --pem: the PEM shown is the request" "$(csr_fp "$T/shown.csr" sha256)" "$(csr_fp "$T/alpha.csr" sha256)"

expect_exit 0 csr show "$alpha" --json
expect_json_object "csr show --json is one object" id "$alpha" alpha

expect_exit 1 csr show 9999
expect_stderr_line "ncpki: error: No pending Certificate Signing Request 9999."
expect_exit 2 csr show notanumber
expect_error_line

# delete
snapshot "$T/.snap"
expect_exit 2 csr delete "$beta"
expect_error_line
expect_unchanged "$T/.snap" "delete without --yes or a terminal"

pty_run "$T/pty.out" "[y/N] " "n" -- "$NCPKI" csr delete "$beta"
if [ "$rc" -ne 77 ]; then
	expect_equal "exit status when declined" "$rc" 1
	check "the question names the request" grep -qF "Delete Certificate Signing Request $beta \"beta\"? [y/N] " "$T/pty.out"
	expect_unchanged "$T/.snap" "delete declined"
fi

expect_exit 0 csr delete "$beta" --yes
expect_output_line "Certificate Signing Request $beta \"beta\" deleted."
expect_exit 1 csr show "$beta"
expect_stderr_line "ncpki: error: No pending Certificate Signing Request $beta."
expect_exit 1 csr delete "$beta" --yes
expect_stderr_line "ncpki: error: No pending Certificate Signing Request $beta."
expect_exit 0 csr list
expect_output_lacks " beta "
expect_output_contains "alpha"

# a deleted request can be submitted again
expect_exit 0 csr import "$T/beta.csr"

finish
