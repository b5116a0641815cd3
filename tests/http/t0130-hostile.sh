#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0130: hostile requests against the running ncpkid, from a table: SQL
# metacharacters in every JSON field, path traversal in file name roots and
# serial parameters, overlong fields, NUL bytes, invalid UTF-8, a subject
# with terminal escape sequences, weak signatures and keys. Each one gets a
# clear refusal (a 4xx status with a JSON error code and message) or a
# sanitised result, and the database holds nothing it should not: the row
# counts move only by what was accepted. Then a CSR asking for CA:TRUE and
# extra EKUs is issued as TLS/SSL with the CLI: the certificate carries only
# what that usage grants.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] && command -v "$SQLITE3" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
setup_service || finish
# dozens of hostile POSTs from one address: the rate limit (t0142) would
# answer 429 before the checks each request is here for
start_ncpkid $NO_INTAKE_LIMITS || finish
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T/k.pem" 2>/dev/null
csr_n=0
# new_csr [OPENSSL REQ ARGS...]: a fresh request in $T/h$csr_n.csr.
new_csr() {
	csr_n=$((csr_n + 1))
	"$OPENSSL" req -new -key "$T/k.pem" -subj "/CN=h$csr_n.example.com" "$@" \
		-out "$T/h$csr_n.csr" 2>"$T/.req.err" || fail "openssl req: $(cat "$T/.req.err")"
}
csr0=$(db_count csr)
cert0=$(db_count cert)
accepted=0

# body NAME PYTHON-DICT-UPDATE: a POST csr body for a fresh request, with
# the members changed as given (the dict is python, values may be bytes
# for raw, non-UTF-8 members).
body() {
	new_csr
	python3 - "$T/h$csr_n.csr" "$T/$1.json" "$2" <<'PY'
import json, sys
b = {"csr": open(sys.argv[1]).read(), "file_root": "hostile", "hostname": "h.example.com",
     "instance": "inst1", "contact": {"name": "Pat", "phone": "+1 555 0100",
                                      "email": "pat@example.com"}}
upd = eval(sys.argv[3])
raw = {}
for k, v in upd.items():
    tgt, key = (b["contact"], k[8:]) if k.startswith("contact.") else (b, k)
    if isinstance(v, bytes):
        raw[key] = v
        tgt[key] = "@@RAW%s@@" % key
    elif v is Ellipsis:
        del tgt[key]
    else:
        tgt[key] = v
out = json.dumps(b).encode()
for key, v in raw.items():
    out = out.replace(('"@@RAW%s@@"' % key).encode(), b'"' + v + b'"')
open(sys.argv[2], "wb").write(out)
PY
}

# refused NAME STATUS CODE WHAT: a 4xx answer with this error code and a message.
refused() {
	post_json /csr "$T/$1.json"
	expect_error "$2" "$3" "$4"
	checks=$((checks + 1))
	if [ -n "$(jget '["message"]')" ] && [ "$(jget '["message"]')" != "<KeyError>" ]; then
		pass "$4: a message: $(jget '["message"]' | cut -c1-100)"
	else
		fail "$4: no message"
	fi
}

# accepted_literal NAME FIELD-SQL VALUE WHAT: 201, stored exactly as sent.
accepted_literal() {
	post_json /csr "$T/$1.json"
	expect_status 201 "$4"
	if [ "$status" = 201 ]; then
		accepted=$((accepted + 1))
		id=$(jget '["id"]')
		expect_equal "$4: stored literally" \
			"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select $2 from csr where id = $id")" "$3"
	fi
}

say "# SQL metacharacters"
SQLI="x'; DROP TABLE csr;--"
body sq1 "{'file_root': \"$SQLI\"}";            refused sq1 400 invalid_field "SQL in file_root"
body sq2 "{'hostname': \"a' OR '1'='1\"}";      refused sq2 400 invalid_field "SQL in hostname"
body sq3 "{'instance': \"i'); DELETE FROM cert;--\"}"; refused sq3 400 invalid_field "SQL in instance"
body sq4 "{'contact.phone': \"1' OR 1=1 --\"}"; refused sq4 400 invalid_field "SQL in contact.phone"
body sq5 "{'contact.email': \"a'--@example.com' OR 1=1\"}"; refused sq5 400 invalid_field "SQL in contact.email"
body sq6 "{'csr': \"' UNION SELECT * FROM ca_config --\"}"; refused sq6 422 bad_csr "SQL in csr"
body sq7 "{'contact.name': \"Robert'); DROP TABLE cert;--\"}"
accepted_literal sq7 contact_name "Robert'); DROP TABLE cert;--" "SQL in contact.name (free text)"
body sq8 "{'file_root': '%'}";                  refused sq8 400 invalid_field "LIKE wildcard in file_root"

