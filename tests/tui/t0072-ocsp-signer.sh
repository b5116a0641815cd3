#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0072-ocsp-signer: the OCSP responder's signer in the console (issue 16),
# under Maintenance: none at first (the page says ncpkid does not answer);
# a validity out of range is marked beside its field; Set Up with the CA
# key's password (a wrong one refused) makes the key and the delegated
# certificate, which openssl reads as an OCSP signer issued by the CA, and
# the CLI's status agrees; Renew replaces it with a new certificate.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish

tui_start
tui_keys End Enter
expect_screen "OCSP responder's signer (set up, renew)"
tui_keys Down Down Enter
expect_screen_line "^ OCSP responder's signer"
expect_screen_text "No OCSP signer is set up: ncpkid does not answer OCSP requests."
expect_screen_line "\(\*\) EC P-256"
expect_screen "[ Set Up ]"
expect_exit 1 ocsp status

# A validity out of range.
tui_keys BTab C-u
tui_type 400
tui_keys F2
expect_beside "^  Validity \(days\) \* +\[400" "Enter a number of days from 1 to 366."
tui_keys C-u
tui_type 10
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
expect_exit 1 ocsp status
tui_type "$PASSWORD"
tui_keys F2
expect_screen "OCSP signing certificate created: certificate number 1."
expect_screen_line "^  Certificate number +1$"
expect_screen "[ Renew ]"
expect_exit 0 ocsp status --json
expect_output_contains "\"key_present\": true"
cer=$NCPKI_HOME/ncpkid/ocsp.cer
check "the certificate file is there" test -s "$cer"
"$OPENSSL" x509 -in "$cer" -noout -text >"$T/ocsp.txt" 2>&1
check "extended key usage OCSP Signing" grep -q "OCSP Signing" "$T/ocsp.txt"
check "openssl verifies it against the CA" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/$CAROOT.cer" "$cer"
days=$(( ($(epoch_of "$cer" end) - $(epoch_of "$cer" start)) / 86400 ))
expect_equal "it lives 10 days" "$days" 10

# Renew: a new certificate number.
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys F2
expect_screen "OCSP signing certificate renewed: certificate number 2."
expect_screen_line "^  Certificate number +2$"
expect_exit 0 ocsp status --json
expect_output_contains "\"serial\": 2"

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
tui_quit
finish
