#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0084: `ncpki client renew` through ncpkid on loopback. The client renews
# certificate N from its saved copy: a new key by default, a request with
# the same subject and SANs sent as a renewal of N, listed by the CA as
# "renewal of N" and issued with cert.renewal_of = N; the new certificate
# verifies against the pinned CA with another key. --reuse-key keeps the
# key (an encrypted one is unlocked with its password); a certificate not
# saved here is downloaded first; an unknown serial is refused.
# ncpkid is started as the HTTP scripts start it.
. "$(dirname "$0")/../http/lib.sh"

CD=$CH/client

verify_pin() {
	check "$(basename "$1") verifies against the pinned CA" \
		sh -c "'$OPENSSL' verify -CAfile '$CD/$CAROOT.cer' '$1' >/dev/null"
}

# ----------------------------------------------- a certificate to renew
client_web_cert
verify_pin "$CD/web.cer"

# ------------------------------------------------ renew with a new key
today=$(date -u +%Y%m%d)
renewed --serial "$s1" --key-type p256 --no-password
r1=$req_id
expect_output_contains "Certificate Signing Request \"web-$today\" successfully submitted to the Certificate Authority at instance $CAROOT on node ca-node.example.com"
expect_output_line "Renewal of certificate $s1: created files \"$CD/web-$today.key\" and \"$CD/web-$today.csr\"."
expect_mode 600 "$CD/web-$today.key"
expect_output_contains "SHA-1 Fingerprint: $(csr_fp "$CD/web-$today.csr")"

run csr list
expect_output_matches "^$r1 +web-$today +CN=web\\.example\\.com,O=Example Corporation,C=US +client\\.example\\.com +IRIS1 +.* renewal of $s1 *\$"
run csr show "$r1"
expect_output_matches "^Kind: +renewal of $s1\$"
expect_output_matches '^Requested SANs: +DNS:web\.example\.com, IP:192\.0\.2\.7$'
expect_output_contains "Jane Doe"

issue_csr "$r1" tls
s2=$serial
if [ -n "$SQLITE3" ]; then
	expect_equal "cert.renewal_of of $s2" \
		"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT renewal_of FROM cert WHERE serial = $s2")" "$s1"
fi
client get "$s2"
expect_equal "client get $s2: exit" "$rc" 0
verify_pin "$CD/web-$today.cer"
expect_equal "same subject" \
	"$("$OPENSSL" x509 -in "$CD/web-$today.cer" -noout -subject)" \
	"$("$OPENSSL" x509 -in "$CD/web.cer" -noout -subject)"
expect_equal "same SANs" \
	"$("$OPENSSL" x509 -in "$CD/web-$today.cer" -noout -ext subjectAltName | tail -n 1)" \
	"$("$OPENSSL" x509 -in "$CD/web.cer" -noout -ext subjectAltName | tail -n 1)"
expect_not_equal "the renewed certificate's key" "$(pubkey "$CD/web-$today.cer")" "$(pubkey "$CD/web.cer")"
check "the new key is the renewed certificate's" sh -c \
	"test \"\$('$OPENSSL' pkey -in '$CD/web-$today.key' -pubout)\" = \"\$('$OPENSSL' x509 -in '$CD/web-$today.cer' -noout -pubkey)\""
run --home "$CH" client list --serial "$s2" --json
expect_output_contains "\"serial\": $s2"

# The default file name root again today: the files exist, nothing is sent.
snapshot "$T/snap"
client renew --serial "$s2" --key-type p256 --no-password
expect_equal "renew into existing files: exit" "$rc" 3
expect_stderr_contains "already exists"
expect_unchanged "$T/snap" "renewal refused before anything was sent"

# ----------------------------------------------- renew keeping the key
renewed --serial "$s2" --reuse-key --root web-reuse
issue_csr "$req_id" tls
s3=$serial
client get "$s3"
verify_pin "$CD/web-reuse.cer"
expect_equal "--reuse-key: the same key" "$(pubkey "$CD/web-reuse.cer")" "$(pubkey "$CD/web-$today.cer")"
check "--reuse-key: the key file is a copy" cmp -s "$CD/web-reuse.key" "$CD/web-$today.key"
expect_mode 600 "$CD/web-reuse.key"

# An encrypted key: kept with its password, refused with a wrong one.
make_pwfile "$T/key.pw" "client key password"
make_pwfile "$T/bad.pw" "not the password"
client submit --root dev --cn dev7.example.com --country US --key-type p256 \
	--hostname client.example.com --password-file "$T/key.pw"
submitted || finish
issue_csr "$req_id" tls
s4=$serial
client get "$s4"
client renew --serial "$s4" --reuse-key --root dev2 --password-file "$T/bad.pw"
expect_equal "--reuse-key with a wrong password: exit" "$rc" 4
expect_no_file "$CD/dev2.csr"
client renew --serial "$s4" --reuse-key --root dev2
expect_equal "--reuse-key of an encrypted key without a password or terminal: exit" "$rc" 4
renewed --serial "$s4" --reuse-key --root dev2 --password-file "$T/key.pw"
check "dev2.key is still encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$CD/dev2.key"
issue_csr "$req_id" tls
client get "$serial"
expect_equal "--reuse-key (encrypted): the same key" "$(pubkey "$CD/dev2.cer")" "$(pubkey "$CD/dev.cer")"

# ------------------------------- a certificate not saved here is fetched
client submit --root far --cn far.example.com --key-type p256 \
	--hostname client.example.com --no-password
submitted || finish
issue_csr "$req_id" tls
s5=$serial
expect_no_file "$CD/far.cer"
renewed --serial "$s5" --key-type p256 --no-password --root far2
expect_file "$CD/far.cer"
run csr show "$req_id"
expect_output_matches "^Kind: +renewal of $s5\$"

# ----------------------- the service down: the files stay for a resubmission
old_port=$PORT
stop_ncpkid
client renew --serial "$s1" --key-type p256 --no-password --root late
expect_equal "renew with the service down: exit" "$rc" 1
expect_stderr_contains "were kept: send them again with \"ncpki client resubmit --root late --renewal-of $s1\""
expect_file "$CD/late.key"
start_ncpkid --node ca-node.example.com --port "$old_port" || finish
client resubmit --root late --renewal-of "$s1"
submitted || finish
run csr show "$req_id"
expect_output_matches "^Kind: +renewal of $s1\$"

# ------------------------------------------------------------ refusals
client renew --serial 999 --no-password
expect_equal "renew a serial never issued: exit" "$rc" 1
expect_stderr_contains "not_found"
client renew --no-password
expect_equal "renew without --serial: exit" "$rc" 2
client renew --serial "$s1" --reuse-key --key-type p256
expect_equal "--reuse-key with --key-type: exit" "$rc" 2
client renew --help
expect_equal "renew --help: exit" "$rc" 0
expect_output_contains "--reuse-key"

stop_ncpkid
finish
