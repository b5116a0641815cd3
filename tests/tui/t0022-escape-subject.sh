#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0022-escape-subject: a pending request whose subject and contact hold
# terminal escape sequences (clear screen, set the window title, bell) is
# shown with '?' in place of the control bytes, and the terminal's title
# and screen are left alone.
#
# The library refuses such requests at intake, so this row could not come
# from a client: it is made by copying a real row (from `ncpki csr import`)
# with sqlite3 and rewriting its subject and contact name. It tests the
# console's own defence, in case a bad row ever reaches the database.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

configure_ca || finish
make_csr plain "/O=Example Corporation/CN=plain.example.com" || finish
import_csr plain --root Plain --contact-name "Ana Perez" || finish

esc=$(printf '\033')
bel=$(printf '\007')
evil="CN=evil${esc}[2J${esc}]0;pwned${bel}end"
name="Mallory${esc}[31mred"
# A second row: the real one copied (new id and SHA-256), then the hostile
# subject and contact name written as the intake would never store them.
"$SQL" "$NCPKI_HOME/ncpki.db" "
INSERT INTO csr (file_root, subject, key_desc, sans, sig_alg, der, sha1, sha256,
                 contact_name, contact_phone, contact_email, hostname, instance,
                 received_at)
SELECT 'Evil', subject, key_desc, sans, sig_alg, der, sha1, 'ff' || sha256,
       contact_name, contact_phone, contact_email, hostname, instance, received_at
FROM csr WHERE id = $csr_id;" || { fail "sqlite3 insert"; finish; }
evil_id=$("$SQL" "$NCPKI_HOME/ncpki.db" "SELECT id FROM csr WHERE file_root = 'Evil'")
printf "UPDATE csr SET subject = '%s', contact_name = '%s' WHERE id = %s;\n" \
	"$evil" "$name" "$evil_id" | "$SQL" "$NCPKI_HOME/ncpki.db" ||
	{ fail "sqlite3 update"; finish; }
check "the row holds the raw escape bytes" \
	sh -c "'$SQL' '$NCPKI_HOME/ncpki.db' \"SELECT hex(subject) FROM csr WHERE id = $evil_id\" | grep -q 1B5B324A1B5D303B70776E656407"

tui_start
title_before=$(tmx display-message -p '#{pane_title}')
expect_screen "2 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 2"
expect_screen_line "^ +$evil_id +Evil +evil\?\[2J\?\]0;pwned"
expect_screen "CA server: TestCA"
expect_screen "ncpki - Public Key Infrastructure"
tui_keys Down Enter
expect_screen "Process Certificate Signing Request \"Evil\""
expect_screen_line "^  Subject +CN=evil\?\[2J\?\]0;pwned\?end"
expect_screen_line "^  Contact +Mallory\?\[31mred"
# The title bar text and the rest of the screen are intact.
expect_screen "ncpki - Public Key Infrastructure"
expect_screen "Certificate Usage"
expect_equal "pane title unchanged" "$(tmx display-message -p '#{pane_title}')" "$title_before"
check "the title is not the injected one" \
	sh -c "! tmux -L '$TUI_SOCK' display-message -p '#{pane_title}' | grep -q pwned"
expect_screen_lacks "$esc"
# Nothing was changed by looking at it.
expect_equal "pending rows" "$("$SQL" -readonly "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM csr")" 2
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 2"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