say "# path traversal and odd roots"
for r in "../../etc/passwd" "..%2f..%2fetc" "%2e%2e" "a/b" '..\\x' "...." "." "cache" \
	"$(python3 -c 'print("a" * 5000)')"; do
	body tr "{'file_root': '''$r'''}"
	refused tr 400 invalid_field "file_root $(printf '%s' "$r" | cut -c1-24)"
done
for p in "certs/..%2f..%2fca" "certs/%2e%2e" "certs/-1" "certs/0x10" "certs/1%00" "certs/1.0" \
	"certs/99999999999999999999999" "certs/$(python3 -c 'print("9" * 5000)')" "certs/%20%31"; do
	api GET "/$p"
	checks=$((checks + 1))
	case $status in
	400|404|414) pass "GET $(printf '%s' "$p" | cut -c1-30): $status" ;;
	*) fail "GET $(printf '%s' "$p" | cut -c1-30): $status" ;;
	esac
done
api GET "/certs/../ca" --path-as-is
checks=$((checks + 1))
case $status in 400|404) pass "GET certs/../ca (as is): $status" ;; *) fail "GET certs/../ca: $status" ;; esac
api GET "/certs?serial=../1";      expect_error 400 invalid_field "certs?serial=../1"
api GET "/certs?serial=1%27%20OR%201=1"; expect_error 400 invalid_field "certs?serial=SQL"
api GET "/certs?file_root=%27%20OR%20%271%27=%271"
expect_status 200 "certs?file_root=SQL matches nothing"
expect_equal "certs?file_root=SQL: empty list" "$(jget '["certificates"]')" 0
api GET "/certs?hostname=../../x%00"
checks=$((checks + 1))
case $status in 200|400) pass "certs?hostname with NUL: $status" ;; *) fail "certs?hostname with NUL: $status" ;; esac

say "# overlong, NUL, invalid UTF-8"
body ol1 "{'contact.name': 'n' * 10000}";       refused ol1 400 invalid_field "contact.name of 10000"
body ol2 "{'hostname': 'a' * 300 + '.example'}"; refused ol2 400 invalid_field "hostname of 300"
body ol3 "{'instance': 'i' * 1000}";            refused ol3 400 invalid_field "instance of 1000"
python3 -c 'import json; json.dump({"csr": "x" * 70000, "file_root": "a", "contact": {"name": "x"}}, open("'"$T"'/big.json", "w"))'
post_json /csr "$T/big.json";                   expect_error 413 too_large "body over 64 KiB"
body nul1 "{'file_root': 'a\\u0000b'}"
sed 's/a\\\\u0000b/a\\u0000b/' "$T/nul1.json" >"$T/nul1b.json"; mv "$T/nul1b.json" "$T/nul1.json"
refused nul1 400 invalid_json "NUL (\\u0000) in file_root"
body nul2 "{'contact.name': b'Pat\\x00Evil'}";   refused nul2 400 invalid_json "raw NUL byte in contact.name"
body utf1 "{'contact.name': b'\\xff\\xfe'}";     refused utf1 400 invalid_json "invalid UTF-8 in contact.name"
body utf2 "{'file_root': b'caf\\xc3'}";          refused utf2 400 invalid_json "truncated UTF-8 in file_root"
body utf3 "{'contact.name': b'\\xc0\\xaf'}";     refused utf3 400 invalid_json "overlong UTF-8 in contact.name"
body esc1 "{'contact.name': 'Pat \\x1b[2J\\x1b]0;pwn\\x07'}"; refused esc1 400 invalid_field "terminal escapes in contact.name"
body bidi "{'contact.name': 'Pat \\u202e evil'}"
post_json /csr "$T/bidi.json"
checks=$((checks + 1))
case $status in
201) accepted=$((accepted + 1)); pass "bidi override in contact.name: accepted as text" ;;
400) pass "bidi override in contact.name: refused" ;;
*) fail "bidi override in contact.name: $status" ;;
esac

say "# hostile requests"
ESC=$(printf '\033')
new_csr -subj "/CN=evil${ESC}[31mred${ESC}]0;title$(printf '\007')/O=x"
python3 - "$T/h$csr_n.csr" "$T/esc.json" <<'PY'
import json, sys
json.dump({"csr": open(sys.argv[1]).read(), "file_root": "esc", "contact": {"name": "x"}},
          open(sys.argv[2], "w"))
PY
post_json /csr "$T/esc.json"
checks=$((checks + 1))
case $status in
201)
	accepted=$((accepted + 1))
	if grep -q "$ESC" "$BODY" || "$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select subject from csr" | grep -q "$ESC"; then
		fail "terminal escapes in the subject: an ESC byte came back or was stored"
	else
		pass "terminal escapes in the subject: accepted, sanitised"
	fi ;;
