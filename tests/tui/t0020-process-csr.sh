#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0020-process-csr: a request imported with the CLI is processed on the
# console as Code signing: the screen shows its contents; Issue refuses
# until the verification box is ticked; a missing key file says to mount
# the media; a wrong password says so and changes nothing; the right one
# issues certificate 1, which openssl verifies against the CA.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr signer "/C=US/O=Example Corporation/CN=Santiago Development Group" \
	"DNS:signer.example.com" || finish
import_csr signer --root Santiago --contact-name "Ana Perez" \
	--contact-phone "+56 2 2345 6789" --contact-email ana.perez@example.com \
	--hostname santiago.example.com --instance SANTIAGO || finish

tui_start
expect_screen "CA server: TestCA"
expect_screen "1 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 1"
expect_screen_line "^ +ID +File name +Name +Hostname +Instance +Received"
expect_screen_line "^ +$csr_id +Santiago +Santiago Develo"
expect_screen_line "Enter Process +d Delete +/ Filter"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"Santiago\""
expect_screen_line "^  Subject +CN=Santiago Development Group,O=Example Corporation,C=US"
expect_screen_line "^  Key +EC P-256"
expect_screen_line "^  Requested SANs +DNS:signer.example.com"
expect_screen "$(fp_groups "$(csr_fp "$T/signer.csr" sha1)")"
expect_screen_line "^  Contact +Ana Perez, \+56 2 2345 6789, ana.perez@example.com"
expect_screen_line "^  Hostname +santiago.example.com"
expect_screen_line "^  Instance +SANTIAGO"
expect_screen_line "^  Certificate Usage +\(\*\) TLS/SSL and XML security"
expect_screen_line "\( \) Intermediate Certificate Authority"
expect_screen_line "\( \) Code signing"

# Code signing; Issue without the box ticked.
tui_keys Down Down Space
expect_screen "(*) Code signing"
tui_keys Tab Tab Tab
expect_screen "[ Issue Certificate ]   [ View Request ]   [ Delete ]   [ Back ]"
tui_keys Tab Enter
expect_screen "Tick this box once you have verified"
expect_screen_line "^ Error: The certificate was not issued"
expect_screen_lacks "Password for Certificate Authority's Private Key file"

# The key file away (media not mounted).
mv "$CADIR/$CAROOT.key" "$T/away.key"
tui_keys Space      # the box has the focus now
expect_screen "[x] I have verified the identity, the authority and the fingerprint"
tui_keys Tab Enter
expect_screen_text "mount the media that holds it"
expect_screen_lacks "Password for Certificate Authority's Private Key file"
mv "$T/away.key" "$CADIR/$CAROOT.key"

# Issue Certificate: the password field and Finish.
tui_keys Enter
expect_screen "Password for Certificate Authority's Private Key file"
expect_screen "[ Finish ]"
expect_screen_lacks "[ Issue Certificate ]"
snapshot "$T/before"
tui_type "not the password"
expect_screen_lacks "not the password"
tui_keys Enter Enter
expect_screen "Wrong password for the Certificate Authority's private key file"
expect_beside "^  Password \\* +\\[" "Wrong password"
expect_unchanged "$T/before" "wrong password"
run csr list
expect_output_contains "Santiago"

tui_type "$PASSWORD"
tui_keys Enter Enter
expect_screen "Certificate number 1 issued for Certificate Signing Request \"Santiago\""
expect_screen "Pending Certificate Signing Requests: 0"
expect_screen "No pending Certificate Signing Requests."
expect_screen "0 pending"

run cert get 1 --out "$T/signer.cer"
expect_exit 0 cert get 1 --out "$T/signer.cer" --force
check "openssl verify against the CA" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/$CAROOT.cer" "$T/signer.cer"
"$OPENSSL" x509 -in "$T/signer.cer" -noout -text >"$T/signer.txt" 2>&1
check "Extended Key Usage: Code Signing" \
	sh -c "grep -A1 'X509v3 Extended Key Usage' '$T/signer.txt' | grep -q 'Code Signing'"
check "subject kept" grep -q "Santiago Development Group" "$T/signer.txt"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
