#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0071-ca-settings: the CA's settings in the console (issue 16), under
# Maintenance, without reinitializing: the page shows what the CLI set;
# a bad URL, a CRL period and a notice period out of range are each
# marked beside their field at once and nothing is saved; corrected, all
# are saved together (the CLI reads them back, the audit trail has them),
# and the next certificate carries the new CRL distribution point and the
# counter's serial number.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
expect_exit 0 server urls --crl http://old.example.com/ca.crl --crl-days 7
make_csr web || finish
import_csr web || finish

tui_start
tui_keys End Enter
expect_screen "Certificate Authority settings (URLs, CRL, notices, serials)"
tui_keys Enter
expect_screen_line "^ Certificate Authority settings"
expect_screen_line "^  CRL distribution point +\[http://old\.example\.com/ca\.crl"
expect_screen_line "^  CRL period \(days\) \* +\[7 "
expect_screen_line "^  Expiry notices \(days\) \* +\[30 "
expect_screen_line "^  Serial numbers +\( \) Counter +\(\*\) Random"

# Three faults at once: nothing saved.
tui_keys C-u
tui_type "ftp://crl.example.com/ca.crl"
tui_keys Tab Tab Tab C-u
tui_type 400
tui_keys Tab C-u
tui_type 999
tui_keys F2
expect_screen "Nothing was saved: correct the fields marked beside them."
expect_beside "^  CRL distribution point +\[ftp:" "The URL must start with http:// or https://"
expect_beside "^  CRL period \(days\) \* +\[400" "The CRL period must be between 1 and 366 days"
expect_beside "^  Expiry notices \(days\) \* +\[999" "The expiry notice period must be"
expect_exit 0 server urls --json
expect_output_contains "http://old.example.com/ca.crl"

# Corrected (the cursor is on the first field at fault), counter serials.
tui_keys C-u
tui_type "http://pki.example.com/ca.crl"
tui_keys Tab
tui_type "http://ocsp.example.com"
tui_keys Tab Tab C-u
tui_type 3
tui_keys Tab C-u
tui_type 14
tui_keys Tab Left Space F2
expect_screen "Certificate Authority settings saved."
expect_screen "Maintenance"
expect_exit 0 server urls --json
expect_output_contains "\"crl\": \"http://pki.example.com/ca.crl\""
expect_output_contains "\"ocsp\": \"http://ocsp.example.com\""
expect_output_matches "\"crl_days\": 3"
expect_exit 0 audit list
expect_output_contains "expiry notice period 14 days"
expect_output_contains "serial number mode counter"

# The next certificate: the new CRL distribution point, a counter serial.
issue_csr "$csr_id" tls || finish
expect_exit 0 cert get "$serial" --out "$T/web.cer"
"$OPENSSL" x509 -in "$T/web.cer" -noout -text >"$T/web.txt"
check "the new CRL distribution point" grep -q "URI:http://pki.example.com/ca.crl" "$T/web.txt"
check "the new OCSP responder" grep -q "OCSP - URI:http://ocsp.example.com" "$T/web.txt"
hex=$("$OPENSSL" x509 -in "$T/web.cer" -noout -serial | sed 's/^serial=//')
check "the counter's serial number ($hex)" test "$((0x$hex))" -eq "$serial"

tui_keys Escape
tui_quit
finish
