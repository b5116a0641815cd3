#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0064-main-expiry: the main page warns of what expires within the notice
# period (issue 16): the CA's own certificate first, then how many issued
# certificates expire (the expired ones counted apart, revoked ones left
# out); nothing when nothing expires; a shorter notice period narrows it;
# in French too, and at 60x20 the warning still shows under the entries,
# which scroll.
# Time passing is played by moving notAfter dates in the database, half a
# day off whole days so that the counts do not depend on the seconds the
# script takes.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
db() { "$SQL" "$NCPKI_HOME/ncpki.db" "$1"; }

configure_ca --ca-days 400 --days 200 || finish
for n in soon gone later dead; do
	make_csr "$n" "/O=Example Corporation/CN=$n.example.com" || finish
	import_csr "$n" --root "$n" || finish
	issue_csr "$csr_id" tls || finish
	eval "s_$n=\$serial"
done
expect_exit 0 cert revoke "$s_dead" --reason superseded --password-file "$PWFILE" --yes

# Nothing expires within 30 days: no warning.
tui_start
expect_screen "Audit trail"
expect_screen_lacks "expire"
tui_quit

now=$(date +%s)
db "UPDATE cert SET not_after = $((now + 9 * 86400 + 43200)) WHERE serial = $s_soon"
db "UPDATE cert SET not_after = $((now - 3 * 86400)) WHERE serial = $s_gone"
db "UPDATE cert SET not_after = $((now + 9 * 86400)) WHERE serial = $s_dead"
db "UPDATE ca_config SET not_after = $((now + 19 * 86400 + 43200))"
ca_end=$(date -d "@$((now + 19 * 86400 + 43200))" +%Y-%m-%d)

tui_restart
expect_screen_line "^  ! The Certificate Authority's own certificate expires on $ca_end, in 19"
expect_screen_text "The Certificate Authority's own certificate expires on $ca_end, in 19 days."
expect_screen_text "2 certificates expire within 30 days (1 already expired); see Issued certificates."
# The guide's five tasks keep their places above it.
expect_screen_line "^    > Configure local Certificate Authority server"

# A notice period of 5 days: the expired one only; the CA line goes.
expect_exit 0 server set-notice-days 5
tui_restart
expect_screen_text "1 certificate expires within 5 days (1 already expired); see Issued certificates."
expect_screen_lacks "own certificate"
# Back from a page, the warning is read again.
expect_exit 0 server set-notice-days 30
tui_keys Down Down Down Down Down Enter
expect_screen "Issued certificates: 4"
tui_keys Escape
expect_screen_text "2 certificates expire within 30 days (1 already expired)"
tui_quit

# French.
TUI_LOCALE=fr_FR.UTF-8
tui_restart
expect_screen_text "2 certificats expirent dans les 30 jours (1 déjà expiré) ; voir Certificats émis."
tui_quit

# 60x20: the warning shows whole under the entries, which scroll above it
# (v, then ^ in the right column) to keep the selection in view.
TUI_LOCALE=C.UTF-8 TUI_COLS=60 TUI_ROWS=20
tui_restart
expect_screen_line "^  ! The Certificate Authority's own certificate expires"
expect_screen_text "2 certificates expire within 30 days (1 already expired); see Issued certificates."
expect_screen_line "v$"
tui_keys End
expect_screen "Audit trail"
expect_screen_line "^    > Maintenance"
expect_screen_line "\^$"
expect_screen_line "^  ! The Certificate Authority's own certificate expires"
tui_quit
finish
