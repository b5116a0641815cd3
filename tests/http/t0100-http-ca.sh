#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0100: ncpkid's set-up and GET ca: the answer matches `ncpki server cert`
# and `ncpki server show`; the TLS certificate verifies against the CA;
# unknown paths are 404, a custom --path moves the API; plain HTTP only on
# loopback unless forced; a service with no CA configured answers 503.
. "$(dirname "$0")/lib.sh"

# No CA yet: setup refuses, the service answers not_configured.
expect_equal "setup without a CA" "$("$NCPKI" service setup --hostname localhost \
	--password-file "$PWFILE" >/dev/null 2>&1; echo $?)" 1
start_ncpkid --insecure-http
api GET /ca
expect_error 503 not_configured "GET ca without a CA"
stop_ncpkid

setup_service
expect_file "$NCPKI_HOME/ncpkid/ncpkid.cer"
expect_mode 600 "$NCPKI_HOME/ncpkid/ncpkid.key"
check "service certificate verifies against the CA" \
	"$OPENSSL" verify -CAfile "$CACERT" -purpose sslserver "$NCPKI_HOME/ncpkid/ncpkid.cer"

start_ncpkid --instance IRIS1 --node node7
api GET /ca
expect_status 200 "GET ca"
run server cert
jget '["pem"]' >"$T/ca-from-api.pem"
check "pem equals 'ncpki server cert'" cmp -s "$OUT" "$T/ca-from-api.pem"
expect_equal "sha256" "$(jget '["sha256"]')" "$(sha256_of "$CACERT")"
expect_equal "sha1" "$(jget '["sha1"]')" "$(sha1_of "$CACERT")"
expect_equal "file_root" "$(jget '["file_root"]')" "$CAROOT"
expect_equal "instance" "$(jget '["instance"]')" IRIS1
expect_equal "node" "$(jget '["node"]')" node7
expect_equal "not_after" "$(jget '["not_after"]')" \
	"$(date -u -d "@$(epoch_of "$CACERT" end)" +%Y-%m-%dT%H:%M:%SZ)"
checks=$((checks + 1))
if grep -qi '^Content-Type: application/json' "$HDRS"; then pass "JSON content type"; else fail "content type"; fi

api GET /nothing
expect_error 404 not_found "unknown path"
api POST /ca -H 'Content-Type: application/json' -d '{}'
expect_error 405 method_not_allowed "POST ca"
stop_ncpkid

# Default instance is the CA's file name root; --path moves the API.
NCPKID_PATH=/pki/
start_ncpkid --path /pki/
NCPKID_PATH=/pki
BASE=https://127.0.0.1:$PORT/pki
api GET /ca
expect_status 200 "GET ca under --path /pki/"
expect_equal "default instance" "$(jget '["instance"]')" "$CAROOT"
expect_equal "default node" "$(jget '["node"]')" "$(uname -n)"
BASE=https://127.0.0.1:$PORT/ncpki/v1
api GET /ca
expect_error 404 not_found "old path after --path"
stop_ncpkid
NCPKID_PATH=

# Plain HTTP: loopback yes, anything else no (unless forced).
"$NCPKID" --insecure-http --listen 0.0.0.0 --port 0 >"$OUT" 2>"$ERR"
rc=$?
expect_equal "--insecure-http on 0.0.0.0 exit" "$rc" 2
expect_stderr_matches 'loopback'
start_ncpkid --insecure-http
api GET /ca
expect_status 200 "GET ca over plain HTTP on 127.0.0.1"
stop_ncpkid

# No key and certificate given or made: a clear refusal.
# (ncpkid.key is a link to the pair in service, issue 14: remove the pair.)
rm -rf "$NCPKI_HOME/ncpkid"
"$NCPKID" --listen 127.0.0.1 --port 0 >"$OUT" 2>"$ERR"
expect_equal "missing TLS key exit" "$?" 1
expect_stderr_contains "ncpki service setup"

# Usage errors.
"$NCPKID" --port 70000 >"$OUT" 2>"$ERR"
expect_equal "--port 70000" "$?" 2
"$NCPKID" --path nope >"$OUT" 2>"$ERR"
expect_equal "--path without /" "$?" 2
"$NCPKID" --help >"$OUT" 2>"$ERR"
expect_equal "--help" "$?" 0
expect_output_contains "--insecure-http"

finish
