#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0068-crl: the certificate revocation list in the console (issue 16),
# under Maintenance: the newest CRL (the one the CLI's revocation signed)
# with its number and what it lists; F2 generates a new one with the CA
# key's password (a wrong one refused, nothing signed), which openssl
# verifies against the CA and which lists the revoked serial; Save writes
# it in PEM (a file in a missing directory refused beside the field).
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
for n in web gone; do
	make_csr "$n" || finish
	import_csr "$n" || finish
	issue_csr "$csr_id" tls || finish
	eval "s_$n=\$serial"
done
expect_exit 0 cert revoke "$s_gone" --reason keyCompromise --password-file "$PWFILE" --yes

tui_start
tui_keys End Enter
expect_screen "Certificate revocation list (view, generate, save)"
tui_keys Down Enter
expect_screen_line "^ Certificate revocation list"
expect_screen_line "^  CRL number +1$"
expect_screen_line "^  Revoked +1$"
expect_screen_line "^  Next update +[0-9]{4}-[0-9]{2}-[0-9]{2} "
expect_screen "[ Generate a New CRL ]"
expect_screen_line "F2 Generate a New CRL"

# F2: the password step; a wrong password signs nothing.
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "not the password"
tui_keys F2
expect_screen "Wrong password for the Certificate Authority's private key file"
expect_exit 0 crl export "$T/one.pem"
expect_output_contains "CRL number 1 saved"
# The right one: CRL 2.
tui_type "$PASSWORD"
tui_keys F2
expect_screen "CRL number 2 generated: 1 revoked certificate."
expect_screen_line "^  CRL number +2$"
expect_screen_lacks "Password for Certificate Authority's Private Key file"
expect_exit 0 crl export "$T/two.pem"
check "openssl verifies CRL 2 against the CA" \
	"$OPENSSL" crl -in "$T/two.pem" -CAfile "$CADIR/$CAROOT.cer" -noout
"$OPENSSL" crl -in "$T/two.pem" -noout -text >"$T/two.txt" 2>&1
check "CRL 2 is number 2" sh -c "grep -A1 -F 'X509v3 CRL Number:' '$T/two.txt' | grep -Eq '^ +2\$'"
expect_exit 0 cert get "$s_gone" --out "$T/gone.cer"
hex=$("$OPENSSL" x509 -in "$T/gone.cer" -noout -serial | sed 's/^serial=//')
check "CRL 2 lists the revoked certificate ($hex)" grep -Fq "Serial Number: $hex" "$T/two.txt"

# Save: a missing directory is refused beside the field; then saved.
tui_keys Tab
tui_type "$T/missing/crl.pem"
tui_keys Tab Enter
expect_beside "^  File \* +\[" "missing"
check "nothing written in a missing directory" test ! -e "$T/missing"
# The cursor is back in the field.
tui_keys C-u
tui_type "$T/saved.pem"
tui_keys Tab Enter
expect_screen "CRL number 2 saved in file \"$T/saved.pem\"."
check "the saved CRL verifies against the CA" \
	"$OPENSSL" crl -in "$T/saved.pem" -CAfile "$CADIR/$CAROOT.cer" -noout
check "the saved CRL is CRL 2" cmp -s "$T/saved.pem" "$T/two.pem"

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
