#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0021-queue-delete-utf8: the table of pending requests shows a UTF-8
# subject as it is; / filters the table; d deletes a request only after
# its confirmation (Esc keeps it, OK deletes it).
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr plain || finish
import_csr plain || finish
plain_id=$csr_id
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/zurich.pkey" -utf8 -subj "/C=CH/O=Société Générale/CN=Zürich Büro" \
	-out "$T/zurich.csr" 2>/dev/null || fail "openssl req (UTF-8)"
import_csr zurich || finish
zurich_id=$csr_id

tui_start
expect_screen "2 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 2"
expect_screen_line "^ +$plain_id +plain +plain\\.example\\.com "
expect_screen_line "^ +$zurich_id +zurich +Zürich Büro "
# Under the table, the selected request's whole subject and SANs.
expect_screen_line "^  Subject: CN=plain\\.example\\.com,O=Example Corporation,C=US$"
expect_screen_line "^  SANs: DNS:plain\\.example\\.com$"

# The filter.
tui_keys /
expect_screen_line "^  Filter +\\[ +\\]"
tui_type "zür"
expect_screen "Pending Certificate Signing Requests: 1 of 2"
expect_screen_lacks "plain.example.com"
expect_screen_line "^  Subject: CN=Zürich Büro,O=Société Générale,C=CH$"
tui_keys Enter
expect_screen "Filter: zür"
tui_keys Enter
expect_screen "Process Certificate Signing Request \"zurich\""
expect_screen_line "^  Subject +CN=Zürich Büro,O=Société Générale,C=CH$"
tui_keys Escape
expect_screen "Filter: zür"
tui_keys Escape
tui_wait_gone "Filter: zür"
expect_screen "plain.example.com"

# d on the first row: Esc keeps it.
tui_keys d
expect_screen "Delete Certificate Signing Request $plain_id \"plain\"?"
tui_keys Escape
tui_wait_gone "Delete Certificate Signing Request $plain_id"
run csr list
expect_output_contains "plain"
# OK deletes it.
tui_keys d
expect_screen "Delete Certificate Signing Request $plain_id \"plain\"?"
tui_keys Left Enter
expect_screen "Certificate Signing Request $plain_id \"plain\" deleted."
expect_screen "Pending Certificate Signing Requests: 1"
expect_screen "1 pending"
run csr list --json
expect_output_lacks "\"plain\""
expect_output_contains "zurich"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
