#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0400: requests as the tools people already have write them (issue 14).
# openssl req, GnuTLS certtool (its dump in front, as it prints it), NSS
# certutil -R -a (its header, the NEW label), Java keytool -certreq (the
# NEW label, CRLF) and Python cryptography each make an RSA-2048 and an EC
# P-256 request; each goes through `ncpki csr import` and through ncpkid's
# POST csr, is issued for TLS, and the certificate is checked by openssl
# verify, certtool --verify and certutil -V -u V. Then forms of one request
# (BOM and CRLF, text around it, DER) are taken as that same request, and
# two requests in a file, a v2 request and bytes after the request or its
# signature are refused, each with its own message, changing nothing.
# A missing tool skips the script (77), or fails it when $CI is set.
if [ -n "${CI:-}" ]; then
	# the tools lib.sh itself would skip without
	for _t in "${OPENSSL:-openssl}" curl python3; do
		command -v "$_t" >/dev/null 2>&1 ||
			{ echo "FAIL: t0400: $_t is missing and \$CI is set"; exit 1; }
	done
fi
. "$(dirname "$0")/../http/lib.sh"

CERTTOOL=${CERTTOOL:-certtool}

# need TOOL PACKAGE: the tool is there, else skip (fail under CI).
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ -n "${CI:-}" ]; then
		say "FAIL: $test_name: $1 is missing (Debian package $2) and \$CI is set"
		exit 1
	fi
	skip_all "$1 is not installed (Debian package $2)"
}
need "$CERTTOOL" gnutls-bin
need certutil libnss3-tools
need keytool openjdk-17-jre-headless
# Python with the cryptography package: Debian's first.
PY=
for _p in /usr/bin/python3 python3; do
	if command -v "$_p" >/dev/null 2>&1 && "$_p" -c 'import cryptography' 2>/dev/null; then
		PY=$_p
		break
	fi
done
[ -n "$PY" ] || need python3-with-cryptography python3-cryptography

say "tools: $("$OPENSSL" version | head -n 1); $("$CERTTOOL" --version | head -n 1);" \
	"NSS certutil $(dpkg-query -W -f='${Version}' libnss3-tools 2>/dev/null || echo '?');" \
	"keytool of $(java -version 2>&1 | head -n 1);" \
	"python3 cryptography $("$PY" -c 'import cryptography; print(cryptography.__version__)')"

setup_service || finish
start_ncpkid || finish

tool_failed() {
	fail "$1 could not make its request"
	sed -n '1,10p' "$T/.tool.err"
}

# ------------------------------------------------------------ the tools

# Each mk_TOOL NAME rsa|ec writes $T/NAME.csr for CN NAME.example.com
# with that name as its DNS subjectAltName.

mk_openssl() {
	if [ "$2" = rsa ]; then _ks=rsa2048; else _ks=p256; fi
	make_csr "$1" "/C=US/O=Example Corporation/CN=$1.example.com" "DNS:$1.example.com" "$_ks"
}

mk_certtool() {
	if [ "$2" = rsa ]; then
		set -- "$1" --key-type=rsa --bits=2048
	else
		set -- "$1" --key-type=ecdsa --curve=secp256r1
	fi
	_n=$1
	shift
	cat >"$T/$_n.tmpl" <<EOF
organization = "Example Corporation"
country = US
cn = "$_n.example.com"
dns_name = "$_n.example.com"
tls_www_server
EOF
	# stdout redirected: the dump of the request, then its PEM block
	"$CERTTOOL" --generate-privkey "$@" --outfile "$T/$_n.key" >"$T/.tool.err" 2>&1 &&
		"$CERTTOOL" --generate-request --load-privkey "$T/$_n.key" \
			--template "$T/$_n.tmpl" >"$T/$_n.csr" 2>"$T/.tool.err" ||
		tool_failed "certtool ($_n)"
}

NSSDB=$T/nss-requests
mkdir "$NSSDB" && certutil -N --empty-password -d "sql:$NSSDB" >/dev/null 2>&1 ||
	fail "certutil -N: no NSS database"
