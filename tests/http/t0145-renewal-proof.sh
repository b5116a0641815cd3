#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0145: a renewal proves possession of the renewed certificate's key and
# keeps its names and contact (issue 14). Through ncpkid on loopback: a
# third party's "renewal" of someone's certificate with its own key (no
# proof, a proof by its own key, a real proof made for another request)
# is refused 403 not_a_renewal and nothing is queued as a renewal; so is a
# renewal adding a SAN, changing the contact, or renewing a revoked
# certificate. `ncpki client renew` with a new key sends a proof (made with
# the old key, also when that key is encrypted) and is issued as the
# renewal; --reuse-key needs none; a renewal dropping a SAN is one. The old
# certificate counts as renewed only once the renewal is issued. On the CA
# host, `csr import --renewal-of N` takes the same key or --proof FILE (a
# proof made by openssl alone), else refuses with exit 3.
. "$(dirname "$0")/lib.sh"

CD=$CH/client
SUBJ="/C=US/O=Example Corporation/CN=web.example.com"
SANS="DNS:web.example.com,IP:192.0.2.7"

renewals_queued() { "$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM csr WHERE renewal_of IS NOT NULL"; }
renewed_by() { "$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM cert WHERE renewal_of = $1"; }
# body NAME JSON: a POST csr body for $T/NAME.csr with the client's contact.
body() {
	python3 - "$T/$1.csr" "$T/$1.json" "$2" <<'PY'
import json, sys
b = {"csr": open(sys.argv[1]).read(), "file_root": "web", "hostname": "client.example.com",
     "instance": "IRIS1", "contact": {"name": "Jane Doe", "email": "jane@example.com"}}
b.update(json.loads(sys.argv[3]))
json.dump(b, open(sys.argv[2], "w"))
PY
}
refused() {   # refused WHAT FIELD: a 403 not_a_renewal naming FIELD
	expect_error 403 not_a_renewal "$1"
	expect_equal "$1: field" "$(jget '["field"]')" "$2"
	check "$1: the message says it can come as a new request" \
		grep -q "Send the request as a new request instead" "$BODY"
}
[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"

client_web_cert

# ------------------------------------ (a) a third party with its own key
make_csr mallory "$SUBJ" "$SANS"
before=$(db_hash)
body mallory "{\"renewal_of\": $s1}"
post_json /csr "$T/mallory.json"
refused "a renewal with another key and no proof" renewal_proof
make_proof "$T/mallory.pkey" "$s1" "$T/mallory.csr" "$T/mallory.proof"
body mallory "{\"renewal_of\": $s1, \"renewal_proof\": \"$(cat "$T/mallory.proof")\"}"
post_json /csr "$T/mallory.json"
refused "a renewal proven with the submitter's own key" renewal_proof
body mallory "{\"renewal_of\": $s1, \"renewal_proof\": \"bm90IGEgc2lnbmF0dXJl\"}"
post_json /csr "$T/mallory.json"
refused "a renewal with a proof that is no signature" renewal_proof
# A real proof, made by the holder for their own request, replayed.
make_csr legit "$SUBJ" "$SANS"
make_proof "$CD/web.key" "$s1" "$T/legit.csr" "$T/legit.proof"
body mallory "{\"renewal_of\": $s1, \"renewal_proof\": \"$(cat "$T/legit.proof")\"}"
post_json /csr "$T/mallory.json"
refused "a proof made for another request" renewal_proof
# A proof that is not a string, or without the serial it proves: 400.
body mallory "{\"renewal_of\": $s1, \"renewal_proof\": 5}"
post_json /csr "$T/mallory.json"
expect_error 400 invalid_field "renewal_proof a number"
body mallory "{\"renewal_proof\": \"$(cat "$T/legit.proof")\"}"
post_json /csr "$T/mallory.json"
expect_error 400 invalid_field "renewal_proof without renewal_of"
expect_equal "field" "$(jget '["field"]')" renewal_proof
expect_equal "(a) nothing queued as a renewal" "$(renewals_queued)" 0
expect_equal "(a) the database is unchanged" "$(db_hash)" "$before"

# ------------------------------ (b) a SAN added, (c) the contact changed
"$OPENSSL" req -new -key "$CD/web.key" -subj "$SUBJ" \
	-addext "subjectAltName=$SANS,DNS:evil.example.com" -out "$T/more.csr" 2>/dev/null
body more "{\"renewal_of\": $s1}"
post_json /csr "$T/more.json"
refused "a renewal adding a SAN (same key)" sans
check "the message names the SAN added" grep -q "DNS:evil.example.com" "$BODY"
"$OPENSSL" req -new -key "$CD/web.key" -subj "$SUBJ" -addext "subjectAltName=$SANS" \
	-out "$T/same.csr" 2>/dev/null
body same "{\"renewal_of\": $s1, \"contact\": {\"name\": \"Mallory\", \"email\": \"m@evil.example\"}}"
post_json /csr "$T/same.json"
refused "a renewal changing the contact" contact
body same "{\"renewal_of\": $s1, \"contact\": {\"name\": \"Jane Doe\", \"email\": \"jane@example.com\", \"phone\": \"+1 555 0199\"}}"
post_json /csr "$T/same.json"
refused "a renewal adding a phone number to the contact" contact
expect_equal "(b, c) nothing queued as a renewal" "$(renewals_queued)" 0
expect_equal "(b, c) the database is unchanged" "$(db_hash)" "$before"
# What is refused as a renewal is welcome as a new request.
body more "{}"
post_json /csr "$T/more.json"
expect_status 201 "the request with the SAN added, sent as a new request"
run csr show "$(jget '["id"]')"
expect_output_matches "^Kind: +new\$"

# -------------------- (d) client renew with a new key: the proof is sent
today=$(date -u +%Y%m%d)
renewed --serial "$s1" --key-type p256 --no-password
r1=$req_id
expect_file "$CD/web-$today.proof"
expect_output_contains "written to \"$CD/web-$today.proof\""
run csr show "$r1"
expect_output_matches "^Kind: +renewal of $s1\$"
expect_equal "(d) pending: $s1 not counted as renewed yet" "$(renewed_by "$s1")" 0
issue_csr "$r1" tls
s2=$serial
expect_equal "(d) the issued certificate records the serial it renews" \
	"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT renewal_of FROM cert WHERE serial = $s2")" "$s1"
