#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0045-certs-paging: the "Issued certificates" table with more rows than
# the screen holds: the first page with a "v" marker, PgDn moves a page
# on, and on to the last certificate with a "^" marker, PgUp comes back;
# Enter shows the selected certificate; Export of the
# selected row names that row's serial.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
i=1
while [ $i -le 40 ]; do
	make_csr "c$i" "/O=Example Corporation/CN=host$i.example.com" "DNS:host$i.example.com" || finish
	import_csr "c$i" --root "host$i" || finish
	i=$((i + 1))
done
expect_exit 0 csr process --all --usage tls --password-file "$PWFILE" --yes

tui_start
tui_keys Down Down Down Down Down Enter
expect_screen "Issued certificates: 40"
expect_screen_line "^ 1 +CN=host1\.example\.com"
expect_screen_lacks "CN=host30.example.com"
expect_screen_line " v$"
tui_keys NPage
expect_screen_line "^ 2[0-9] +CN=host2[0-9]\.example\.com"
expect_screen_lacks "CN=host1.example.com,"
tui_keys NPage NPage NPage
expect_screen_line "^ 40 +CN=host40\.example\.com"
expect_screen_line " \^$"
tui_keys Enter
expect_screen "Certificate number 40"
expect_screen_text "Subject: CN=host40.example.com,O=Example Corporation"
tui_keys Enter
tui_wait_gone "Subject: CN=host40"
tui_keys PPage PPage PPage
expect_screen_line "^ 1 +CN=host1\.example\.com"
tui_keys Down x
expect_screen "Export certificate number 2"
tui_keys Escape
expect_screen "Issued certificates: 40"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