head -c 2048 /dev/urandom >"$T/noise"

mk_certutil() {
	if [ "$2" = rsa ]; then _ko="-k rsa -g 2048"; else _ko="-k ec -q nistp256"; fi
	# shellcheck disable=SC2086
	certutil -R -a -d "sql:$NSSDB" -s "CN=$1.example.com,O=Example Corporation,C=US" \
		$_ko -z "$T/noise" -8 "$1.example.com" -o "$T/$1.csr" >/dev/null 2>"$T/.tool.err" ||
		tool_failed "certutil ($1)"
}

printf 'changeit\n' >"$T/java.pw"
mk_keytool() {
	if [ "$2" = rsa ]; then _ko="-keyalg RSA -keysize 2048"; else _ko="-keyalg EC -groupname secp256r1"; fi
	# shellcheck disable=SC2086
	keytool -genkeypair $_ko -alias "$1" -validity 30 \
		-dname "CN=$1.example.com, O=Example Corporation, C=US" \
		-ext "san=dns:$1.example.com" -keystore "$T/java.p12" -storetype PKCS12 \
		-storepass:file "$T/java.pw" -keypass:file "$T/java.pw" >"$T/.tool.err" 2>&1 &&
		keytool -certreq -alias "$1" -ext "san=dns:$1.example.com" -keystore "$T/java.p12" \
			-storepass:file "$T/java.pw" -file "$T/$1.csr" >"$T/.tool.err" 2>&1 ||
		tool_failed "keytool ($1)"
}

mk_python() {
	"$PY" - "$1.example.com" "$2" "$T/$1.csr" >"$T/.tool.err" 2>&1 <<'PY' || tool_failed "python3 ($1)"
import sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

host, kind, out = sys.argv[1:4]
if kind == "rsa":
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
else:
    key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corporation"),
                  x509.NameAttribute(NameOID.COMMON_NAME, host)])
csr = (x509.CertificateSigningRequestBuilder().subject_name(name)
       .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
       .sign(key, hashes.SHA256()))
open(out, "wb").write(csr.public_bytes(serialization.Encoding.PEM))
PY
}

# ------------------------------------------------------------ helpers

# body_for FILE ROOT OUT: a POST csr body with FILE's bytes as they are
# (a BOM, CRLF and text around the block kept).
body_for() {
	"$PY" - "$1" "$2" "$3" <<'PY'
import json, sys
text = open(sys.argv[1], "rb").read().decode("utf-8")
json.dump({"csr": text, "file_root": sys.argv[2], "hostname": "host.example.com",
           "contact": {"name": "Pat Example", "email": "pat@example.com"}},
          open(sys.argv[3], "w"))
PY
}

pending() {
	"$NCPKI" csr list --json >"$T/.list.json" 2>/dev/null
	jget '' "$T/.list.json"
}

# The three validators, each with the CA alone as its trust anchor.
VDB_N=0
new_nss_validator() {
	VDB_N=$((VDB_N + 1))
	VDB=$T/nss-validate$VDB_N
	mkdir "$VDB" && certutil -N --empty-password -d "sql:$VDB" >/dev/null 2>&1 &&
		certutil -A -d "sql:$VDB" -n "Test CA" -t "CT,C,C" -a -i "$CACERT" >/dev/null 2>&1 ||
		fail "certutil: the CA could not be imported"
}

# verify_three WHAT CERT
verify_three() {
	checks=$((checks + 1))
	if "$OPENSSL" verify -CAfile "$CACERT" -purpose sslserver "$2" >"$T/.v.out" 2>&1; then
		pass "$1: openssl verify"
	else
		fail "$1: openssl verify: $(cat "$T/.v.out")"
	fi
	checks=$((checks + 1))
	if "$CERTTOOL" --verify --load-ca-certificate "$CACERT" --infile "$2" >"$T/.v.out" 2>&1 &&
		grep -q 'Chain verification output: Verified' "$T/.v.out"; then
		pass "$1: certtool --verify"
	else
		fail "$1: certtool --verify"
		sed -n '1,12p' "$T/.v.out"
	fi
	checks=$((checks + 1))
	if certutil -A -d "sql:$VDB" -n "$1" -t ",," -a -i "$2" >"$T/.v.out" 2>&1 &&
		certutil -V -u V -d "sql:$VDB" -n "$1" >"$T/.v.out" 2>&1 &&
		grep -q 'certificate is valid' "$T/.v.out"; then
		pass "$1: certutil -V -u V"
	else
		fail "$1: certutil -V -u V: $(cat "$T/.v.out")"
	fi
}

