#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0070-view-request: View Request on the process screen (issue 16) shows
# the extensions a request asks for, in words, the critical one marked,
# with the note that only the subjectAltNames are taken, and the request
# itself in PEM; a request without extensions says so. The certificate
# issued then carries the usage's extensions, not the requested CA:TRUE.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/asks.key" -subj "/O=Example Corporation/CN=asks.example.com" \
	-addext "subjectAltName = DNS:asks.example.com" \
	-addext "keyUsage = critical, digitalSignature, keyCertSign" \
	-addext "basicConstraints = CA:TRUE" \
	-out "$T/asks.csr" 2>/dev/null || { fail "openssl req failed"; finish; }
import_csr asks || finish
asks_id=$csr_id
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/bare.key" -subj "/CN=bare.example.com" -out "$T/bare.csr" 2>/dev/null ||
	{ fail "openssl req failed"; finish; }
import_csr bare || finish

tui_start
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 2"
tui_keys Home Enter
expect_screen "Process Certificate Signing Request \"asks\""
# usage, validity, path length, box, Issue, View Request
tui_keys Tab Tab Tab Tab Tab Enter
expect_screen_text "Extensions the request asks for (only the subjectAltNames are taken; the usage decides the others):"
expect_screen_text "X509v3 Subject Alternative Name: DNS:asks.example.com"
expect_screen_text "X509v3 Key Usage (critical): Digital Signature, Certificate Sign"
expect_screen_text "X509v3 Basic Constraints: CA:TRUE"
expect_screen "-----BEGIN CERTIFICATE REQUEST-----"
# The dialog scrolls to the end of the PEM.
tui_keys End
expect_screen "-----END CERTIFICATE REQUEST-----"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"asks\""
# Issued as TLS: no CA:TRUE.
tui_keys BTab BTab Space F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys F2
expect_screen "issued for Certificate Signing Request \"asks\""
serial=$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT serial FROM cert WHERE file_root = 'asks'")
expect_exit 0 cert get "$serial" --out "$T/asks.cer"
"$OPENSSL" x509 -in "$T/asks.cer" -noout -text >"$T/asks.txt"
check "the certificate is not a CA" not grep -q "CA:TRUE" "$T/asks.txt"
check "the requested SAN is kept" grep -q "DNS:asks.example.com" "$T/asks.txt"

# A request without extensions.
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"bare\""
tui_keys Tab Tab Tab Tab Tab Enter
expect_screen "The request asks for no extensions."
tui_keys Enter Escape
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys Escape
tui_quit
finish
