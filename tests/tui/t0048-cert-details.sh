#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0048-cert-details: Enter on an issued certificate shows its details one
# field a line (no line break shown as "?"), with the issuer, the key and
# signature, the validity, the extensions read from the certificate
# (basic constraints and path length, key usage, extended key usage, the
# SANs) and, scrolled to, the certificate in PEM form to copy: the same
# text openssl writes for it. An intermediate shows "CA, path length 0".
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr web "/C=US/O=Example Corporation/CN=web.example.com" \
	"DNS:web.example.com,DNS:www.example.com" || finish
import_csr web --root Web || finish
issue_csr "$csr_id" tls || finish
web=$serial
make_csr sub "/C=US/O=Example Corporation/CN=Sub CA" "DNS:sub.example.com" || finish
import_csr sub --root Sub || finish
expect_exit 0 csr process "$csr_id" --usage intermediate --pathlen 0 --password-file "$PWFILE" --yes
expect_exit 0 cert get "$web" --out "$T/web.cer"

tui_start
tui_keys Down Down Down Down Down Enter
expect_screen "Issued certificates: 2"
expect_screen_line "^ $web +CN=web\.example\.com"
# The web server's certificate is the first row, the intermediate the last.
tui_keys Home Enter
expect_screen "Certificate number $web"
expect_screen_line "x Subject: CN=web\.example\.com,O=Example Corporation,C=US"
expect_screen_line "Issuer: CN=Test CA"
expect_screen_line "Subject Alternative Names: DNS:web\.example\.com, DNS:www\.example\.com"
expect_screen_line "Key and signature: EC P-256, ecdsa-with-SHA256"
expect_screen_line "Basic constraints: not a CA"
expect_screen_line "Key usage: digitalSignature"
expect_screen_line "Extended key usage: serverAuth"
expect_screen_line "Validity: [0-9]{4}-[0-9]{2}-[0-9]{2}"
expect_screen_lacks "?Issuer"
expect_screen_lacks "?File name root"
# Scroll to the PEM: its lines are the certificate's own.
tui_keys NPage NPage NPage
expect_screen "-----END CERTIFICATE-----"
expect_screen "$(sed -n '$p' "$T/web.cer" | tail -n 1)"
expect_screen "$(tail -n 2 "$T/web.cer" | head -n 1)"
tui_keys Enter
tui_wait_gone "Certificate number $web"

# The intermediate (the last serial): a CA with path length 0.
tui_keys End Enter
expect_screen_line "Basic constraints: CA, path length 0"
expect_screen_line "Key usage: .*keyCertSign, cRLSign"
tui_keys Enter
tui_keys Escape
expect_screen "ncpki - Public Key Infrastructure"
tui_quit
finish