# issue_and_verify WHAT ID: issued for TLS, saved, checked three ways.
issue_and_verify() {
	issue_csr "$2" tls || return 1
	expect_exit 0 cert get "$serial" --out "$T/$1.cer"
	verify_three "$1" "$T/$1.cer"
}

# ------------------------------------------ each tool, through each path

n_ok=0
for tool in openssl certtool certutil keytool python; do
	for kind in rsa ec; do
		name=$tool-$kind
		"mk_$tool" "$name" "$kind"
		[ -s "$T/$name.csr" ] || continue
		want=$(csr_fp "$T/$name.csr" sha256)

		# ncpki csr import
		new_nss_validator
		import_csr "$name" || continue
		expect_output_contains "SHA-256 fingerprint: $want"
		expect_equal "$name: pending after csr import" "$(pending)" 1
		issue_and_verify "$name-cli" "$csr_id" || continue

		# ncpkid POST csr
		body_for "$T/$name.csr" "$name" "$T/$name.json"
		post_json /csr "$T/$name.json"
		expect_status 201 "$name: POST csr"
		expect_equal "$name: sha256 answered" "$(jget '["sha256"]')" "$want"
		http_id=$(jget '["id"]')
		expect_equal "$name: pending after POST csr" "$(pending)" 1
		new_nss_validator
		issue_and_verify "$name-http" "$http_id" && n_ok=$((n_ok + 1))
	done
done
expect_equal "requests issued through both paths" "$n_ok" 10

# The premises: the tools write what the reader must take.
check "certtool's file has its dump before the PEM block" \
	grep -q '^PKCS #10 Certificate Request Information:' "$T/certtool-rsa.csr"
check "certutil's file has its header and the NEW label" \
	grep -q '^Certificate request generated by Netscape certutil' "$T/certutil-ec.csr"
check "keytool's request uses the NEW label" \
	grep -q '^-----BEGIN NEW CERTIFICATE REQUEST-----' "$T/keytool-ec.csr"

# ---------------------------------------------- forms of one request

make_csr forms "/C=US/O=Example Corporation/CN=forms.example.com" "DNS:forms.example.com"
want=$(csr_fp "$T/forms.csr" sha256)
"$OPENSSL" req -in "$T/forms.csr" -outform DER -out "$T/forms-der.csr"
{ printf '\357\273\277'; sed 's/$/\r/' "$T/forms.csr"; } >"$T/forms-bomcrlf.csr"
{
	printf 'Subject: CN=forms.example.com\nRequested by Pat, extension 100.\n\n'
	cat "$T/forms.csr"
	printf '\nThank you.\n'
} >"$T/forms-text.csr"

for form in der bomcrlf text; do
	f=forms-$form
	import_csr "$f" || continue
	expect_output_contains "SHA-256 fingerprint: $want"
	expect_exit 0 csr delete "$csr_id" --yes
	[ "$form" = der ] && continue   # JSON carries text
	body_for "$T/$f.csr" "$f" "$T/$f.json"
	post_json /csr "$T/$f.json"
	expect_status 201 "POST csr: $form"
	expect_equal "POST csr $form: the same request" "$(jget '["sha256"]')" "$want"
	expect_exit 0 csr delete "$(jget '["id"]')" --yes
done
expect_equal "nothing pending after the forms" "$(pending)" 0

# ------------------------------------------------------------ refusals

