#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0046-certs-filter: "Issued certificates" with 3,003 certificates, read a
# page at a time. One is issued for real; 3,002 rows are FABRICATED with
# sqlite3 (copies of its row with new serials, subjects, SANs, hostnames
# and file names), so they are not in the search index until the console's
# first search indexes them. The title's count stops at 1000 ("1000 or
# more") at first, then, while the console waits for a key, counts them
# all (3003); End reads the last rows and Home the first; paging down past the
# rows read so far shows every serial in order, none skipped; back from an
# action the same row is selected. The filter's
# "Containing" field follows each keystroke: "node12" finds the 111 rows
# the database finds with LIKE, "node1234" one; "gamma" exactly 1000, End
# and PgUp page through them in order; a 2-character text ("0%", its % taken
# literally) and a non-ASCII one ("zür") find their one row; Esc drops the
# filter. The search index then holds every row. s sorts by subject, usage
# and not after, S the other way, each a page at a time in the order SQL
# gives.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
db() { "$SQL" "$NCPKI_HOME/ncpki.db" "$1"; }

configure_ca || finish
make_csr seed "/O=Example Corporation/CN=seed.example.com" || finish
import_csr seed --root seed || finish
issue_csr "$csr_id" tls || finish
expect_equal "the real certificate is serial 1" "$serial" 1
# Fabricated: serials 2..3001 (zones alpha, beta, gamma by serial % 3),
# 3002 with a % in its subject, 3003 with a non-ASCII one.
db "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 3001)
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, sha1, sha256, not_before, not_after, issued_at, der)
SELECT i, 0, 'node' || i,
	'CN=node' || i || '.' || CASE i % 3 WHEN 0 THEN 'alpha' WHEN 1 THEN 'beta' ELSE 'gamma' END
		|| '.example.com,O=Example Corporation',
	issuer, 'DNS:node' || i || '.example.com', usage, 'node' || i || '.example.com',
	'INST1', sha1, sha256, not_before, not_after, issued_at, der
FROM n, (SELECT * FROM cert WHERE serial = 1);
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, sha1, sha256,
	not_before, not_after, issued_at, der)
SELECT 3002, 0, 'promo', 'CN=promo.example.com,O=Acme 50% off', issuer, '', usage, sha1,
	sha256, not_before, not_after, issued_at, der FROM cert WHERE serial = 1;
INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage, sha1, sha256,
	not_before, not_after, issued_at, der)
SELECT 3003, 0, 'zurich', 'CN=zürich.example.com', issuer, '', usage, sha1,
	sha256, not_before, not_after, issued_at, der FROM cert WHERE serial = 1;"
expect_equal "3003 certificates" "$(db 'SELECT count(*) FROM cert')" 3003
like() {
	db "SELECT count(*) FROM cert WHERE subject LIKE '%$1%' OR sans LIKE '%$1%'
		OR hostname LIKE '%$1%' OR instance LIKE '%$1%' OR file_root LIKE '%$1%'"
}

# serials_in_order STEP: the serials the table shows are at least 5, each
# STEP above the last (waiting for it, as a capture may show rows of two
# frames); one check.
serials_in_order() {
	verdict "the serials shown follow each other by $1" \
		"the serials shown do not follow each other by $1: $(serials <"$SCREEN" | tr '\n' ' ')" \
		tui_poll screen_has _in_order "$1" || show_screen
}
_in_order() {
	serials <"$SCREEN" | awk -v step="$1" 'NR > 1 && $1 != last + step { bad = 1 } { last = $1 }
	                                       END { exit bad || NR < 5 }'
}

tui_start
tui_keys Down Down Down Down Down Enter
expect_screen_line "^ Issued certificates: (1000 or more|3003)$"
expect_screen "Issued certificates: 3003"
expect_screen_line "^ 1 +CN=seed\.example\.com"
expect_screen_line "^ 2 +CN=node2\.gamma\.exam"
expect_screen_line " v$"
# End: the last rows, read on their own.
tui_keys End
expect_screen_line "^ 3003 +CN=zürich\.example\.com"
expect_screen_line "^ 3001 +CN=node3001\.beta"
expect_screen_line " \^$"
expect_screen_lacks "CN=seed.example.com"
tui_keys Home
expect_screen_line "^ 1 +CN=seed\.example\.com"
# Down a page at a time past the first 100 rows read, then past 200.
i=0
while [ $i -lt 16 ]; do
	tui_keys NPage
	i=$((i + 1))