4*) if [ "$(jget '["error"]')" = bad_csr ]; then pass "terminal escapes in the subject: refused ($status bad_csr)"; else fail "escape subject: $(cat "$BODY")"; fi ;;
*) fail "terminal escapes in the subject: HTTP $status" ;;
esac
sign_json() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
json.dump({"csr": open(sys.argv[1]).read(), "file_root": sys.argv[3], "contact": {"name": "x"}},
          open(sys.argv[2], "w"))
PY
}
# MD5 goes with RSA only (ECDSA has no MD5 form).
"$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/rsa.key" 2>/dev/null
for md in sha1 md5; do
	if "$OPENSSL" req -new -key "$T/rsa.key" -"$md" -subj "/CN=$md.example.com" -out "$T/$md.csr" 2>/dev/null; then
		sign_json "$T/$md.csr" "$T/$md.json" "$md"
		refused "$md" 422 bad_csr "CSR signed with $md"
	else
		say "# openssl cannot sign with $md here: case skipped"
	fi
done
if "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$T/rsa1024.key" 2>/dev/null &&
	"$OPENSSL" req -new -key "$T/rsa1024.key" -subj "/CN=rsa1024.example.com" -out "$T/rsa1024.csr" 2>/dev/null; then
	sign_json "$T/rsa1024.csr" "$T/rsa1024.json" rsa1024
	refused rsa1024 422 weak_key "RSA-1024 key"
fi
"$OPENSSL" req -new -key "$T/k.pem" -subj "/CN=nosig.example.com" -outform DER -out "$T/nosig.der" 2>/dev/null
python3 - "$T/nosig.der" "$T/nosig.json" <<'PY'
import base64, json, sys
der = bytearray(open(sys.argv[1], "rb").read())
der[-5] ^= 0xff   # break the signature
pem = "-----BEGIN CERTIFICATE REQUEST-----\n%s\n-----END CERTIFICATE REQUEST-----\n" % \
      base64.encodebytes(bytes(der)).decode().strip()
json.dump({"csr": pem, "file_root": "nosig", "contact": {"name": "x"}}, open(sys.argv[2], "w"))
PY
refused nosig 422 bad_csr "CSR with a broken signature"

say "# nothing stored that should not be"
expect_equal "pending requests: only the $accepted accepted" "$(db_count csr)" $((csr0 + accepted))
expect_equal "no certificate from the service" "$(db_count cert)" "$cert0"
expect_equal "tables intact" "$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" \
	"select count(*) from sqlite_master where type = 'table' and name in ('csr', 'cert', 'ca_config')")" 3
expect_equal "integrity_check" "$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" 'PRAGMA integrity_check')" ok
checks=$((checks + 1))
if "$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" .dump | grep -q "$ESC"; then
	fail "an ESC byte is stored in the database"
else
	pass "no ESC byte anywhere in the database"
fi
api GET /ca
expect_status 200 "the service still answers"

say "# CA:TRUE and extra EKUs, issued as TLS/SSL"
"$OPENSSL" req -new -key "$T/k.pem" -subj "/CN=greedy.example.com" \
	-addext "basicConstraints=critical,CA:TRUE,pathlen:5" \
	-addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
	-addext "extendedKeyUsage=codeSigning,OCSPSigning,timeStamping,serverAuth" \
	-addext "subjectAltName=DNS:greedy.example.com" \
	-addext "nameConstraints=permitted;DNS:example.com" -out "$T/greedy.csr" 2>/dev/null
import_csr greedy || finish
issue_csr "$csr_id" tls || finish
expect_exit 0 cert get "$serial" --out "$T/greedy.cer"
"$OPENSSL" x509 -in "$T/greedy.cer" -noout -text >"$T/greedy.txt"
checks=$((checks + 1))
if grep -q 'CA:TRUE' "$T/greedy.txt"; then fail "the certificate says CA:TRUE"; else pass "not a CA certificate"; fi
for w in "Code Signing" "OCSP Signing" "Time Stamping" "Certificate Sign" "CRL Sign" "Name Constraints"; do
	checks=$((checks + 1))
	if grep -q "$w" "$T/greedy.txt"; then fail "the certificate carries $w"; else pass "no $w"; fi
done
checks=$((checks + 1))
if grep -q "TLS Web Server Authentication" "$T/greedy.txt"; then pass "serverAuth, as tls grants"; else fail "no serverAuth"; sed -n '/X509v3/,$p' "$T/greedy.txt"; fi
check "openssl verify -x509_strict" "$OPENSSL" verify -x509_strict -CAfile "$CACERT" "$T/greedy.cer"
finish
