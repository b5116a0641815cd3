#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0066-integrity-check: the console's integrity check (issue 16), under
# Maintenance on the main page: on an honest CA it says what it checked
# and that nothing is wrong; with a row's dates edited and another's DER
# cut short in the database, c checks again and each anomaly is a row,
# Enter shows it whole, and the CLI's check agrees; Esc goes back through
# Maintenance to the main page. At 60x20 the summary wraps.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

configure_ca || finish
for n in web code; do
	make_csr "$n" || finish
	import_csr "$n" || finish
	issue_csr "$csr_id" tls || finish
	eval "s_$n=\$serial"
done

tui_start
expect_screen "Maintenance (settings, CRL, OCSP, integrity check, mail)"
tui_keys End Enter
expect_screen_line "^ Maintenance"
expect_screen "Certificate Authority Server: maintenance"
tui_keys Down Down Down Down Down Enter
expect_screen_line "^ Integrity check"
expect_screen "Checked 2 certificates and 0 certificate revocation lists."
expect_screen_line "^  Serial counter: next 3, highest issued 2\."
expect_screen "No anomalies found."
expect_screen "Integrity check done."
expect_screen_line "c Check again"

"$SQL" "$NCPKI_HOME/ncpki.db" "UPDATE cert SET not_after = not_after + 86400 WHERE serial = $s_web;
	UPDATE cert SET der = substr(der, 1, length(der) - 1) WHERE serial = $s_code"
tui_keys c
expect_screen "2 anomalies found."
expect_screen_line "^ +Anomaly"
expect_screen_line "certificate $s_web: its validity dates differ from its row's"
expect_screen_line "certificate $s_code: its DER does not decode"
# Enter: the selected anomaly whole, in a dialog.
tui_keys Home Enter
expect_screen_line "x +certificate $s_web: its validity dates differ from its row's +x"
tui_keys Enter
expect_cli() { expect_exit 1 check; }
expect_cli
expect_output_line "Anomaly: certificate $s_web: its validity dates differ from its row's"
expect_output_line "2 anomalies found."

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
expect_screen "F10 Quit"
expect_screen "Configure local Certificate Authority server"

# 60x20: the summary wraps, never cut.
TUI_COLS=60 TUI_ROWS=20
tui_restart
tui_keys End Enter Down Down Down Down Down Enter
expect_screen_text "Checked 2 certificates and 0 certificate revocation lists."
expect_screen "2 anomalies found."
tui_keys Escape Escape
tui_quit
finish
