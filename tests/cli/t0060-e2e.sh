#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0060: end to end on loopback: a CA, ncpkid with its own TLS certificate,
# a CA client that pins the CA certificate, submits requests, has them
# processed with each usage, lists and gets the certificates (each verifies
# against the pinned CA); a failed submission keeps its files for a
# resubmission. Then the seed's TLS with TCP: a server and a client
# certificate issued through this flow make a mutually authenticated
# connection (openssl s_server -Verify / s_client), and a client
# certificate from another CA is refused.
. "$(dirname "$0")/lib.sh"

NCPKID=${NCPKID:-$(dirname "$NCPKI")/ncpkid}
[ -x "$NCPKID" ] || skip_all "ncpkid is not built"
command -v timeout >/dev/null 2>&1 || skip_all "timeout is not installed"

s_pid=
sl_pid=
stop_s_server() {
	for _p in $s_pid $sl_pid; do
		kill "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	s_pid=
	sl_pid=
}
at_exit stop_s_server

# submit ROOT ARGS...: ncpki client submit; sets req_id and req_sha1.
submit() {
	_r=$1
	shift
	client submit --root "$_r" --key-type p256 --hostname client.example.com "$@"
	req_sha1=$(sed -n 's/^SHA-1 Fingerprint: \([0-9A-F:]*\), Certificate Signing Request ".*" successfully submitted to the Certificate Authority at instance .* on node .*$/\1/p' "$OUT")
	req_id=$(sed -n 's/^Request number at the Certificate Authority: \([0-9][0-9]*\)$/\1/p' "$OUT")
	if [ "$rc" -ne 0 ] || [ -z "$req_sha1" ] || [ -z "$req_id" ]; then
		fail "client submit $_r: exit $rc"
		show_output
		return 1
	fi
}

# fetch SERIAL ROOT: ncpki client get; checks the message and the files.
fetch() {
	client get "$1"
	expect_equal "client get $1: exit" "$rc" 0
	expect_output_line "Certificate number $1 (SHA-1 Fingerprint: $(sha1_of "$CH/client/$2.cer" 2>/dev/null)) saved in file \"$CH/client/$2.cer\""
	check "$2.cer verifies against the pinned CA" \
		sh -c "'$OPENSSL' verify -CAfile '$CH/client/$CAROOT.cer' '$CH/client/$2.cer' >/dev/null"
	check "$2-chain.pem holds the certificate then the CA" sh -c \
		"test \$(grep -c 'BEGIN CERTIFICATE' '$CH/client/$2-chain.pem') -eq 2"
}

# ---------------------------------------------------------- the service
configure_ca
run csr list --json
"$NCPKI" --home "$NCPKI_HOME" service setup --hostname localhost --password-file "$PWFILE" \
	>"$T/setup.out" 2>&1
check "ncpki service setup" test $? -eq 0
start_daemon || finish

# ------------------------------------------------------------- the client
client configure --host localhost --port "$port" --contact-name "Jane Doe" \
	--contact-phone "+1 617 555 0100" --contact-email jane@example.com --instance IRIS1
expect_output_line "Certificate Authority client successfully configured."
client get-ca --yes
expect_equal "get-ca: exit" "$rc" 0
ca_sha1=$(sha1_of "$CADIR/$CAROOT.cer")
expect_output_line "Certificate Authority Certificate (SHA-1 Fingerprint: $ca_sha1) saved in file \"$CH/client/$CAROOT.cer\""
expect_output_contains "ca-node.example.com"

# One request per usage; the tls one with an encrypted key.
make_pwfile "$T/key.pw" "client key password"
submit web --cn localhost --country US --org "Example Corporation" \
	--san DNS:localhost --san IP:127.0.0.1 --no-password
web_id=$req_id
web_sha1=$req_sha1
expect_output_contains "Certificate Signing Request \"web\" successfully submitted to the Certificate Authority at instance $CAROOT on node ca-node.example.com"
expect_mode 600 "$CH/client/web.key"
check "the request's SHA-1 is the CSR file's" test "$req_sha1" = "$(csr_fp "$CH/client/web.csr")"
submit device --cn device7.example.com --country US --password-file "$T/key.pw"
dev_id=$req_id
expect_mode 600 "$CH/client/device.key"
check "device.key is encrypted" grep -q "BEGIN ENCRYPTED PRIVATE KEY" "$CH/client/device.key"
check "device.key opens with its password" \
	"$OPENSSL" pkey -in "$CH/client/device.key" -passin "file:$T/key.pw" -noout
submit subca --cn "Sub CA" --no-password
sub_id=$req_id
submit signer --cn "Code Signer" --no-password
sig_id=$req_id

# The CA sees them with the contact, hostname and instance.
run csr show "$web_id"
expect_output_contains "Jane Doe"
expect_output_matches '^Hostname: +client\.example\.com$'
expect_output_matches '^Instance: +IRIS1$'
expect_output_contains "$web_sha1"
run csr show "$sig_id"
expect_output_contains "$req_sha1"

# The same request twice is a duplicate at the CA.
client resubmit --root web
expect_equal "resubmitting a pending request: exit" "$rc" 3
expect_stderr_contains "duplicate"

issue_csr "$web_id" tls
s_web=$serial
issue_csr "$dev_id" tls
s_dev=$serial
issue_csr "$sub_id" intermediate
s_sub=$serial
issue_csr "$sig_id" codesign
s_sig=$serial

