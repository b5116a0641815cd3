#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0069-process-validity: the process screen asks for a validity of this
# certificate and, for an intermediate CA, its path length (issue 16).
# A validity that is not a number, or above the usage's maximum, and a
# path length above the maximum are marked beside their fields and nothing
# is issued; a TLS certificate for 30 days and an intermediate CA with
# pathlen 2 are then issued, as openssl reads them.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr short || finish
import_csr short || finish
make_csr inter "/O=Example Corporation/CN=Example Issuing CA" || finish
import_csr inter || finish

tui_start
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 2"
tui_keys Home Enter
expect_screen "Process Certificate Signing Request \"short\""
# From the usage, Tab: the validity.
tui_keys Tab
tui_type abc
tui_keys Tab Tab Space F2
expect_screen "The certificate was not issued: correct the fields marked beside them."
expect_beside "^  Validity \(days\) +\[abc" "Enter a number of days from 1 to 398"
expect_screen_lacks "Password for Certificate Authority's Private Key file"
# Above TLS's maximum: the same.
tui_keys C-u
tui_type 399
tui_keys F2
expect_beside "^  Validity \(days\) +\[399" "Enter a number of days from 1 to 398"
tui_keys C-u
tui_type 30
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys F2
expect_screen "issued for Certificate Signing Request \"short\""
serial=$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT serial FROM cert WHERE file_root = 'short'")
expect_exit 0 cert get "$serial" --out "$T/short.cer"
days=$(( ($(epoch_of "$T/short.cer" end) - $(epoch_of "$T/short.cer" start)) / 86400 ))
expect_equal "the certificate lives 30 days" "$days" 30

# The intermediate: path length 9 refused, 2 issued.
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"inter\""
tui_keys Down Space
expect_screen "(*) Intermediate Certificate Authority"
tui_keys Tab Tab C-u
tui_type 9
tui_keys Tab Space F2
expect_beside "^  Path length +\[9" "Enter a path length from 0 to 8."
expect_screen_lacks "Password for Certificate Authority's Private Key file"
tui_keys C-u
tui_type 2
tui_keys F2
expect_screen "Password for Certificate Authority's Private Key file"
tui_type "$PASSWORD"
tui_keys F2
expect_screen "issued for Certificate Signing Request \"inter\""
serial=$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT serial FROM cert WHERE file_root = 'inter'")
expect_exit 0 cert get "$serial" --out "$T/inter.cer"
"$OPENSSL" x509 -in "$T/inter.cer" -noout -ext basicConstraints >"$T/bc.txt" 2>&1
check "CA:TRUE with pathlen 2" grep -q "CA:TRUE, pathlen:2" "$T/bc.txt"
check "openssl verifies it against the CA" \
	"$OPENSSL" verify -x509_strict -CAfile "$CADIR/$CAROOT.cer" "$T/inter.cer"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
