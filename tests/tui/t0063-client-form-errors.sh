#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0063-client-form-errors: the client's form marks every field at fault
# at once, each message beside its field (issue 16: a bad hostname, no
# contact name and a bad email address together), and stores nothing;
# corrected, it saves.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start
tui_keys Down Down Down Down Enter
expect_screen "Configure local Certificate Authority client"
tui_type "bad_host!"
tui_keys Tab Tab Tab Tab Tab
tui_type nobody
tui_keys F2
expect_screen "Nothing was saved: correct the fields marked beside them."
expect_screen_line "^  Server hostname \* +\[bad_host! "
expect_screen "bad_host!\" is not a valid"
expect_screen "The technical contact's name is required"
expect_screen "\"nobody\" is not a fully qualified email address"
expect_exit 1 client show
# Corrected: saved.
tui_keys BTab BTab BTab BTab BTab BTab BTab BTab BTab C-u
tui_type ca.example.com
tui_keys Tab Tab Tab
tui_type "Jane Doe"
tui_keys Tab Tab C-u
tui_type jane@example.com
tui_keys F2
expect_screen "Certificate Authority client successfully configured."
run client show --json
expect_output_contains '"server_host": "ca.example.com"'
expect_output_contains '"contact_email": "jane@example.com"'
tui_quit
finish