make_csr other "/C=US/O=Example Corporation/CN=other.example.com" "DNS:other.example.com"
cat "$T/forms.csr" "$T/other.csr" >"$T/two.csr"
# der_variant MODE OUT: forms' DER rebuilt: v2 (version 1, signed again by
# its key), outside (two bytes after it), inside (a NULL after the signature)
der_variant() {
	"$PY" - "$1" "$T/forms-der.csr" "$T/forms.pkey" "$2" <<'PY'
import sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

def header(b, i):
    n = b[i + 1]
    if n < 0x80:
        return 2, n
    k = n & 0x7f
    return 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")

def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        h = bytes([n])
    else:
        lb = n.to_bytes((n.bit_length() + 7) // 8, "big")
        h = bytes([0x80 | len(lb)]) + lb
    return bytes([tag]) + h + content

mode, der_file, key_file, out = sys.argv[1:5]
der = open(der_file, "rb").read()
h, n = header(der, 0)
inner = der[h:h + n]
ih, il = header(inner, 0)
info, rest = inner[:ih + il], inner[ih + il:]
if mode == "v2":
    assert info[ih:ih + 3] == b"\x02\x01\x00"
    info = info[:ih] + b"\x02\x01\x01" + info[ih + 3:]
    key = serialization.load_pem_private_key(open(key_file, "rb").read(), None)
    sig = key.sign(info, ec.ECDSA(hashes.SHA256()))
    ah, al = header(rest, 0)
    res = tlv(0x30, info + rest[:ah + al] + tlv(0x03, b"\x00" + sig))
elif mode == "outside":
    res = der + b"xx"
else:
    res = tlv(0x30, inner + b"\x05\x00")
open(out, "wb").write(res)
PY
}
to_pem() {
	{
		echo "-----BEGIN CERTIFICATE REQUEST-----"
		"$PY" -c 'import base64, sys, textwrap; print("\n".join(textwrap.wrap(base64.b64encode(open(sys.argv[1], "rb").read()).decode(), 64)))' "$1"
		echo "-----END CERTIFICATE REQUEST-----"
	} >"$2"
}
der_variant v2 "$T/v2.csr"
der_variant outside "$T/outside.csr"
der_variant inside "$T/inside.csr"
to_pem "$T/v2.csr" "$T/v2-pem.csr"
to_pem "$T/outside.csr" "$T/outside-pem.csr"
to_pem "$T/inside.csr" "$T/inside-pem.csr"
check "the v2 request's signature verifies (openssl)" \
	"$OPENSSL" req -in "$T/v2-pem.csr" -noout -verify

snapshot "$T/before-refusals"
while IFS='|' read -r f msg; do
	run csr import "$T/$f.csr" --root "$f"
	checks=$((checks + 1))
	if [ "$rc" -eq 3 ]; then pass "$f: refused (exit 3)"; else fail "$f: exit $rc, expected 3"; fi
	expect_stderr_contains "$msg"
	case $f in *-pem | two) ;; *) continue ;; esac   # JSON carries text
	body_for "$T/$f.csr" "$f" "$T/$f.json"
	post_json /csr "$T/$f.json"
	expect_error 422 bad_csr "POST csr: $f"
	checks=$((checks + 1))
	if jget '["message"]' | grep -F -q -e "$msg"; then
		pass "POST csr $f: the message says: $msg"
	else
		fail "POST csr $f: message \"$(jget '["message"]')\" lacks: $msg"
	fi
done <<'EOF'
two|The data holds 2 Certificate Signing Requests
v2|says it is version 2 (value 1); PKCS#10 has only version 1 (value 0)
v2-pem|says it is version 2 (value 1)
outside|The Certificate Signing Request is followed by 2 more bytes
outside-pem|The Certificate Signing Request is followed by 2 more bytes
inside|The Certificate Signing Request holds extra data after its signature
inside-pem|The Certificate Signing Request holds extra data after its signature
EOF
expect_equal "nothing pending after the refusals" "$(pending)" 0
expect_unchanged "$T/before-refusals" "the refused requests"

finish
