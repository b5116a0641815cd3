#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0125: POST csr with "renewal_of": a renewal of an issued certificate is
# stored as one (201, "renewal_of" in the answer), issued with
# cert.renewal_of, and GET certs shows it; a serial never issued, another
# subject or a renewal_of that is not a positive integer is refused (400,
# field renewal_of) and the database stays as it was.
. "$(dirname "$0")/lib.sh"

setup_service || finish
start_ncpkid || finish

SUBJ="/C=US/O=Example Corporation/CN=app.example.com"
make_csr app "$SUBJ" "DNS:app.example.com"
csr_json app app "$T/app.json"
post_json /csr "$T/app.json"
expect_status 201 "POST csr (the first certificate)"
expect_equal "no renewal_of for a new request" "$(jget '["renewal_of"]')" "<KeyError>"
issue_csr "$(jget '["id"]')" tls
s_old=$serial

make_csr app2 "$SUBJ" "DNS:app.example.com"
# A new key: the proof of possession of the old one (issue 14, t0145).
make_proof "$T/app.pkey" "$s_old" "$T/app2.csr" "$T/app2.proof"
csr_json app2 app "$T/app2.json" "{\"renewal_of\": $s_old, \"renewal_proof\": \"$(cat "$T/app2.proof")\"}"
post_json /csr "$T/app2.json"
expect_status 201 "POST csr renewing $s_old"
expect_equal "the answer's renewal_of" "$(jget '["renewal_of"]')" "$s_old"
r_id=$(jget '["id"]')
run csr show "$r_id"
expect_output_matches "^Kind: +renewal of $s_old\$"
issue_csr "$r_id" tls
s_new=$serial

api GET "/certs/$s_new"
expect_status 200 "GET certs/$s_new"
expect_equal "certs/$s_new renewal_of" "$(jget '["renewal_of"]')" "$s_old"
api GET "/certs/$s_old"
expect_equal "certs/$s_old renewal_of" "$(jget '["renewal_of"]')" "None"
api GET "/certs?serial=$s_new"
expect_equal "certs?serial renewal_of" "$(jget '["certificates"][0]["renewal_of"]')" "$s_old"

# ------------------------------------------------------------ refusals
make_csr app3 "$SUBJ" "DNS:app.example.com"
make_csr other "/C=US/O=Example Corporation/CN=other.example.com" "DNS:app.example.com"
before=$(db_hash)

csr_json app3 app "$T/r1.json" '{"renewal_of": 424242}'
post_json /csr "$T/r1.json"
expect_error 400 invalid_field "a serial never issued"
expect_equal "field" "$(jget '["field"]')" renewal_of
expect_equal "message" "$(jget '["message"]')" \
	"Certificate 424242 was never issued by this Certificate Authority: a renewal names the serial number of an issued certificate"

csr_json other app "$T/r2.json" "{\"renewal_of\": $s_old}"
post_json /csr "$T/r2.json"
expect_error 400 invalid_field "another subject"
expect_equal "field" "$(jget '["field"]')" renewal_of
expect_equal "message" "$(jget '["message"]')" \
	"The request's subject \"CN=other.example.com,O=Example Corporation,C=US\" is not the subject of certificate $s_old (\"CN=app.example.com,O=Example Corporation,C=US\"): a renewal keeps the subject exactly"

for bad in '"1"' 0 -3 1.5 True '[1]'; do
	csr_json app3 app "$T/r3.json" "{\"renewal_of\": $bad}"
	post_json /csr "$T/r3.json"
	expect_error 400 invalid_field "renewal_of $bad"
	expect_equal "field for $bad" "$(jget '["field"]')" renewal_of
done
expect_equal "the database after the refusals" "$(db_hash)" "$before"

# null is the same as absent: a new request.
csr_json app3 app "$T/r4.json" '{"renewal_of": None}'
post_json /csr "$T/r4.json"
expect_status 201 "renewal_of null"
run csr show "$(jget '["id"]')"
expect_output_matches '^Kind: +new$'

stop_ncpkid
finish
