#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0075-ca-renew: the CA's own certificate renewed in the console (issue
# 16), under Maintenance. A CA of 20 days: the main page warns of it, and
# so does its page; a validity out of range is marked beside its field; a
# wrong CA key password changes nothing; Renew with the right one makes a
# certificate with the same key and subject and a new serial number (the
# leaf issued before verifies against it with openssl), the warning goes,
# from the main page too, and the previous file is kept.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca --ca-days 20 || finish
CER=$CADIR/$CAROOT.cer
cp "$CER" "$T/ca-old.pem"
make_csr leaf "/O=Example Corporation/CN=leaf.example.com" || finish
import_csr leaf --root leaf || finish
issue_csr "$csr_id" tls || finish
expect_exit 0 cert get "$serial" --out "$T/leaf.cer"

tui_start
expect_screen_text "The Certificate Authority's own certificate expires on"
tui_keys End Enter
expect_screen "Certificate Authority certificate (renew)"
tui_keys Down Down Down Down Enter
expect_screen_line "^ Certificate Authority certificate"
expect_screen_line "^  Subject +CN=Test CA"
expect_screen_text "The Certificate Authority's own certificate expires on"
expect_screen_line "^  Validity \(days\) \* +\[20 "

tui_keys C-u
tui_type 0
tui_keys F2
expect_screen "Nothing was done: correct the fields marked beside them."
expect_beside "^  Validity \(days\) \* +\[0 " "Enter a number of days from 1 to 36500."
tui_keys C-u
tui_type 3650
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
check "the certificate is unchanged" cmp -s "$CER" "$T/ca-old.pem"
tui_type "$PASSWORD"
tui_keys F2
expect_screen_text "The Certificate Authority's certificate was renewed: valid until"
expect_screen_lacks "own certificate expires on"

check "another certificate" sh -c "! cmp -s '$CER' '$T/ca-old.pem'"
check "the previous one kept" cmp -s "$CER.old" "$T/ca-old.pem"
expect_equal "the same key" "$("$OPENSSL" x509 -in "$CER" -noout -pubkey)" \
	"$("$OPENSSL" x509 -in "$T/ca-old.pem" -noout -pubkey)"
expect_equal "the same subject" "$("$OPENSSL" x509 -in "$CER" -noout -subject)" \
	"$("$OPENSSL" x509 -in "$T/ca-old.pem" -noout -subject)"
left=$(( ($(epoch_of "$CER" end) - $(date +%s) + 3600) / 86400 ))
expect_equal "valid 3650 days from now" "$left" 3650
check "the leaf issued before verifies against it" \
	"$OPENSSL" verify -x509_strict -CAfile "$CER" "$T/leaf.cer"
expect_exit 0 check

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
expect_screen "Configure local Certificate Authority server"
expect_screen_lacks "own certificate expires on"
tui_quit
finish
