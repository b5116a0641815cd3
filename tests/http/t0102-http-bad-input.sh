#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0102: every malformed request gets its 4xx, a JSON error with the
# contract's code (and field), and leaves the database as it was.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
setup_service || finish
start_ncpkid || finish

make_csr good "/CN=good.example.com" "DNS:good.example.com"
make_csr weak "/CN=weak.example.com" "DNS:weak.example.com" rsa1024
# A request whose signature does not verify: flip the signature's last byte.
"$OPENSSL" req -in "$T/good.csr" -outform DER -out "$T/good.der"
python3 - "$T/good.der" "$T/broken.csr" <<'PY'
import base64, sys
d = bytearray(open(sys.argv[1], "rb").read())
d[-1] ^= 0x01
b = base64.encodebytes(bytes(d)).decode().replace("\n", "")
lines = [b[i:i + 64] for i in range(0, len(b), 64)]
open(sys.argv[2], "w").write("-----BEGIN CERTIFICATE REQUEST-----\n" + "\n".join(lines) +
                             "\n-----END CERTIFICATE REQUEST-----\n")
PY
check "the broken request parses but fails verification" sh -c \
	"'$OPENSSL' req -in '$T/broken.csr' -noout 2>/dev/null && '$OPENSSL' req -in '$T/broken.csr' -noout -verify 2>&1 | grep -qi 'verify fail'"

csr_json weak weak "$T/weak.json"
csr_json broken broken "$T/broken.json"
csr_json good good "$T/badroot.json" '{"file_root": "../x"}'
csr_json good good "$T/hyphenroot.json" '{"file_root": "-rf"}'
csr_json good good "$T/unknown.json" '{"colour": "blue"}'
csr_json good good "$T/unknown-contact.json" '{"contact": {"name": "N", "fax": "1"}}'
csr_json good good "$T/wrongtype.json" '{"file_root": 5}'
csr_json good good "$T/nocontact.json" '{"contact": None}'
csr_json good good "$T/noname.json" '{"contact": {"phone": "+1 555 0100"}}'
csr_json good good "$T/emptyname.json" '{"contact": {"name": ""}}'
csr_json good good "$T/badmail.json" '{"contact": {"name": "N", "email": "not an address"}}'
csr_json good good "$T/badhost.json" '{"hostname": "bad host!"}'
python3 -c 'import json,sys; print(json.dumps({"csr": "hello, not a request", "file_root": "x", "contact": {"name": "N"}}))' >"$T/notcsr.json"
printf '{"csr": "a", "csr": "b", "file_root": "x", "contact": {"name": "N"}}' >"$T/dupkey.json"
printf '{"csr": ' >"$T/malformed.json"
printf '[1, 2]' >"$T/array.json"
: >"$T/empty.json"
python3 -c 'import sys; sys.stdout.write("{\"csr\": \"" + "A" * 70000 + "\", \"file_root\": \"x\", \"contact\": {\"name\": \"N\"}}")' >"$T/big.json"

before_count=$(db_count csr)
before=$(db_hash)
SNAP_DIRS="$NCPKI_HOME"
snapshot "$T/snap.before"

# file  status  code  field
while read -r f want code field; do
	post_json /csr "$T/$f"
	expect_error "$want" "$code" "POST $f"
	if [ "$field" != - ]; then
		expect_equal "POST $f: field" "$(jget '["field"]')" "$field"
	fi
done <<'TABLE'
malformed.json 400 invalid_json -
empty.json 400 invalid_json -
array.json 400 invalid_json -
dupkey.json 400 invalid_json -
notcsr.json 422 bad_csr -
broken.json 422 bad_csr -
weak.json 422 weak_key -
big.json 413 too_large -
badroot.json 400 invalid_field file_root
hyphenroot.json 400 invalid_field file_root
unknown.json 400 unknown_field colour
unknown-contact.json 400 unknown_field contact.fax
wrongtype.json 400 invalid_field file_root
nocontact.json 400 invalid_field contact
noname.json 400 invalid_field contact.name
emptyname.json 400 invalid_field contact.name
badmail.json 400 invalid_field contact.email
badhost.json 400 invalid_field hostname
TABLE

# Chunked upload over the limit: no Content-Length to refuse up front.
api POST /csr -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
	--data-binary "@$T/big.json"
expect_error 413 too_large "chunked body over 64 KiB"
check "413 closes the connection" grep -qi '^Connection: close' "$HDRS"
# Over the 1 MiB that a Content-Length may announce: still read, dropped
# and answered, so that the client learns why.
head -c 3000000 /dev/zero | tr '\0' 'a' >"$T/huge.json"
api POST /csr -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
	--data-binary "@$T/huge.json"
expect_error 413 too_large "chunked body of 3 MB"
check "413 after 3 MB closes the connection" grep -qi '^Connection: close' "$HDRS"

api POST /csr -H 'Content-Type: text/plain' --data-binary "@$T/badroot.json"
expect_error 415 unsupported_media_type "text/plain body"
api POST /csr --data-binary "@$T/badroot.json" -H 'Content-Type:'
expect_error 415 unsupported_media_type "no content type"

api GET /csr
expect_error 405 method_not_allowed "GET csr"
check "405 names POST in Allow" grep -qi '^Allow: POST' "$HDRS"
api PUT /certs -H 'Content-Type: application/json' -d '{}'
expect_error 405 method_not_allowed "PUT certs"
check "405 names GET in Allow" grep -qi '^Allow: GET' "$HDRS"
api DELETE /certs/1
expect_error 405 method_not_allowed "DELETE certs/1"

api GET /certs/abc
expect_error 400 invalid_field "certs/abc"
api GET /certs/-1
expect_error 400 invalid_field "certs/-1"
api GET /certs/0
expect_error 400 invalid_field "certs/0"
api GET /certs/99999999999999999999999
expect_error 400 invalid_field "certs/ huge"
api GET /certs/424242
expect_error 404 not_found "unknown serial"
api GET /certs/1/x
expect_error 404 not_found "certs/1/x"

expect_equal "csr rows" "$(db_count csr)" "$before_count"
expect_equal "database dump" "$(db_hash)" "$before"
expect_unchanged "$T/snap.before" "after every bad request"

# The service is still well after all that.
csr_json good good "$T/good.json"
post_json /csr "$T/good.json"
expect_status 201 "a good request afterwards"
expect_equal "one more csr row" "$(db_count csr)" $((before_count + 1))

finish
