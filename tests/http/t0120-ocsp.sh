#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0120: ncpkid answers OCSP (RFC 6960) to `openssl ocsp -url`: before any
# signer, `unauthorized` and a clear log line; `ncpki ocsp setup` while the
# service runs gives a delegated signer (EKU OCSPSigning, ocsp-nocheck,
# digitalSignature, the --days asked) that the next request uses; good with
# and without a nonce (echoed only when sent), the responder named by key
# hash, every response verified against the CA alone; unknown for a serial
# never issued; a revocation by `ncpki cert revoke` in another process seen
# by the very next request, pre-signed answer or not, with its reason and
# time; a hold shows as revoked (certificateHold) and is good again once
# released; a renewal of the signer is used at once.
# shellcheck source=ocsp-lib.sh
. "$(dirname "$0")/ocsp-lib.sh"


# ski CERT: the subjectKeyIdentifier as openssl prints a responder id.
ski() {
	"$OPENSSL" x509 -in "$1" -noout -ext subjectKeyIdentifier | sed -n '2p' | tr -d ' :\n'
}

# openssl ocsp -serial asks by the counter's serial numbers: the guide's
# counter, an explicit choice since issue 14 (t0136 covers random serials).
setup_service --serial-mode counter
new_cert leaf
leaf=$serial
make_csr held
import_csr held
issue_csr "$csr_id" codesign
held=$serial

# ------------------------------------------------------------- no signer
expect_exit 1 ocsp status
expect_stderr_contains "ncpki ocsp setup"
expect_exit 0 ocsp setup --help
expect_output_contains "--days N"
expect_exit 2 ocsp setup --days 0 --password-file "$PWFILE"
expect_exit 2 ocsp setup --days 367 --password-file "$PWFILE"
expect_exit 2 ocsp setup --key-type rsa512 --password-file "$PWFILE"
expect_exit 2 ocsp status extra
make_pwfile "$T/bad.pw" 'not the password'
snapshot "$T/before-bad"
expect_exit 4 ocsp setup --password-file "$T/bad.pw"
expect_unchanged "$T/before-bad" "ocsp setup with a wrong password"
start_ncpkid
check "start-up says there is no OCSP signer" grep -q "No OCSP signing certificate is set up" "$NCPKID_ERR"
ocsp nosigner.out -cert "$T/leaf.cer"
expect_in nosigner.out "Responder Error: unauthorized (6)" "no signer: unauthorized"

# ------------------------------------------------- setup while it runs
expect_exit 0 ocsp setup --days 10 --password-file "$PWFILE"
expect_output_contains "OCSP signing certificate created: certificate number"
signer=$(sed -n 's/^OCSP signing certificate created: certificate number \([0-9]*\)\.$/\1/p' "$OUT")
expect_mode 600 "$NCPKI_HOME/ncpkid/ocsp.key"
OCSPCER=$NCPKI_HOME/ncpkid/ocsp.cer
"$OPENSSL" x509 -in "$OCSPCER" -noout -text >"$T/signer.txt"
expect_in signer.txt "OCSP Signing" "signer EKU OCSPSigning"
expect_in signer.txt "OCSP No Check" "signer has id-pkix-ocsp-nocheck"
check "signer keyUsage critical digitalSignature only" sh -c \
	"grep -A1 'X509v3 Key Usage: critical' '$T/signer.txt' | grep -qx ' *Digital Signature'"
expect_not_in signer.txt "CRL Distribution" "signer has no CRL distribution point"
expect_equal "signer lifetime (--days 10)" \
	$(($(epoch_of "$OCSPCER" end) - $(epoch_of "$OCSPCER" start))) 864000
check "signer verifies against the CA" "$OPENSSL" verify -CAfile "$CACERT" -purpose ocsphelper "$OCSPCER"
expect_exit 0 ocsp status
expect_output_line "Certificate number: $signer"
expect_exit 0 cert list --serial "$signer" --json
expect_output_contains '"usage": "ocsp"'
# No other way to get an OCSP signer: csr process refuses the usage.
make_csr rogue
import_csr rogue
expect_exit 3 csr process "$csr_id" --usage ocsp --password-file "$PWFILE" --yes