client list
expect_equal "client list: exit" "$rc" 0
expect_output_matches '^Serial +Hostname +Instance +Filename +Subject +Expires +Status *$'
expect_output_matches "^ *$s_web +client\\.example\\.com +IRIS1 +web +"
client list --mine
expect_output_matches '^Serial Number +Filename *$'
expect_output_matches "^ *$s_sig +signer *\$"
expect_output_lacks "ncpkid"
client list --file subca
expect_output_contains "subca"
expect_output_lacks "signer"
client list --serial "$s_dev" --json
check "list --json: one certificate" sh -c "grep -c '\"serial\"' '$OUT' | grep -qx 1"

fetch "$s_web" web
fetch "$s_dev" device
fetch "$s_sub" subca
fetch "$s_sig" signer
check "subca is a CA certificate" sh -c \
	"'$OPENSSL' x509 -in '$CH/client/subca.cer' -noout -ext basicConstraints | grep -q 'CA:TRUE'"
check "signer is for code signing" sh -c \
	"'$OPENSSL' x509 -in '$CH/client/signer.cer' -noout -ext extendedKeyUsage | grep -q 'Code Signing'"
client get "$s_web"
expect_equal "get again without --force: exit" "$rc" 3
client get "$s_web" --force
expect_equal "get --force: exit" "$rc" 0
client get 9999
expect_equal "get unknown serial: exit" "$rc" 1
expect_stderr_contains "not_found"

# A submission that cannot be sent keeps its files; resubmit sends them.
stop_daemon
submit_port=$port
client submit --root late --cn late.example.com --key-type p256 --no-password
expect_equal "submit with the service down: exit" "$rc" 1
expect_stderr_contains "were kept"
expect_file "$CH/client/late.key"
expect_file "$CH/client/late.csr"
start_daemon "$submit_port" || finish
client resubmit --root late
expect_equal "resubmit: exit" "$rc" 0
expect_output_contains "Certificate Signing Request \"late\" successfully submitted"
expect_output_contains "SHA-1 Fingerprint: $(csr_fp "$CH/client/late.csr")"
stop_daemon

# -------------------------------------------------- TLS with TCP (seed)
# start_s_server LOGFILE ARGS...: s_server on a free loopback port, one
# connection; sets s_port.
start_s_server() {
	_log=$1
	shift
	_try=0
	while [ $_try -lt 20 ]; do
		s_port=$(( 20000 + ($$ * 13 + _try * 389 + $(date +%N | sed 's/^0*//;s/^$/0/') % 1009) % 40000 ))
		# Its stdin stays open (an EOF there would close the connection).
		rm -f "$T/s_in"
		mkfifo "$T/s_in"
		sleep 30 >"$T/s_in" &
		sl_pid=$!
		timeout 30 "$OPENSSL" s_server -accept "127.0.0.1:$s_port" -naccept 1 "$@" \
			<"$T/s_in" >"$_log" 2>&1 &
		s_pid=$!
		wait_until 50 "$s_pid" grep -q '^ACCEPT' "$_log" 2>/dev/null && return 0
		stop_s_server
		_try=$((_try + 1))
	done
	fail "cannot start openssl s_server"
	return 1
}

# s_server_done LOGFILE: waits (bounded) for the connection to end, then stops it.
s_server_done() {
	_i=0
	while [ $_i -lt 50 ] && kill -0 "$s_pid" 2>/dev/null &&
		! grep -q 'CONNECTION CLOSED\|ERROR' "$1" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	stop_s_server
}

# s_client_run LOGFILE ARGS...: sends one line and waits for the server.
s_client_run() {
	_log=$1
	shift
	(echo "hello over TLS"; sleep 1) | timeout 20 "$OPENSSL" s_client \
		-connect "127.0.0.1:$s_port" "$@" >"$_log" 2>&1
}

PIN=$CH/client/$CAROOT.cer
start_s_server "$T/ss.log" -Verify 1 -verify_return_error -CAfile "$PIN" \
	-cert "$CH/client/web.cer" -key "$CH/client/web.key" || finish
s_client_run "$T/sc.log" -servername localhost -verify_hostname localhost \
	-verify_return_error -CAfile "$PIN" \
	-cert "$CH/client/device.cer" -key "$CH/client/device.key" -pass "file:$T/key.pw"
s_server_done "$T/ss.log"
check "s_client: Verify return code: 0" grep -q "Verify return code: 0 (ok)" "$T/sc.log"
check "s_server verified the client certificate" sh -c \
	"grep -q '^depth=0 .*CN = device7.example.com' '$T/ss.log' && ! grep -q 'verify error' '$T/ss.log' && grep -q '^verify return:1' '$T/ss.log'"
check "s_server got the client certificate" grep -q "^subject=.*CN = device7.example.com" "$T/ss.log"
check "the line crossed the mutually authenticated connection" grep -q "^hello over TLS" "$T/ss.log"

# A client certificate from another CA is refused by s_server.
other_ca_cert other "/CN=other-device.example.com" "" "$T/other.cer"

start_s_server "$T/ss2.log" -Verify 1 -verify_return_error -CAfile "$PIN" \
	-cert "$CH/client/web.cer" -key "$CH/client/web.key" || finish
s_client_run "$T/sc2.log" -servername localhost -verify_hostname localhost \
	-CAfile "$PIN" -cert "$T/other.cer" -key "$T/other.pkey"
s_server_done "$T/ss2.log"
check "s_server refused the other CA's client certificate" \
	grep -q -i "verify error\|unable to get local issuer\|certificate verify failed" "$T/ss2.log"
check "nothing crossed with the other CA's certificate" sh -c "! grep -q '^hello over TLS' '$T/ss2.log'"

finish
