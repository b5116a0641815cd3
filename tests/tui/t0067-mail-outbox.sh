#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0067-mail-outbox: the mail outbox in the console (issue 16), under
# Maintenance, against a real SMTP server (tests/smtp-sink.py). With the
# server down the CA's notices wait: the page lists them newest first,
# in words, with the last error under the table. The server back on its
# port: r sends the selected notice only (the contact gets it), a sends
# the rest; r again on a sent notice says it was sent and changes nothing.
TESTDIR=$(cd "$(dirname "$0")/../cli" && pwd)
. "${top_srcdir:-.}/tests/tui/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=admin@example.com

# A port where nothing listens: the sink picks one, then stops.
start_sink || finish
PORT=$SINK_PORT
stop_sink

configure_ca --smtp-server "127.0.0.1:$PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN"
make_csr one
import_csr one --contact-name "One" --contact-email one@example.org || finish
issue_csr "$csr_id" tls || finish
expect_equal "states while down" "$(mail_states)" "1:pending 2:pending 3:pending"

tui_start
tui_keys End Enter
expect_screen "Mail outbox (view, retry)"
tui_keys End Enter
expect_screen "Mail outbox: 3 notices (3 waiting, 0 given up)"
expect_screen_line "^ +ID +State +Notice +Recipient +Tries"
expect_screen_line "^ 3 +waiting +certificate issued +one@example\.org +1 "
expect_screen_line "^ 1 +waiting +CA configured +$ADMIN +1 "
expect_screen_line "^  Last error: "
expect_screen_line "r Retry +a Retry all +f Send due"

# The server back: r sends the selected notice (3, the newest) only.
start_sink --port "$PORT" || finish
tui_keys r
expect_screen "1 email notice sent."
expect_screen "Mail outbox: 3 notices (2 waiting, 0 given up)"
expect_screen_line "^ 3 +sent +certificate issued +one@example\.org"
expect_equal "states after r" "$(mail_states)" "1:pending 2:pending 3:sent"
expect_mail_for one@example.org "the contact's notice"
expect_mail_contains "ncpki client get $serial"
# a: the others.
tui_keys a
expect_screen "2 email notices sent."
expect_screen "Mail outbox: 3 notices (0 waiting, 0 given up)"
expect_equal "states after a" "$(mail_states)" "1:sent 2:sent 3:sent"
expect_equal "messages delivered" "$(mail_count)" 3
# r on a sent notice: refused, nothing sent again.
tui_keys Home r
expect_screen_line "^ Error: "
expect_equal "messages delivered once" "$(mail_count)" 3

tui_keys Escape
expect_screen "Certificate Authority Server: maintenance"
tui_keys Escape
expect_screen "F10 Quit"
tui_quit
finish
