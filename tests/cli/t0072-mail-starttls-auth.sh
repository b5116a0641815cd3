#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0072: SMTP with STARTTLS and AUTH: the sink requires both and presents a
# TLS certificate this CA issued (for IP:127.0.0.1), trusted because the
# operator gives this CA's certificate with --smtp-ca-file (issue 14: it is
# no anchor by itself); the SMTP password comes from --smtp-password-file. Then a wrong password (the notice waits, with
# the server's 535) and a certificate from another CA (refused: no mail is
# sent over an unverified connection).
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=admin@example.com
SMTPPW=$T/smtp.pw
make_pwfile "$SMTPPW" "mail relay secret"
make_pwfile "$T/wrong.pw" "not the secret"

# The sink's certificate, issued by this CA through the usual flow.
configure_ca
make_csr sink "/C=US/O=Example Corporation/CN=localhost" "IP:127.0.0.1,DNS:localhost"
import_csr sink --contact-name "Mail admin"
issue_csr "$csr_id" tls
expect_exit 0 cert get "$serial" --out "$T/sink.cer"
expect_exit 0 server reinit --yes

start_sink --cert "$T/sink.cer" --key "$T/sink.pkey" --require-starttls \
	--user mailer --password-file "$SMTPPW" --auth-required || finish
PORT=$SINK_PORT

run server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE" \
	--smtp-server "127.0.0.1:$PORT" --smtp-user mailer \
	--smtp-password-file "$SMTPPW" --smtp-ca-file "$CADIR/$CAROOT.cer" --admin-email "$ADMIN"
expect_equal "configure exit status" "$rc" 0
expect_output_line "Confirmation email sent to: $ADMIN"
expect_mail_for "$ADMIN" "over STARTTLS with AUTH"
expect_mail_header "^X-Sink-TLS: yes$"
expect_mail_header "^X-Sink-Auth: yes$"
expect_mail_header "^Subject: Certificate Authority server configured$"
run server show
check "the SMTP password is not shown" sh -c "! grep -q 'mail relay secret' '$OUT'"

# The relay's password changed: the notice waits with the server's answer.
stop_sink
start_sink --port "$PORT" --cert "$T/sink.cer" --key "$T/sink.pkey" --require-starttls \
	--user mailer --password-file "$T/wrong.pw" --auth-required || finish
make_csr one
import_csr one --contact-name "One"
expect_equal "import succeeds" "$rc" 0
expect_stderr_matches "The notice to the administrator $ADMIN could not be sent yet \(.*535.*\)"
id=$(mail_states | tr ' ' '\n' | tail -n 1 | cut -d: -f1)
expect_equal "pending" "$(mail_field "$id" state)" pending
check "last_error has the SMTP code: $(mail_field "$id" last_error)" \
	sh -c "'$NCPKI' mail list --json | grep -q 535"

# A server with a certificate from another CA: refused before AUTH.
stop_sink
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -out "$T/other.cer" -days 2 -subj "/CN=localhost" \
	-addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
start_sink --port "$PORT" --cert "$T/other.cer" --key "$T/other.key" --require-starttls \
	--user mailer --password-file "$SMTPPW" --auth-required || finish
before=$(mail_count)
expect_exit 0 mail retry --all
expect_output_line "0 email notices sent."
expect_equal "nothing delivered to an unverified server" "$(mail_count)" "$before"
check "the error names the certificate: $(mail_field "$id" last_error)" \
	sh -c "'$NCPKI' mail list --json | grep -qi 'certificate'"

# The right server again: delivered.
stop_sink
start_sink --port "$PORT" --cert "$T/sink.cer" --key "$T/sink.pkey" --require-starttls \
	--user mailer --password-file "$SMTPPW" --auth-required || finish
expect_exit 0 mail retry --all
expect_output_line "1 email notice sent."
expect_equal "sent" "$(mail_field "$id" state)" sent
stop_sink
finish
