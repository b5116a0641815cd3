#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0044-renewal-queue: a request that renews certificate N is marked
# "Renewal of N" in the pending table and on its process screen; a new
# request is not. Issuing it records the renewal on the new certificate.
. "${top_srcdir:-.}/tests/tui/lib.sh"

SQL=${SQLITE3:-sqlite3}
command -v "$SQL" >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

configure_ca || finish
make_csr web "/O=Example Corporation/CN=web.example.com" || finish
import_csr web --root web || finish
issue_csr "$csr_id" tls || finish
old=$serial
# A renewal keeps the names and proves possession of the old key (issue 14).
make_csr web2 "/O=Example Corporation/CN=web.example.com" "DNS:web.example.com" || finish
make_proof "$T/web.pkey" "$old" "$T/web2.csr" "$T/web2.proof"
import_csr web2 --root renewed --renewal-of "$old" --proof "$T/web2.proof" || finish
renew_id=$csr_id
make_csr other "/O=Example Corporation/CN=other.example.com" || finish
import_csr other --root other || finish

tui_start
expect_screen "2 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 2"
expect_screen_line "^ +$renew_id +renewed +Renewal of $old: web"
expect_screen_line "^ +$csr_id +other +other\.example\.com"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"renewed\""
expect_screen_line "^  Request +$renew_id \(Renewal of $old\)$"
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 2"
tui_keys Down Enter
expect_screen "Process Certificate Signing Request \"other\""
expect_screen_line "^  Request +$csr_id$"
expect_screen_lacks "Renewal of"
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 2"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
issue_csr "$renew_id" tls || finish
expect_equal "the new certificate renews $old" \
	"$("$SQL" -readonly "$NCPKI_HOME/ncpki.db" "SELECT renewal_of FROM cert WHERE serial = $serial")" "$old"
finish
