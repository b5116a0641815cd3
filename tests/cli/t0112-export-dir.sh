#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0112: `ncpki cert export-all DIR`: the files and the index.json manifest
# (fingerprints matching the files), the chain files verifying, no CRL
# before one is signed (a warning, not an error), --since-serial and
# --since, two certificates with one file name root; then the client's
# `import DIR` refuses a tampered certificate and a directory without its
# certificates.
. "$(dirname "$0")/lib.sh"

configure_ca
CACER=$CADIR/$CAROOT.cer
make_csr one
import_csr one
issue_csr "$csr_id" tls
s1=$serial
make_csr two
import_csr two
issue_csr "$csr_id" codesign
s2=$serial

# Before any CRL: exported without one, and said so.
expect_exit 0 cert export-all "$T/e1"
expect_output_contains "2 certificates exported"
expect_stderr_contains "No CRL has been signed yet, so none was exported"
expect_no_file "$T/e1/crl.der"
expect_no_file "$T/e1/crl.pem"
for f in ca.pem ca-chain.pem one.cer one-chain.pem two.cer two-chain.pem index.json; do
	expect_file "$T/e1/$f"
done
check "ca.pem is the CA certificate" cmp -s "$T/e1/ca.pem" "$CACER"
check "one-chain.pem verifies" "$OPENSSL" verify -CAfile "$T/e1/ca.pem" "$T/e1/one-chain.pem"
check "the manifest describes the files" python3 - "$T/e1" "$s1" "$s2" <<'EOF'
import hashlib, json, subprocess, sys, os
d, s1, s2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
m = json.load(open(os.path.join(d, "index.json")))
assert m["format"] == "ncpki-export/1", m
assert m["crl"] is None, m
assert m["ca"]["file"] == "ca.pem" and m["ca"]["root"] is True, m
certs = {c["serial"]: c for c in m["certificates"]}
assert set(certs) == {s1, s2}, certs
assert certs[s1]["usage"] == "tls" and certs[s2]["usage"] == "codesign", certs
assert certs[s1]["file"] == "one.cer" and certs[s1]["chain_file"] == "one-chain.pem", certs
for c in certs.values():
    der = subprocess.run(["openssl", "x509", "-in", os.path.join(d, c["file"]), "-outform", "DER"],
                         capture_output=True, check=True).stdout
    fp = ":".join("%02X" % b for b in hashlib.sha256(der).digest())
    assert fp == c["sha256"], (fp, c)
    assert c["status"] == "valid", c
EOF

# With a CRL, and filters.
expect_exit 0 cert revoke "$s2" --reason superseded --password-file "$PWFILE" --yes
make_csr one "/CN=one.example.com/O=Renewed"
import_csr one
issue_csr "$csr_id" tls
s3=$serial
expect_exit 0 cert export-all "$T/e2" --json
check "export-all --json" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["certificates"] == 3 and j["crl"] is True and j["crl_number"] == 1, j
' "$OUT"
expect_file "$T/e2/crl.der"
check "the exported CRL lists the revoked one" sh -c \
	"'$OPENSSL' crl -in '$T/e2/crl.pem' -noout -text | grep -q 'Superseded'"
check "the older of two 'one' certificates gets its serial in its name" \
	test -f "$T/e2/one-$s1.cer" -a -f "$T/e2/one.cer"
# (a random serial number ends with the counter's 64 bits)
check "one.cer is the newest" sh -c \
	"'$OPENSSL' x509 -in '$T/e2/one.cer' -noout -serial | grep -q '$(printf %016X "$s3")\$'"
check "the manifest marks the revoked one" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
st = {c["serial"]: c["status"] for c in m["certificates"]}
assert st[int(sys.argv[2])] == "revoked", st
assert m["crl"]["number"] == 1 and m["crl"]["der"] == "crl.der", m
' "$T/e2/index.json" "$s2"

expect_exit 0 cert export-all "$T/e3" --since-serial "$s3"
expect_output_contains "1 certificate exported"
expect_no_file "$T/e3/two.cer"
expect_exit 0 cert export-all "$T/e4" --since 2099-01-01
expect_output_contains "0 certificates exported"
expect_exit 0 cert export-all "$T/e5" --since 2000-01-01T00:00:00Z
expect_output_contains "3 certificates exported"
expect_exit 2 cert export-all "$T/e6" --since yesterday
expect_exit 2 cert export-all
expect_no_file "$T/e6"

# The client side: a certificate for a request it did not make is left alone.
CLIENTH=$T/client-home
NCPKI_HOME=$CLIENTH
export NCPKI_HOME
expect_exit 0 client configure --host ca.invalid --contact-name "Carl Client"
expect_exit 1 client import "$T/e2"
expect_stderr_contains "holds no certificate for a request made here"
# A request of its own, issued, then tampered with on the media.
expect_exit 0 client submit --offline "$T/media" --root mine --cn mine.example.com \
	--key-type p256 --no-password
NCPKI_HOME=$T/home
expect_exit 0 csr import "$T/media"
mine_id=$(sed -n 's/^mine\.csr: imported as request \([0-9]*\),.*/\1/p' "$OUT")
issue_csr "$mine_id" tls
expect_exit 0 cert export-all "$T/e7"
cp -r "$T/e7" "$T/e8"
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/o.key" \
	-subj "/CN=Other" -days 3 -out "$T/other.pem" 2>/dev/null
cat "$T/e8/mine.cer" "$T/other.pem" >"$T/e8/mine-chain.pem"
NCPKI_HOME=$CLIENTH
expect_exit 3 client import "$T/e8"
expect_stderr_contains "does not verify up to a self-signed root with the chain given"
expect_no_file "$CLIENTH/client/mine.cer"
expect_exit 0 client import "$T/e7"
expect_file "$CLIENTH/client/mine.cer"
expect_file "$CLIENTH/client/mine-chain.pem"
expect_file "$CLIENTH/client/$CAROOT.cer"
expect_exit 3 client import "$T/e7"
expect_stderr_contains "already exists"
# Another certificate where the CA's would go (a pinned CA of that name).
cp "$CLIENTH/client/$CAROOT.cer" "$T/ca-saved.cer"
cp "$T/other.pem" "$CLIENTH/client/$CAROOT.cer"
expect_exit 3 client import "$T/e7"
expect_stderr_contains "already exists and holds another certificate"
check "the other certificate is left alone" cmp -s "$T/other.pem" "$CLIENTH/client/$CAROOT.cer"
expect_exit 0 client import "$T/e7" --force

finish
