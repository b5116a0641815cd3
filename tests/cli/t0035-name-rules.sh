#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0035: the name rules of issue 14, with requests made by openssl and by
# Python's cryptography (for what openssl req will not write: a 65-character
# CN, a three-letter country, a BMPString). A CN that is an IPv4 or IPv6
# address becomes an iPAddress subjectAltName and a host name a dNSName; a
# CN of 65 characters, C=USA, a CN holding U+202E, an empty subjectAltName
# extension and the wildcards *.com, *.co.uk, f*.example.com are refused
# with a message that says which, nothing stored; a BMPString CN is issued
# as a UTF8String; *.example.com is issued. The CA's own subject obeys the
# same rules at `server configure`. Then a few of the same through ncpkid's
# POST csr.
. "$(dirname "$0")/../http/lib.sh"

python3 -c 'import cryptography' 2>/dev/null ||
	skip_all "python3-cryptography is not installed"
configure_ca || finish

# req NAME SUBJ [SAN]: an openssl request (-utf8: the subject is UTF-8).
req() {
	if [ -n "${3:-}" ]; then
		"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -utf8 \
			-keyout "$T/$1.pkey" -subj "$2" -addext "subjectAltName=$3" \
			-out "$T/$1.csr" 2>"$T/.req.err"
	else
		"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -utf8 \
			-keyout "$T/$1.pkey" -subj "$2" -out "$T/$1.csr" 2>"$T/.req.err"
	fi || fail "openssl req $1: $(cat "$T/.req.err")"
}

