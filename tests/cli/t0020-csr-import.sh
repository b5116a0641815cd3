#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0020: importing Certificate Signing Requests: PEM, DER and standard
# input; the message and fingerprints; and each bad request refused with its
# own message, exit 3, the database unchanged.
. "$(dirname "$0")/lib.sh"

configure_ca

# PEM, root from the file name
make_csr web "/C=US/O=Example Corporation/CN=web.example.com" "DNS:web.example.com,DNS:www.example.com"
expect_exit 0 csr import "$T/web.csr" --contact-name "Jane Doe" \
	--contact-phone "+1 617 555 0100" --contact-email jane@example.com \
	--hostname iris1.example.com --instance IRIS
expect_output_matches '^Certificate Signing Request "web" received as request [0-9]+\.$'
expect_output_line "SHA-1 fingerprint: $(csr_fp "$T/web.csr" sha1)"
expect_output_line "SHA-256 fingerprint: $(csr_fp "$T/web.csr" sha256)"
web_id=$(sed -n 's/^Certificate Signing Request "web" received as request \([0-9]*\)\.$/\1/p' "$OUT")

expect_exit 0 csr show "$web_id"
expect_output_contains "web.example.com"
expect_output_contains "Jane Doe"
expect_output_contains "+1 617 555 0100"
expect_output_contains "jane@example.com"
expect_output_contains "iris1.example.com"
expect_output_contains "IRIS"
expect_output_contains "DNS:www.example.com"
expect_output_contains "EC P-256"
expect_output_contains "$(csr_fp "$T/web.csr" sha1)"

# DER, with --root
"$OPENSSL" req -in "$T/web.csr" -outform DER -out "$T/web.der"
make_csr derreq
"$OPENSSL" req -in "$T/derreq.csr" -outform DER -out "$T/derreq.der"
expect_exit 0 csr import "$T/derreq.der" --root DerRequest
expect_output_matches '^Certificate Signing Request "DerRequest" received as request [0-9]+\.$'
expect_output_line "SHA-1 fingerprint: $(csr_fp "$T/derreq.csr" sha1)"

# standard input
make_csr stdinreq
expect_exit_in "$T/stdinreq.csr" 0 csr import - --root FromStdin
expect_output_matches '^Certificate Signing Request "FromStdin" received as request [0-9]+\.$'
expect_output_line "SHA-1 fingerprint: $(csr_fp "$T/stdinreq.csr" sha1)"

# an RSA 2048 request is fine; --json prints the row
make_csr rsareq "/CN=rsa.example.com" "DNS:rsa.example.com" rsa2048
expect_exit 0 csr import "$T/rsareq.csr" --json
if have_python3; then
	check "csr import --json is JSON" python3 -m json.tool "$OUT"
	check "the JSON row has file_root and key" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["file_root"] == "rsareq", o
assert o["key"] == "RSA 2048", o
assert o["sha1"] == sys.argv[2], o
assert isinstance(o["id"], int)
' "$OUT" "$(csr_fp "$T/rsareq.csr" sha1)"
else
	expect_output_contains '"file_root"'
fi

expect_exit 0 csr list
expect_output_contains "web"
expect_output_contains "DerRequest"
expect_output_contains "FromStdin"
expect_output_contains "rsareq"

# ------------------------------------------------------------- refusals
snapshot "$T/.snap"
ESC=$(printf '\033')

# rejected FILE ERE ARGS...: exit 3, the message, nothing changed.
rejected() {
	_f=$1
	_re=$2
	shift 2
	expect_exit 3 csr import "$_f" "$@"
	expect_error_line
	expect_stderr_matches "$_re"
	checks=$((checks + 1))
	if grep -q "$ESC" "$ERR"; then fail "raw ESC byte on stderr"; else pass "no raw ESC byte on stderr"; fi
	expect_unchanged "$T/.snap" "csr import $(basename "$_f") $*"
}

# over 64 KiB
{ cat "$T/web.csr"; head -c 70000 /dev/zero | tr '\0' 'A'; } >"$T/big.csr"
rejected "$T/big.csr" 'larger than|too large|limit|65536|64 ?KiB'
expect_exit_in "$T/big.csr" 3 csr import - --root BigStdin
expect_error_line
expect_stderr_matches 'larger than|too large|limit|65536|64 ?KiB'
expect_unchanged "$T/.snap" "oversize request on standard input"

# garbage, empty, a certificate instead of a request
printf 'hello, world\n' >"$T/garbage.csr"
rejected "$T/garbage.csr" 'request|CSR|PKCS'
: >"$T/empty.csr"
rejected "$T/empty.csr" 'request|CSR|PKCS|empty'
cp "$CADIR/$CAROOT.cer" "$T/acert.csr"
rejected "$T/acert.csr" 'request|CSR|PKCS'
head -c 300 "$T/derreq.der" >"$T/truncated.csr"
rejected "$T/truncated.csr" 'request|CSR|PKCS'

# RSA 1024
make_csr weak "/CN=weak.example.com" "DNS:weak.example.com" rsa1024
rejected "$T/weak.csr" 'weak|2048|too small|RSA'

# a bad signature: one byte of the signed subject changed
make_csr tamper "/CN=tamper.example.com" ""
"$OPENSSL" req -in "$T/tamper.csr" -outform DER -out "$T/tamper.der"
off=$(grep -obUa "tamper" "$T/tamper.der" | head -n 1 | cut -d: -f1)
printf 'T' | dd of="$T/tamper.der" bs=1 seek="$off" conv=notrunc 2>/dev/null
check "the tampered request still parses" "$OPENSSL" req -inform DER -in "$T/tamper.der" -noout
check "openssl says its signature is bad" \
	sh -c "'$OPENSSL' req -inform DER -in '$T/tamper.der' -verify -noout 2>&1 | grep -q 'verify failure'"
rejected "$T/tamper.der" 'signature'

# escape sequences in the subject
make_csr evil "/CN=evil${ESC}[2J${ESC}[31m.example.com" ""
rejected "$T/evil.csr" 'control|escape|subject|Common Name'

# a duplicate of a pending request
rejected "$T/web.csr" 'already|duplicate|pending'
rejected "$T/web.der" 'already|duplicate|pending' --root web2

# bad roots and metadata
make_csr fine
rejected "$T/fine.csr" 'file name root "bad root"' --root "bad root"
rejected "$T/fine.csr" 'file name root cannot be "cache"' --root cache
cp "$T/fine.csr" "$T/cache.csr"
rejected "$T/cache.csr" 'file name root cannot be "cache"'
cp "$T/fine.csr" "$T/my.request.csr"
rejected "$T/my.request.csr" 'file name root'
rejected "$T/fine.csr" 'fully qualified email address' --contact-email nobody
rejected "$T/fine.csr" 'phone' --contact-phone "call me"
rejected "$T/fine.csr" 'host name' --hostname "-bad-"

# a file that is not there: I/O failure, exit 1
expect_exit 1 csr import "$T/no-such.csr"
expect_error_line
expect_unchanged "$T/.snap" "missing file"

# and the fine one still goes in afterwards
expect_exit 0 csr import "$T/fine.csr"
expect_output_matches '^Certificate Signing Request "fine" received as request [0-9]+\.$'

finish