ocsp good-nonce.out -cert "$T/leaf.cer" -resp_text
expect_in good-nonce.out "Response verify OK" "response verifies against the CA"
expect_in good-nonce.out "leaf.cer: good" "leaf good"
expect_in good-nonce.out "OCSP Nonce:" "nonce echoed"
expect_in good-nonce.out "Responder Id: $(ski "$OCSPCER")" "responder id by key hash"
check "the new signer is logged" grep -q "OCSP: signing responses with certificate $signer" "$NCPKID_ERR"

ocsp good.out -cert "$T/leaf.cer" -no_nonce -resp_text
expect_in good.out "leaf.cer: good" "leaf good, no nonce"
expect_in good.out "Response verify OK" "pre-signed response verifies"
expect_not_in good.out "OCSP Nonce" "no nonce, none in the answer"
ocsp good2.out -cert "$T/leaf.cer" -no_nonce -resp_text
expect_equal "pre-signed: the same response twice" \
	"$(grep 'Produced At' "$T/good2.out")" "$(grep 'Produced At' "$T/good.out")"
# thisUpdate and nextUpdate: four hours apart.
tu=$(date -u -d "$(sed -n 's/^ *This Update: //p' "$T/good.out" | head -n1)" +%s)
nu=$(date -u -d "$(sed -n 's/^ *Next Update: //p' "$T/good.out" | head -n1)" +%s)
expect_equal "nextUpdate - thisUpdate" $((nu - tu)) 14400

ocsp unknown.out -serial 999999 -no_nonce
expect_in unknown.out "999999: unknown" "serial never issued: unknown"
expect_in unknown.out "Response verify OK" "unknown response verifies"
ocsp unknown2.out -serial 999999
expect_in unknown2.out "999999: unknown" "unknown with a nonce"

# --------------------------------------------- revocation, seen at once
expect_exit 0 cert revoke "$leaf" --reason keyCompromise --password-file "$PWFILE" --yes
ocsp revoked.out -cert "$T/leaf.cer" -no_nonce
expect_in revoked.out "leaf.cer: revoked" "revocation seen by the very next request"
expect_in revoked.out "Reason: keyCompromise" "revocation reason"
expect_in revoked.out "Response verify OK" "revoked response verifies"
rt=$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "select revoked_at from cert where serial = $leaf")
expect_in revoked.out "Revocation Time: $(date -u -d "@$rt" '+%b %e %H:%M:%S %Y GMT')" "revocation time"
ocsp revoked-nonce.out -cert "$T/leaf.cer"
expect_in revoked-nonce.out "leaf.cer: revoked" "revoked with a nonce"

# ------------------------------------------------------- hold, release
ocsp held0.out -serial "$held" -no_nonce
expect_in held0.out "$held: good" "before the hold: good"
expect_exit 0 cert revoke "$held" --reason certificateHold --password-file "$PWFILE" --yes
ocsp held.out -serial "$held" -no_nonce
expect_in held.out "$held: revoked" "on hold: revoked"
expect_in held.out "Reason: certificateHold" "on hold: reason certificateHold"
expect_exit 0 cert release-hold "$held" --password-file "$PWFILE" --yes
ocsp released.out -serial "$held" -no_nonce
expect_in released.out "$held: good" "released: good again"

# --------------------------------------------------- renewal of the signer
expect_exit 0 ocsp setup --password-file "$PWFILE"
expect_output_contains "OCSP signing certificate renewed: certificate number"
ocsp renewed.out -cert "$T/leaf.cer" -no_nonce -resp_text
expect_in renewed.out "Responder Id: $(ski "$OCSPCER")" "renewed signer used at once"
expect_in renewed.out "Response verify OK" "renewed signer's response verifies"
expect_in renewed.out "leaf.cer: revoked" "still revoked under the new signer"

stop_ncpkid
finish
