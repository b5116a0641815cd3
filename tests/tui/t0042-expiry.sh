#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0042-expiry: "Issued certificates", e: the certificates expiring within N
# days (30 by default), the expired ones included and marked, soonest
# first, revoked ones left out, and a line for the CA's own certificate
# when it expires within N days. The CA lives 20 days and issues for 10;
# time passing is played by moving notAfter dates in the database (one
# into the past, one two months ahead), as the CLI's listing then sees.
# Then 1,200 fabricated expired rows: the view lists the 1000 soonest.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
db() { "$SQL" "$NCPKI_HOME/ncpki.db" "$1"; }

configure_ca --ca-days 20 --days 10 || finish
for n in soon later gone dead; do
	make_csr "$n" "/O=Example Corporation/CN=$n.example.com" || finish
	import_csr "$n" --root "$n" || finish
	issue_csr "$csr_id" tls || finish
	eval "s_$n=\$serial"
done
# Half a day off the day counts, so that the days left do not depend on
# how many seconds the script took (or on the clock stepping back).
now=$(date +%s)
db "UPDATE cert SET not_after = $((now - 3 * 86400)) WHERE serial = $s_gone"
db "UPDATE cert SET not_after = $((now + 9 * 86400 + 43200)) WHERE serial = $s_soon"
db "UPDATE cert SET not_after = $((now + 60 * 86400 + 43200)) WHERE serial = $s_later"
db "UPDATE ca_config SET not_after = $((now + 19 * 86400 + 43200))"
expect_exit 0 cert revoke "$s_dead" --reason superseded --password-file "$PWFILE" --yes
ca_end=$(date -d "@$((now + 19 * 86400 + 43200))" +%Y-%m-%d)
gone_end=$(date -d "@$((now - 3 * 86400))" +%Y-%m-%d)

tui_start
tui_keys Down Down Down Down Down Enter
expect_screen "Issued certificates: 4"
expect_screen_line "^ $s_gone +CN=gone\.example\.com.* +$gone_end +expired"
expect_screen_line "^ $s_dead +CN=dead.* +revoked \(superseded\)"

# e: the days, 30 by default.
tui_keys e
expect_screen_line "^  Expiring within \(days\) \* +\[30 +\]"
tui_keys Enter
expect_screen "Issued certificates expiring within 30 days: 2"
expect_screen "1 already expired"
expect_screen_text "The Certificate Authority's own certificate expires on $ca_end, in 19 days."
expect_screen_line "^ +Serial +Subject +Usage +Not after +Status"
# Soonest first: the expired one, then the one with 9 days left.
expect_rows "rows, soonest first" "$s_gone $s_soon" serials
expect_screen_line "^ $s_gone +CN=gone.* +$gone_end +EXPIRED"
expect_screen_line "^ $s_soon +CN=soon.* +valid, 9 days left"
expect_screen_lacks "CN=later"
expect_screen_lacks "CN=dead"
expect_screen_line "e Expiring +Esc Back"

# Fewer days: only the expired one; the CA line goes.
tui_keys e C-u
tui_type 5
tui_keys Enter
expect_screen "Issued certificates expiring within 5 days: 1"
expect_screen_line "^ $s_gone +CN=gone.* +EXPIRED"
expect_screen_lacks "CN=soon"
expect_screen_lacks "own certificate"
# A bad number: its message, the view stays.
tui_keys e C-u
tui_type abc
tui_keys Enter
expect_screen "Enter a number of days."
tui_keys Escape
tui_wait_gone "Enter a number of days."
expect_screen "Issued certificates expiring within 5 days: 1"
# More days: the one two months ahead too.
tui_keys e C-u
tui_type 90
tui_keys Enter
expect_screen "Issued certificates expiring within 90 days: 3"
expect_screen_line "^ $s_later +CN=later.* +valid, 60 days left"
expect_screen_lacks "CN=dead"

# Esc: back to every certificate.
tui_keys Escape
expect_screen "Issued certificates: 4"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit

# Many expiring: the view holds the 1000 soonest, never every row, and
# says how many there are. 1,200 more rows, copies of "soon" (FABRICATED:
# new serials and names, each expired a second apart, ten days ago).
top=$(db "SELECT max(serial) FROM cert")
db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, sha1, sha256, not_before, not_after, issued_at, der)
SELECT $top + i, 0, 'fab' || i, 'CN=fab' || i || '.example.com', issuer, '', usage,
	'', '', sha1, sha256, not_before, $now - 10 * 86400 - i, issued_at, der
FROM n, (SELECT * FROM cert WHERE serial = $s_soon)"
expect_equal "fabricated rows" "$(db "SELECT count(*) FROM cert WHERE file_root LIKE 'fab%'")" 1200
total=$(db "SELECT count(*) FROM cert")
tui_start
tui_keys Down Down Down Down Down Enter
expect_screen "Issued certificates: $total"
tui_keys e Enter
expect_screen "Issued certificates expiring within 30 days: 1000 or more"
expect_screen "1000 or more already expired; the 1000 soonest are listed"
# soonest first: the one that expired first, then the next
expect_rows "rows, soonest first" "$((top + 1200)) $((top + 1199))" serials 2
# End: the 1000th soonest is the last row
tui_keys End
expect_screen_line "^ $((top + 201)) +CN=fab201\.example\.com"
expect_screen_lacks "CN=fab200.example.com"
tui_keys Escape
expect_screen "Issued certificates: $total"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
