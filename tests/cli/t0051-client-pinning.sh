#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0051: pinning the CA certificate against stand-in servers (openssl
# s_server -WWW serving fixed JSON files): first contact shows the
# fingerprints and pins only once confirmed; afterwards a server whose TLS
# certificate comes from that CA is accepted, and one presenting a
# certificate from another CA is refused.
. "$(dirname "$0")/lib.sh"

srv_pid=
stop_srv() { stop_pid srv_pid; }
at_exit stop_srv

# _srv_answers: s_server on $port takes a connection.
_srv_answers() { "$OPENSSL" s_client -connect "127.0.0.1:$port" </dev/null >/dev/null 2>&1; }

# start_srv CERT KEY [PORT]: s_server -WWW on 127.0.0.1 in $T/www, on PORT
# or a free one; sets port. Waits until it accepts connections.
start_srv() {
	_try=0
	while [ $_try -lt 20 ]; do
		if [ -n "${3:-}" ]; then
			port=$3
		else
			port=$(( 20000 + ($$ * 7 + _try * 131 + $(date +%N | sed 's/^0*//;s/^$/0/') % 997) % 40000 ))
		fi
		(cd "$T/www" && exec timeout 120 "$OPENSSL" s_server -accept "127.0.0.1:$port" \
			-WWW -cert "$1" -key "$2" -quiet) </dev/null >"$T/srv.log" 2>&1 &
		srv_pid=$!
		wait_until 50 "$srv_pid" _srv_answers && return 0
		stop_srv
		_try=$((_try + 1))
	done
	fail "cannot start openssl s_server"
	return 1
}

# CA A: the one the client will pin; a TLS certificate for localhost from it.
configure_ca
make_csr srvA "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
import_csr srvA
issue_csr "$csr_id" tls
run cert get "$serial" --out "$T/srvA.cer"

# CA B: another CA, and a localhost certificate from it.
other_ca_cert srvB "/CN=localhost" "DNS:localhost,IP:127.0.0.1" "$T/srvB.cer"

# The stand-in service: GET /ncpki/v1/ca and /ncpki/v1/certs.
mkdir -p "$T/www/ncpki/v1"
pem_json=$(awk '{printf "%s\\n", $0}' "$CADIR/$CAROOT.cer")
printf '{"file_root":"%s","pem":"%s","sha1":"00","sha256":"00","instance":"MyCA","node":"standin.example.com"}' \
	"$CAROOT" "$pem_json" >"$T/www/ncpki/v1/ca"
printf '{"certificates":[]}' >"$T/www/ncpki/v1/certs"
# client list asks a page at a time, for its contact's certificates when it
# has one (issue 14; this client has none); s_server -WWW serves the path
# with its query as the file's name
cp "$T/www/ncpki/v1/certs" "$T/www/ncpki/v1/certs?limit=500"

start_srv "$T/srvA.cer" "$T/srvA.pkey" || finish
client configure --host localhost --port "$port" --contact-name "Jane Doe"
expect_equal "configure exit" "$rc" 0

ca_sha1=$(sha1_of "$CADIR/$CAROOT.cer")
ca_sha256=$(sha256_of "$CADIR/$CAROOT.cer")

# Without --yes and without a terminal: asked nowhere, nothing pinned.
client get-ca
expect_equal "get-ca without a terminal: exit" "$rc" 2
expect_no_file "$CH/client/$CAROOT.cer"
client list
expect_equal "list before pinning: exit" "$rc" 1
expect_stderr_contains "get the CA certificate first"

# Declined at the terminal: nothing pinned.
if have_python3; then
	pty_run "$T/pty.out" "read out to you? [y/N] " "n" -- "$NCPKI" --home "$CH" client get-ca
	expect_equal "declined get-ca: exit" "$rc" 1
	check "the terminal showed the SHA-1 fingerprint" grep -q -F "$ca_sha1" "$T/pty.out"
	expect_no_file "$CH/client/$CAROOT.cer"
fi

client get-ca --yes
expect_equal "get-ca --yes: exit" "$rc" 0
expect_output_line "$ca_sha1"
expect_output_line "$ca_sha256"
expect_output_line "Certificate Authority Certificate (SHA-1 Fingerprint: $ca_sha1) saved in file \"$CH/client/$CAROOT.cer\""
# The stand-in's certificate is not in the system trust store: said so.
expect_stderr_contains "could not be verified"
check "pinned file is the CA certificate" cmp -s "$CH/client/$CAROOT.cer" "$CADIR/$CAROOT.cer"
client show
expect_output_contains "$ca_sha256"

# A server with a certificate from the pinned CA is accepted.
client list
expect_equal "list against a server from the pinned CA: exit" "$rc" 0
expect_output_line "No issued certificates."

# The same host and port now present a certificate from another CA: refused.
stop_srv
start_srv "$T/srvB.cer" "$T/srvB.pkey" "$port" || finish
client list
expect_equal "list against another CA's server: exit" "$rc" 1
expect_stderr_contains "Refusing the server"
expect_stderr_contains "pinned Certificate Authority certificate"
client get 5
expect_equal "get against another CA's server: exit" "$rc" 1
expect_stderr_contains "Refusing the server"
client submit --root web --cn web.example.com --no-password --key-type p256
expect_equal "submit against another CA's server: exit" "$rc" 1
expect_stderr_contains "Refusing the server"
expect_stderr_contains "were kept"
expect_file "$CH/client/web.key"
expect_mode 600 "$CH/client/web.key"
stop_srv

finish
