#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0071: a notice that cannot be sent never fails the operation: with the
# SMTP server down the operation succeeds, a warning says the notice waits,
# `ncpki mail list` shows it pending with the error and a next attempt;
# once the server is back, `ncpki mail retry --all` delivers. Without an
# SMTP server configured the notices wait, saying so. Retry's usage errors.
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=admin@example.com

# A port where nothing listens: the sink picks one, then stops.
start_sink || finish
PORT=$SINK_PORT
stop_sink

configure_ca --smtp-server "127.0.0.1:$PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN"
expect_equal "configure succeeds with the SMTP server down" "$rc" 0
expect_output_line "Certificate Authority server successfully configured."
expect_output_lacks "Confirmation email sent to:"
expect_stderr_matches "^ncpki: warning: Confirmation email to $ADMIN could not be sent yet \(.+\); it waits in the outbox: see ncpki mail list\.$"

make_csr one
import_csr one --contact-name "One" --contact-email one@example.org
expect_equal "import succeeds with the SMTP server down" "$rc" 0
expect_stderr_matches "^ncpki: warning: The notice to the administrator $ADMIN could not be sent yet"
issue_csr "$csr_id" tls
expect_equal "process succeeds with the SMTP server down" "$rc" 0
expect_stderr_matches "^ncpki: warning: The notice to the technical contact one@example.org could not be sent yet"

expect_exit 0 mail list
expect_output_matches "^1 +ca-configured +$ADMIN +pending +1 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} +.+"
expect_output_matches "^3 +cert-issued +one@example.org +pending +1 "
expect_equal "states while down" "$(mail_states)" "1:pending 2:pending 3:pending"
err1=$(mail_field 1 last_error)
check "the error is recorded: $err1" test -n "$err1"
next1=$(mail_field 1 next_attempt_at)
check "a next attempt is scheduled: $next1" test -n "$next1"
expect_equal "attempts" "$(mail_field 1 attempts)" 1

# Not due yet: a flush leaves them alone.
expect_exit 0 mail flush
expect_output_line "0 email notices sent."
expect_equal "attempts unchanged by an early flush" "$(mail_field 1 attempts)" 1

# The server comes back on the same port; retry delivers everything.
start_sink --port "$PORT" || finish
expect_exit 0 mail retry --all
expect_output_line "3 email notices sent."
expect_equal "states after retry" "$(mail_states)" "1:sent 2:sent 3:sent"
expect_equal "messages delivered" "$(mail_count)" 3
expect_mail_for one@example.org "the contact's notice after retry"
expect_mail_contains "ncpki client get $serial"
expect_equal "the error is cleared" "$(mail_field 1 last_error)" ""
expect_exit 0 mail retry --all
expect_output_line "No email notices wait to be sent."

# Retry of one notice, and its errors.
stop_sink
make_csr two
# the digest of new requests waits out its interval (issue 14): move it back
"$SQLITE3" "$NCPKI_HOME/ncpki.db" "UPDATE ca_config SET digest_at = digest_at - 16 * 60"
import_csr two --contact-name "Two"
expect_equal "states" "$(mail_states)" "1:sent 2:sent 3:sent 4:pending"
start_sink --port "$PORT" || finish
expect_exit 0 mail retry 4
expect_output_line "1 email notice sent."
expect_equal "notice 4 sent" "$(mail_field 4 state)" sent
expect_exit 3 mail retry 4
expect_error_line
expect_exit 1 mail retry 99
expect_error_line
expect_exit 2 mail retry
expect_exit 2 mail retry abc
expect_exit 2 mail retry 4 --all
expect_exit 2 mail list extra
stop_sink

# No SMTP server configured: the notice waits, saying so.
expect_exit 0 server reinit --yes
run server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE" \
	--admin-email "$ADMIN"
expect_equal "configure without an SMTP server" "$rc" 0
expect_stderr_matches "Confirmation email to $ADMIN could not be sent yet \(No SMTP server is configured\)"
expect_equal "waits pending" "$(mail_field 5 state)" pending
expect_equal "and says why" "$(mail_field 5 last_error)" "No SMTP server is configured"
expect_equal "without counting an attempt" "$(mail_field 5 attempts)" 0

# No administrator address: nothing is queued, nothing is said.
expect_exit 0 server reinit --yes
run server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE"
expect_equal "configure without an admin email" "$rc" 0
check "no mail warning" sh -c "! grep -q -i 'email' '$ERR'"
expect_equal "no new notice" "$(mail_states)" "1:sent 2:sent 3:sent 4:sent 5:pending"

finish