done
expect_screen_line "^ 2[0-9][0-9] +CN=node2[0-9][0-9]\."
serials_in_order 1
tui_keys PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage
expect_screen_line "^ [0-9]?[0-9] +CN=node[0-9]+\."
serials_in_order 1
# Back from an action on a row read by paging: the same row still selected.
tui_keys NPage NPage NPage NPage NPage NPage NPage NPage Down x
expect_screen_line "Export certificate number [12][0-9][0-9]$"
sel=$(sed -n 's/.*Export certificate number \([0-9]*\).*/\1/p' "$SCREEN" | head -1)
tui_keys Escape
expect_screen "Issued certificates: 3003"
tui_keys x
expect_screen "Export certificate number $sel"
tui_keys Escape
expect_screen "Issued certificates: 3003"

# The filter, keystroke by keystroke.
tui_keys /
expect_screen_line "^  Containing +\["
tui_keys Tab Tab Tab Tab
tui_type node12
expect_screen "Issued certificates matching the filter: $(like node12)"
expect_equal "node12: 111 rows in the database" "$(like node12)" 111
expect_screen_line "^ 12 +CN=node12\.alpha\.exam"
expect_screen_line "^ 120 +CN=node120\.alpha"
tui_type 34
expect_screen "Issued certificates matching the filter: 1"
expect_screen_line "^ 1234 +CN=node1234\.beta"
expect_screen_lacks "CN=node120.alpha"
tui_keys C-u
tui_type gamma
expect_screen "Issued certificates matching the filter: 1000"
expect_screen_lacks "1000 or more"
tui_keys Enter
expect_screen "Filter: containing \"gamma\""
tui_keys End
expect_screen_line "^ 2999 +CN=node2999\.gamma"
tui_keys PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage
serials_in_order 3
# Two characters: a scan; % is a character, not a wildcard.
tui_keys /
tui_keys C-u
tui_type "0%"
expect_screen "Issued certificates matching the filter: 1"
expect_screen_line "^ 3002 +CN=promo\.example\.com"
tui_keys C-u
tui_type "zür"
expect_screen "Issued certificates matching the filter: 1"
expect_screen_line "^ 3003 +CN=zürich"
tui_keys Escape
expect_screen "Issued certificates: 3003"
expect_screen_line "^ 1 +CN=seed\.example\.com"
expect_equal "every row in the search index" \
	"$(db 'SELECT count(*) FROM cert_fts_docsize')" 3003
expect_equal "the index answers as LIKE does" \
	"$(db "SELECT count(*) FROM cert_fts WHERE cert_fts MATCH '\"node12\"'")" 111

# Sorted by another column, still a page at a time: s orders by subject
# (the arrow on its header), End and PgUp page in that order, S turns it
# over, s again by usage, by not after, then back to the serial. Each time
# the rows shown are the ones SQL's ORDER BY gives.
last_serials() { serials | tail -n 3; }
first_by() { db "SELECT serial FROM cert ORDER BY $1 LIMIT $2" | tr '\n' ' ' | sed 's/ $//'; }
last_by_subject() {
	db "SELECT serial FROM (SELECT serial, subject FROM cert ORDER BY subject DESC, serial DESC
		LIMIT $1) ORDER BY subject, serial" | tr '\n' ' ' | sed 's/ $//'
}
tui_keys s
expect_screen_line "^ Serial +[^ ]+Subject +Usage"
expect_rows "by subject, the first rows" "$(first_by "subject, serial" 5)" serials 5
tui_keys End
expect_screen_line "^ 3003 +CN=zürich"
expect_rows "by subject, the last rows" "$(last_by_subject 3)" last_serials
tui_keys PPage PPage PPage Home
expect_rows "by subject, the first rows again" "$(first_by "subject, serial" 5)" serials 5
tui_keys S
expect_rows "by subject, the other way" "$(first_by "subject DESC, serial DESC" 5)" serials 5
tui_keys s
expect_screen_line "^ Serial +Subject +[^ ]+Usage"
expect_rows "by usage" "$(first_by "usage, serial" 5)" serials 5
tui_keys s
expect_rows "by not after" "$(first_by "not_after, serial" 5)" serials 5
tui_keys s
expect_screen_line "^ Serial +Subject +Usage +Not after +Status"
expect_rows "back to the serial" "1 2 3 4 5" serials 5
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
