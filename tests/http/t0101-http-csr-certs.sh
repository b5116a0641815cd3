#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0101: POST csr stores the request (as `ncpki csr list` shows) and answers
# its id and the SHA-1/SHA-256 fingerprints of its DER; after `ncpki csr
# process`, GET certs lists what was issued with each filter, and GET
# certs/N returns one certificate with a chain that openssl verifies.
. "$(dirname "$0")/lib.sh"

setup_service || finish
# Listing without a criterion: the operator opened it (issue 14, t0143).
start_ncpkid --instance CA1 --node node1 --public-listing || finish

make_csr web "/C=US/O=Example Corporation/CN=web.example.com" "DNS:web.example.com"
make_csr db "/CN=db.example.com" "DNS:db.example.com" rsa2048
csr_json web web "$T/web.json" '{"hostname": "h1.example.com", "instance": "IRIS1"}'
csr_json db db "$T/db.json" '{"hostname": "h2.example.com", "instance": "IRIS2", "contact": {"name": "Dee"}}'

post_json /csr "$T/web.json"
expect_status 201 "POST csr web"
web_id=$(jget '["id"]')
expect_equal "sha1 of web" "$(jget '["sha1"]')" "$(csr_fp "$T/web.csr" sha1)"
expect_equal "sha256 of web" "$(jget '["sha256"]')" "$(csr_fp "$T/web.csr" sha256)"
expect_equal "file_root" "$(jget '["file_root"]')" web
expect_equal "subject" "$(jget '["subject"]')" "CN=web.example.com,O=Example Corporation,C=US"
expect_equal "instance (the service's)" "$(jget '["instance"]')" CA1
expect_equal "node" "$(jget '["node"]')" node1
post_json /csr "$T/db.json"
expect_status 201 "POST csr db (RSA 2048, contact name only)"
db_id=$(jget '["id"]')

run csr list --json
printf '%s' "$(cat "$OUT")" >"$T/list.json"
expect_equal "pending requests" "$(jget '' "$T/list.json")" 2
expect_equal "web stored with its id" "$(jget "[0]['id']" "$T/list.json")" "$web_id"
expect_equal "web's hostname stored" "$(jget "[0]['hostname']" "$T/list.json")" h1.example.com
expect_equal "web's instance stored" "$(jget "[0]['instance']" "$T/list.json")" IRIS1
expect_equal "web's contact stored" "$(jget "[0]['contact_name']" "$T/list.json")" "Pat Example"
expect_equal "db's sha256 stored" "$(jget "[1]['sha256']" "$T/list.json")" "$(csr_fp "$T/db.csr" sha256)"

# The same request again is a duplicate.
post_json /csr "$T/web.json"
expect_error 409 duplicate "POST the same csr again"

api GET /certs
expect_status 200 "GET certs"
ncpkid_certs=$(jget '["certificates"]')
expect_equal "only ncpkid's own certificate so far" "$ncpkid_certs" 1

issue_csr "$web_id" tls
web_serial=$serial
issue_csr "$db_id" codesign
db_serial=$serial

api GET /certs
expect_equal "three certificates" "$(jget '["certificates"]')" 3
api GET "/certs?hostname=h1.example.com"
expect_equal "hostname filter: count" "$(jget '["certificates"]')" 1
expect_equal "hostname filter: serial" "$(jget '["certificates"][0]["serial"]')" "$web_serial"
expect_equal "usage" "$(jget '["certificates"][0]["usage"]')" tls
api GET "/certs?instance=IRIS2"
expect_equal "instance filter" "$(jget '["certificates"][0]["serial"]')" "$db_serial"
expect_equal "usage codesign" "$(jget '["certificates"][0]["usage"]')" codesign
api GET "/certs?file_root=db&instance=IRIS2"
expect_equal "two filters" "$(jget '["certificates"]')" 1
api GET "/certs?file_root=db&instance=IRIS1"
expect_equal "two filters, no match" "$(jget '["certificates"]')" 0
api GET "/certs?serial=$web_serial"
expect_equal "serial filter" "$(jget '["certificates"][0]["file_root"]')" web
api GET "/certs?serial=0"
expect_error 400 invalid_field "serial=0 filter"
api GET "/certs?colour=blue"
expect_error 400 unknown_field "unknown filter"

api GET "/certs/$web_serial"
expect_status 200 "GET certs/$web_serial"
jget '["pem"]' >"$T/web.cer"
jget '["chain"][0]' >"$T/chain.pem"
check "chain[0] is the CA certificate" cmp -s "$T/chain.pem" "$CACERT"
check "certificate verifies with the chain" \
	"$OPENSSL" verify -CAfile "$T/chain.pem" -purpose sslserver "$T/web.cer"
expect_equal "chain length" "$(jget '["chain"]')" 1
expect_equal "sha256 matches the PEM" "$(jget '["sha256"]')" "$(sha256_of "$T/web.cer")"
expect_equal "serial" "$(jget '["serial"]')" "$web_serial"
expect_equal "hostname" "$(jget '["hostname"]')" h1.example.com
check "certificate's key is web's" sh -c \
	"[ \"\$('$OPENSSL' x509 -in '$T/web.cer' -noout -pubkey)\" = \"\$('$OPENSSL' pkey -in '$T/web.pkey' -pubout)\" ]"
run cert get "$web_serial" --out "$T/web-cli.cer"
expect_file "$T/web-cli.cer"
if [ -f "$T/web-cli.cer" ]; then
	check "same PEM as 'ncpki cert get'" cmp -s "$T/web.cer" "$T/web-cli.cer"
fi

api GET /certs/abc
expect_error 400 invalid_field "serial abc"
api GET /certs/999999
expect_error 404 not_found "unknown serial"

finish