# pyreq NAME PYTHON-NAME-ATTRIBUTES [EMPTY-SAN]: a request made with
# cryptography, whose subject is the list of NameAttribute given (no
# validation: it writes what openssl req refuses to).
pyreq() {
	python3 - "$T/$1.csr" "$2" "${3:-}" <<'PY' 2>"$T/.req.err" || fail "python request $1: $(cat "$T/.req.err")"
import sys, warnings
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.x509.name import _ASN1Type
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
warnings.simplefilter("ignore")
A = lambda oid, v, t=None: (x509.NameAttribute(oid, v, _validate=False) if t is None
                            else x509.NameAttribute(oid, v, t, _validate=False))
key = ec.generate_private_key(ec.SECP256R1())
b = x509.CertificateSigningRequestBuilder().subject_name(
    x509.Name(eval(sys.argv[2], {"A": A, "N": NameOID, "T": _ASN1Type})))
if sys.argv[3]:
    b = b.add_extension(x509.SubjectAlternativeName([]), critical=False)
open(sys.argv[1], "wb").write(
    b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
PY
}

pending() { "$NCPKI" csr list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# issue_tls NAME: NAME's request imported and issued for TLS, saved as
# $T/NAME.cer; SANS is its subjectAltName as openssl prints it.
issue_tls() {
	SANS=
	import_csr "$1" && issue_csr "$csr_id" tls || return 1
	expect_exit 0 cert get "$serial" --out "$T/$1.cer"
	SANS=$("$OPENSSL" x509 -in "$T/$1.cer" -noout -ext subjectAltName 2>&1 | sed -n '2p' | sed 's/^ *//')
}

# refused NAME WHAT TEXT: `csr import` exits 3 with TEXT in its message and
# stores nothing.
refused() {
	n0=$(pending)
	expect_exit 3 csr import "$T/$1.csr"
	expect_stderr_contains "$3"
	expect_equal "$2: nothing stored" "$(pending)" "$n0"
}

# --- the CN becomes the subjectAltName it stands for
req ip4 "/CN=192.0.2.10"
issue_tls ip4
expect_equal "CN=192.0.2.10: an iPAddress" "$SANS" "IP Address:192.0.2.10"
check "CN=192.0.2.10: no dNSName" sh -c "! '$OPENSSL' x509 -in '$T/ip4.cer' -noout -text | grep -q 'DNS:192'"
req ip6 "/CN=2001:db8::1"
issue_tls ip6
expect_equal "CN=2001:db8::1: an iPAddress" "$SANS" "IP Address:2001:DB8:0:0:0:0:0:1"
req host "/CN=host.example.com"
issue_tls host
expect_equal "CN=host.example.com: a dNSName" "$SANS" "DNS:host.example.com"
req both "/CN=web.example.com" "DNS:other.example.com"
issue_tls both
expect_equal "a CN the SANs lack is added" "$SANS" \
	"DNS:web.example.com, DNS:other.example.com"
req prose "/CN=Payroll Server"
import_csr prose
expect_exit 3 csr process "$csr_id" --usage tls --password-file "$PWFILE" --yes
expect_stderr_contains "neither a host name nor an IP address"

# --- subject values
pyreq cn65 "[A(N.COMMON_NAME, 'a' * 65)]"
refused cn65 "65-character CN" "CN is longer than 64 characters"
pyreq cn64 "[A(N.COMMON_NAME, 'a' * 51 + '.example.com')]"
expect_exit 0 csr import "$T/cn64.csr"
pyreq usa "[A(N.COUNTRY_NAME, 'USA'), A(N.COMMON_NAME, 'usa.example.com')]"
refused usa "C=USA" 'country (C) "USA" is not a two-letter ISO 3166 code'
req rlo "/CN=evil$(printf '\342\200\256')moc.example.com"
refused rlo "CN with U+202E" "contains U+202E"
req zwsp "/O=Pay$(printf '\342\200\213')Pal/CN=zw.example.com"
refused zwsp "O with U+200B" "contains U+200B"
pyreq emptysan "[A(N.COMMON_NAME, 'empty.example.com')]" empty
refused emptysan "empty subjectAltName" "subjectAltName extension is empty"

# A BMPString CN (as Windows tools write them) is issued as a UTF8String.
pyreq bmp "[A(N.COUNTRY_NAME, 'CH'), A(N.COMMON_NAME, 'bmp.example.com', T.BMPString)]"
"$OPENSSL" req -in "$T/bmp.csr" -noout -subject -nameopt show_type >"$T/bmp.req.txt"
check "the request's CN is a BMPString" grep -q "CN=BMPSTRING:bmp.example.com" "$T/bmp.req.txt"
issue_tls bmp
expect_equal "BMPString CN: the SAN" "$SANS" "DNS:bmp.example.com"
"$OPENSSL" asn1parse -in "$T/bmp.cer" >"$T/bmp.asn1"
check "the certificate's CN is a UTF8STRING" grep -q "UTF8STRING *:bmp.example.com" "$T/bmp.asn1"
check "no BMPSTRING in the certificate" sh -c "! grep -q BMPSTRING '$T/bmp.asn1'"

# --- wildcards
req wcom "/CN=w1.example.com" "DNS:*.com"
refused wcom "*.com" "directly under a public suffix"
req wcouk "/CN=w2.example.com" "DNS:*.co.uk"
refused wcouk "*.co.uk" "directly under a public suffix"
req wpart "/CN=w3.example.com" "DNS:f*.example.com"
refused wpart "f*.example.com" "the whole leftmost label"
req wtwo "/CN=w4.example.com" "DNS:*.*.example.com"
refused wtwo "*.*.example.com" "the whole leftmost label"
req wmid "/CN=w5.example.com" "DNS:www.*.example.com"
refused wmid "www.*.example.com" "the whole leftmost label"
req wcn "/CN=*.co.uk"
refused wcn "CN=*.co.uk" "directly under a public suffix"
req wok "/CN=*.example.com"
issue_tls wok
expect_equal "*.example.com issued" "$SANS" "DNS:*.example.com"

# --- the CA's own subject: the same rules at `server configure`
run --home "$T/home2" server configure --root ZwCA --dir keys \
	--cn "Zero$(printf '\342\200\213')Width CA" --key-type p256 --password-file "$PWFILE"
expect_equal "server configure, CN with U+200B: exit" "$rc" 3
expect_stderr_contains "contains U+200B"
expect_no_file "$T/home2/keys/ZwCA.key"
run --home "$T/home3" server configure --root LongCA --dir keys \
	--cn "$(printf '%065d' 0)" --key-type p256 --password-file "$PWFILE"
expect_equal "server configure, 65-character CN: exit" "$rc" 3

# --- the same rules through ncpkid's POST csr
setup_service_cert() {
	"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 \
		--password-file "$PWFILE" >"$T/.setup.out" 2>&1 ||
		{ fail "ncpki service setup failed"; cat "$T/.setup.out"; return 1; }
}
setup_service_cert && start_ncpkid || finish
n0=$(pending)
csr_json rlo h-rlo "$T/rlo.json"
post_json /csr "$T/rlo.json"
expect_error 422 bad_csr "POST csr, CN with U+202E"
check "POST csr: the message names U+202E" grep -q "U+202E" "$BODY"
req hwc "/CN=hw.example.com" "DNS:*.co.uk"
csr_json hwc h-wc "$T/hwc.json"
post_json /csr "$T/hwc.json"
expect_error 422 bad_csr "POST csr, *.co.uk"
csr_json usa h-usa "$T/usa.json"
post_json /csr "$T/usa.json"
expect_error 422 bad_csr "POST csr, C=USA"
expect_equal "POST csr: nothing stored" "$(pending)" "$n0"
req hip "/CN=192.0.2.20"
csr_json hip h-ip "$T/hip.json"
post_json /csr "$T/hip.json"
expect_status 201 "POST csr, CN=192.0.2.20"
csr_id=$(jget '["id"]')
issue_csr "$csr_id" tls
expect_exit 0 cert get "$serial" --out "$T/hip.cer"
expect_equal "POST csr CN=192.0.2.20: an iPAddress" \
	"$("$OPENSSL" x509 -in "$T/hip.cer" -noout -ext subjectAltName | sed -n '2p' | sed 's/^ *//')" \
	"IP Address:192.0.2.20"
finish