expect_equal "(d) issued: $s1 counts as renewed" "$(renewed_by "$s1")" 1
client get "$s2"
expect_not_equal "(d) a new key" "$(pubkey "$CD/web-$today.cer")" "$(pubkey "$CD/web.cer")"
# The proof names its request: replayed with another one, it proves nothing.
make_csr other "$SUBJ" "$SANS"
body other "{\"renewal_of\": $s1, \"renewal_proof\": \"$(cat "$CD/web-$today.proof")\"}"
post_json /csr "$T/other.json"
refused "client renew's proof replayed with another request" renewal_proof

# ---------------------------------------------- (e) --reuse-key: no proof
renewed --serial "$s2" --reuse-key --root web-reuse
expect_no_file "$CD/web-reuse.proof"
issue_csr "$req_id" tls
s3=$serial
expect_equal "(e) --reuse-key renews $s2" "$(renewed_by "$s2")" 1

# A renewal may drop a SAN (same key): fewer names, none added.
"$OPENSSL" req -new -key "$CD/web-$today.key" -subj "$SUBJ" -addext "subjectAltName=DNS:web.example.com" \
	-out "$T/fewer.csr" 2>/dev/null
body fewer "{\"renewal_of\": $s3}"
post_json /csr "$T/fewer.json"
expect_status 201 "a renewal with fewer SANs"

# An encrypted old key signs the proof with --old-password-file.
make_pwfile "$T/key.pw" "client key password"
client submit --root dev --cn device7.example.com --country US --key-type p256 \
	--hostname client.example.com --password-file "$T/key.pw"
submitted || finish
issue_csr "$req_id" tls
s4=$serial
client get "$s4"
client renew --serial "$s4" --root dev2 --key-type p256 --no-password
expect_equal "new key, encrypted old key, no password: exit" "$rc" 4
expect_no_file "$CD/dev2.csr"
renewed --serial "$s4" --root dev2 --key-type p256 --no-password --old-password-file "$T/key.pw"
run csr show "$req_id"
expect_output_matches "^Kind: +renewal of $s4\$"
# Without the old key there is no renewal.
mv "$CD/dev.key" "$T/dev.key.away"
client renew --serial "$s4" --root dev3 --key-type p256 --no-password
expect_equal "renew without the old key: exit" "$rc" 5
expect_stderr_contains "a renewal proves possession of it"
expect_no_file "$CD/dev3.csr"

# ------------------------------------------ a revoked certificate: refused
run cert revoke "$s4" --reason superseded --password-file "$PWFILE" --yes
mv "$T/dev.key.away" "$CD/dev.key"
"$OPENSSL" req -new -key "$CD/dev.key" -passin "file:$T/key.pw" -subj "/C=US/CN=device7.example.com" \
	-out "$T/dev4.csr" 2>/dev/null
body dev4 "{\"renewal_of\": $s4}"
post_json /csr "$T/dev4.json"
refused "a renewal of a revoked certificate" renewal_of

# ------------------------------------- the CA host: csr import --renewal-of
snapshot "$T/snap"
expect_exit 3 csr import "$T/mallory.csr" --root web --renewal-of "$s1" \
	--contact-name "Jane Doe" --contact-email jane@example.com
expect_stderr_contains "no proof of possession of the key of certificate $s1"
expect_exit 3 csr import "$T/mallory.csr" --root web --renewal-of "$s1" \
	--contact-name "Jane Doe" --contact-email jane@example.com --proof "$T/mallory.proof"
expect_stderr_contains "The renewal proof is not a signature by the key of certificate $s1"
expect_exit 3 csr import "$T/same.csr" --root web --renewal-of "$s1"
expect_stderr_contains "a renewal keeps the contact"
expect_unchanged "$T/snap" "refused imports"
expect_exit 2 csr import "$T/legit.csr" --proof "$T/legit.proof"
import_csr legit --root web --renewal-of "$s1" --contact-name "Jane Doe" \
	--contact-email jane@example.com --proof "$T/legit.proof"
expect_output_line "It renews certificate $s1."
import_csr same --root web --renewal-of "$s1" --contact-name "Jane Doe" \
	--contact-email jane@example.com
expect_output_line "It renews certificate $s1."

stop_ncpkid
finish
