#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0140: ncpkid speaks TLS 1.2 and 1.3 only, with forward-secret AEAD
# suites only (Mozilla's "intermediate" profile). openssl s_client offers
# TLS 1.0, TLS 1.1, CBC-SHA suites, static RSA and DHE key exchange: each
# is refused by ncpkid. So that the refusal is the server's and not the
# client's, every offer is first shown to succeed against openssl s_server
# on loopback with the same key and certificate and every cipher enabled.
# Done for an RSA key and for an ECDSA (P-256) one.
. "$(dirname "$0")/lib.sh"

configure_ca || finish
SERVER_PID=
stop_server() { stop_pid SERVER_PID; }
at_exit stop_server

# hello PORT WHAT ARGS...: one handshake; "PROTOCOL/SUITE" on success,
# "refused" when no session was made. The client allows everything
# (SECLEVEL=0) so that the server decides.
hello() {
	_port=$1
	shift
	"$OPENSSL" s_client -connect "127.0.0.1:$_port" -servername localhost "$@" \
		</dev/null >"$T/.hello" 2>&1
	_rc=$?
	_cipher=$(sed -n 's/^New, [^,]*, Cipher is \(.*\)$/\1/p' "$T/.hello" | head -n 1)
	# the session's protocol; TLS 1.3 may end before its session is shown,
	# but then the "New," line names it
	_proto=$(sed -n 's/^ *Protocol *: *\(.*\)$/\1/p' "$T/.hello" | head -n 1)
	[ -n "$_proto" ] || _proto=$(sed -n 's/^New, \(TLSv1\.3\), .*/\1/p' "$T/.hello")
	if [ "$_rc" -eq 0 ] && [ -n "$_cipher" ] && [ "$_cipher" != "(NONE)" ]; then
		echo "$_proto/$_cipher"
	else
		echo refused
	fi
}

# The offers, one a line: the expected answer of ncpkid ("refused", or the
# protocol and suite agreed), then s_client's arguments.
REFUSED_RSA='refused -tls1 -cipher DEFAULT:@SECLEVEL=0
refused -tls1_1 -cipher DEFAULT:@SECLEVEL=0
refused -tls1_2 -cipher AES128-SHA:@SECLEVEL=0
refused -tls1_2 -cipher AES256-SHA256:@SECLEVEL=0
refused -tls1_2 -cipher ECDHE-RSA-AES128-SHA:@SECLEVEL=0
refused -tls1_2 -cipher ECDHE-RSA-AES256-SHA384:@SECLEVEL=0
refused -tls1_2 -cipher AES128-GCM-SHA256:@SECLEVEL=0
refused -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0
TLSv1.2/ECDHE-RSA-AES128-GCM-SHA256 -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
TLSv1.2/ECDHE-RSA-AES256-GCM-SHA384 -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
TLSv1.2/ECDHE-RSA-CHACHA20-POLY1305 -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305'
REFUSED_EC='refused -tls1 -cipher DEFAULT:@SECLEVEL=0
refused -tls1_1 -cipher DEFAULT:@SECLEVEL=0
refused -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0
refused -tls1_2 -cipher ECDHE-ECDSA-AES256-SHA384:@SECLEVEL=0
TLSv1.2/ECDHE-ECDSA-AES128-GCM-SHA256 -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
TLSv1.2/ECDHE-ECDSA-AES256-GCM-SHA384 -tls1_2 -cipher ECDHE-ECDSA-AES256-GCM-SHA384
TLSv1.2/ECDHE-ECDSA-CHACHA20-POLY1305 -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305'
TLS13='TLSv1.3/TLS_AES_128_GCM_SHA256 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
TLSv1.3/TLS_AES_256_GCM_SHA384 -tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384
TLSv1.3/TLS_CHACHA20_POLY1305_SHA256 -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256'

KEY=$NCPKI_HOME/ncpkid/ncpkid.key
CER=$NCPKI_HOME/ncpkid/ncpkid.cer
for keytype in rsa2048 p256; do
	"$NCPKI" service setup --hostname localhost --ip 127.0.0.1 --key-type "$keytype" \
		--password-file "$PWFILE" >"$T/.setup.out" 2>&1 ||
		{ fail "ncpki service setup --key-type $keytype"; cat "$T/.setup.out"; finish; }
	if [ $keytype = rsa2048 ]; then offers="$REFUSED_RSA
$TLS13"; else offers="$REFUSED_EC
$TLS13"; fi

	# The control: openssl s_server, every protocol and suite allowed.
	"$OPENSSL" s_server -accept 127.0.0.1:0 -key "$KEY" -cert "$CER" -www \
		-cipher 'ALL:@SECLEVEL=0' </dev/null >"$T/.server" 2>&1 &
	SERVER_PID=$!
	sport=
	i=0
	while [ $i -lt 50 ] && [ -z "$sport" ]; do
		sleep 0.1
		sport=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$T/.server")
		i=$((i + 1))
	done
	[ -n "$sport" ] || { fail "openssl s_server did not start"; cat "$T/.server"; finish; }
	start_ncpkid || finish

	echo "$offers" | while read -r want args; do
		# shellcheck disable=SC2086
		control=$(hello "$sport" $args)
		# shellcheck disable=SC2086
		got=$(hello "$PORT" $args)
		expect_equal "$keytype: s_server accepts $args" \
			"$(test "$control" != refused && echo accepted)" accepted
		expect_equal "$keytype: ncpkid answers $args" "$got" "$want"
		echo "$checks $failures" >"$T/.counts"
	done
	# the loop ran in a subshell: bring its counts back
	read -r checks failures <"$T/.counts"
	stop_ncpkid
	stop_server
done

# The client's default offer: TLS 1.3 with an AEAD suite.
start_ncpkid || finish
api GET /ca
expect_status 200 "curl's default handshake"
stop_ncpkid
finish
