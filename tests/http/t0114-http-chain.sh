#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0114: an intermediate CA configured from an existing pair with its chain
# runs ncpkid: GET ca answers the chain above it (the root), GET certs/N a
# chain from the intermediate up to the root that openssl verifies from the
# root alone; a CA client pins the intermediate and `client get` saves the
# certificate with the whole chain. A root CA's GET ca chain is empty.
. "$(dirname "$0")/lib.sh"

# The root, with no service.
configure_ca
ROOTCER=$CADIR/$CAROOT.cer
make_csr inter "/CN=Example Issuing CA"
import_csr inter
issue_csr "$csr_id" intermediate
expect_exit 0 cert get "$serial" --out "$T/inter.cer"

# The intermediate, in its own data directory, runs ncpkid.
NCPKI_HOME=$T/inter-home
export NCPKI_HOME
mkdir -p "$T/inter-ca"
"$OPENSSL" pkcs8 -topk8 -v2 aes-256-cbc -in "$T/inter.pkey" -passout "file:$PWFILE" \
	-out "$T/inter-ca/InterCA.key"
cp "$T/inter.cer" "$T/inter-ca/InterCA.cer"
expect_exit 0 server configure --root InterCA --dir "$T/inter-ca" --chain "$ROOTCER" \
	--password-file "$PWFILE"
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$PWFILE" \
	>"$T/setup.out" 2>&1
check "ncpki service setup under the intermediate" test $? -eq 0
# curl trusts the intermediate: ncpkid's certificate is issued by it.
CACERT=$T/inter.cer
start_ncpkid || finish

api GET /ca
expect_status 200 "GET ca"
expect_equal "GET ca: one certificate above the intermediate" "$(jget '["chain"]')" 1
check "ncpkid sends its chain: curl trusting only the root connects" sh -c \
	"curl -sS --cacert '$ROOTCER' --max-time 20 -o /dev/null '$BASE/ca' 2>'$T/curl-root.err'"
check "ncpkid.cer: the service's certificate and the intermediate" sh -c \
	"test \$(grep -c 'BEGIN CERTIFICATE' '$T/inter-home/ncpkid/ncpkid.cer') -eq 2"
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write(j["chain"][0])
open(sys.argv[3], "w").write(j["pem"])' "$BODY" "$T/ca-chain0.pem" "$T/ca-pem.pem"
check "GET ca: pem is the intermediate" sh -c \
	"'$OPENSSL' x509 -in '$T/ca-pem.pem' -noout -subject | grep -q 'Example Issuing CA'"
check "GET ca: chain[0] is the root" sh -c \
	"'$OPENSSL' x509 -in '$T/ca-chain0.pem' -outform DER | cmp -s - \
	 \"\$('$OPENSSL' x509 -in '$ROOTCER' -outform DER >'$T/root.der'; echo '$T/root.der')\""

make_csr web "/CN=web.example.com" "DNS:web.example.com"
csr_json web web "$T/web.json"
post_json /csr "$T/web.json"
expect_status 201 "POST csr"
issue_csr "$(jget '["id"]')" tls
web=$serial
api GET "/certs/$web"
expect_status 200 "GET certs/$web"
expect_equal "GET certs/N: chain intermediate and root" "$(jget '["chain"]')" 2
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write(j["pem"])
open(sys.argv[3], "w").write("".join(j["chain"]))' "$BODY" "$T/web.pem" "$T/web-chain.pem"
check "the served chain verifies the leaf from the root" "$OPENSSL" verify \
	-CAfile "$ROOTCER" -untrusted "$T/web-chain.pem" "$T/web.pem"

# A CA client of the intermediate.
CH=$T/client-home
client_pin "client get-ca pins the intermediate" --contact-name "Jo Client"
client get "$web"
expect_equal "client get under an intermediate" "$rc" 0
check "web-chain.pem: the certificate, the intermediate, the root" sh -c \
	"test \$(grep -c 'BEGIN CERTIFICATE' '$CH/client/web-chain.pem') -eq 3"
check "the saved chain verifies from the root" "$OPENSSL" verify -CAfile "$ROOTCER" \
	-untrusted "$CH/client/web-chain.pem" "$CH/client/web.cer"
stop_ncpkid

# A root CA's service: GET ca's chain is empty, GET certs/N's is the root.
NCPKI_HOME=$T/home
export NCPKI_HOME
"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --password-file "$PWFILE" \
	>"$T/setup2.out" 2>&1
CACERT=$ROOTCER
start_ncpkid || finish
api GET /ca
expect_status 200 "GET ca (root)"
expect_equal "a root's GET ca chain" "$(jget '["chain"]')" 0
api GET "/certs/1"
expect_equal "a root's GET certs/1 chain" "$(jget '["chain"]')" 1

finish
