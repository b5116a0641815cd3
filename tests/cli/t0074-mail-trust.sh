#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0074: mail authority and integrity (issue 14). The SMTP password is kept
# in DATA/smtp-password (0600), never in the database, and a copy others can
# read is refused; a password left in the database by an older version is
# moved out. The SMTP server is verified against the system trust store plus
# the CA file the operator gives (--smtp-ca-file), never silently against
# this CA's own certificate; a server from an unknown CA is refused and the
# notice waits with the verification error. Plain SMTP without STARTTLS only
# for the host the operator names (--smtp-insecure-host): loopback alone is
# no exemption.
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"

ADMIN=admin@example.com
SECRET="relay secret 7f3a"
SMTPPW=$T/smtp.pw
make_pwfile "$SMTPPW" "$SECRET"

# A private mail CA the operator trusts, and the sink's certificate from it.
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/mailca.key" -out "$T/mailca.cer" -days 2 -subj "/CN=Mail Test CA" \
	-addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign" \
	2>/dev/null
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/sink.key" -out "$T/sink.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$T/sink.ext"
"$OPENSSL" x509 -req -in "$T/sink.csr" -CA "$T/mailca.cer" -CAkey "$T/mailca.key" \
	-CAcreateserial -days 2 -extfile "$T/sink.ext" -out "$T/sink.cer" 2>/dev/null
# The same name from a CA nobody gave.
"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -out "$T/other.cer" -days 2 -subj "/CN=localhost" \
	-addext "subjectAltName=IP:127.0.0.1" 2>/dev/null

start_sink --cert "$T/sink.cer" --key "$T/sink.key" --require-starttls \
	--user mailer --password-file "$SMTPPW" --auth-required || finish
PORT=$SINK_PORT

# --- 1. the password is kept out of the database
configure_ca --smtp-server "127.0.0.1:$PORT" --smtp-user mailer \
	--smtp-password-file "$SMTPPW" --smtp-ca-file "$T/mailca.cer" \
	--admin-email "$ADMIN"
expect_mail_for "$ADMIN" "verified STARTTLS with a CA the operator gave"
expect_mail_header "^X-Sink-TLS: yes$"
expect_mail_header "^X-Sink-Auth: yes$"
"$SQLITE3" "$NCPKI_HOME/ncpki.db" .dump >"$T/dump.sql"
check "the database dump holds no SMTP password" sh -c "! grep -q '$SECRET' '$T/dump.sql'"
expect_file "$NCPKI_HOME/smtp-password"
expect_mode 600 "$NCPKI_HOME/smtp-password"
check "the password file holds the password" grep -qx "$SECRET" "$NCPKI_HOME/smtp-password"

# A copy others can read is refused: the notice waits, naming the fix.
chmod 644 "$NCPKI_HOME/smtp-password"
before=$(mail_count)
make_csr one
import_csr one --contact-name "One"
expect_equal "import succeeds" "$rc" 0
id=$(mail_states | tr ' ' '\n' | tail -n 1 | cut -d: -f1)
expect_equal "pending" "$(mail_field "$id" state)" pending
expect_equal "nothing sent with a readable password file" "$(mail_count)" "$before"
run mail list
expect_output_contains "chmod 600 $NCPKI_HOME/smtp-password"
chmod 600 "$NCPKI_HOME/smtp-password"
expect_exit 0 mail retry --all
expect_equal "sent once the file is private" "$(mail_field "$id" state)" sent

# A password an older version left in the database moves to the file.
rm -f "$NCPKI_HOME/smtp-password"
"$SQLITE3" "$NCPKI_HOME/ncpki.db" "UPDATE ca_config SET smtp_password = '$SECRET'"
make_csr two
import_csr two --contact-name "Two" --contact-email two@example.org
two_id=$csr_id
expect_equal "import succeeds" "$rc" 0
expect_mode 600 "$NCPKI_HOME/smtp-password"
check "the old password moved to the file" grep -qx "$SECRET" "$NCPKI_HOME/smtp-password"
"$SQLITE3" "$NCPKI_HOME/ncpki.db" .dump >"$T/dump.sql"
check "and left the database" sh -c "! grep -q '$SECRET' '$T/dump.sql'"

# --- 3. a server whose certificate comes from a CA nobody gave: refused
stop_sink
start_sink --port "$PORT" --cert "$T/other.cer" --key "$T/other.key" --require-starttls \
	--user mailer --password-file "$SMTPPW" --auth-required || finish
before=$(mail_count)
issue_csr "$two_id" tls
expect_equal "issue succeeds" "$rc" 0
id=$(mail_states | tr ' ' '\n' | tail -n 1 | cut -d: -f1)
expect_equal "the contact's notice waits" "$(mail_field "$id" state)" pending
expect_equal "nothing sent to an unverified server" "$(mail_count)" "$before"
err=$(mail_field "$id" last_error)
check "the verification error is recorded: $err" sh -c "printf '%s' \"\$1\" | grep -qi certificate" - "$err"
run mail list
expect_output_contains "two@example.org"

# --- 2. plain SMTP: refused on loopback unless the operator names the host
stop_sink
start_sink --port "$PORT" || finish
expect_exit 0 mail retry --all
expect_output_line "0 email notices sent."
expect_equal "nothing sent without STARTTLS to 127.0.0.1" "$(mail_count)" "$before"
err=$(mail_field "$id" last_error)
check "the error says STARTTLS/TLS was required: $err" sh -c "printf '%s' \"\$1\" | grep -qiE 'tls|ssl'" - "$err"

expect_exit 0 server reinit --yes
run server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE" \
	--smtp-server "127.0.0.1:$PORT" --smtp-insecure-host mail.example.org
check "an insecure host other than the SMTP server is refused (exit $rc)" test "$rc" -ne 0
expect_stderr_contains "--smtp-server"
run server configure --root "$CAROOT" --dir "$CADIR" --password-file "$PWFILE" \
	--smtp-server "127.0.0.1:$PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN"
expect_equal "configure naming the insecure host" "$rc" 0
expect_output_line "Confirmation email sent to: $ADMIN"
expect_mail_for "$ADMIN" "plain SMTP to the named host"
expect_mail_header "^X-Sink-TLS: no$"
expect_exit 0 mail retry --all
expect_equal "the waiting notice goes too" "$(mail_field "$id" state)" sent
expect_no_file "$NCPKI_HOME/smtp-password"
expect_exit 0 server show
expect_output_matches "SMTP without STARTTLS: +127\.0\.0\.1"
expect_exit 0 audit list
expect_output_matches "ca-configured .*STARTTLS optional for 127\.0\.0\.1"

# The CA's own certificate is no anchor for the SMTP server by itself.
make_csr sink2 "/CN=localhost" "IP:127.0.0.1,DNS:localhost"
import_csr sink2 --contact-name "Mail admin"
issue_csr "$csr_id" tls
expect_exit 0 cert get "$serial" --out "$T/sink2.cer"
stop_sink
start_sink --port "$PORT" --cert "$T/sink2.cer" --key "$T/sink2.pkey" --require-starttls || finish
before=$(mail_count)
make_csr three
import_csr three --contact-name "Three" --contact-email three@example.org
issue_csr "$csr_id" tls
id=$(mail_states | tr ' ' '\n' | tail -n 1 | cut -d: -f1)
expect_equal "a server certified by this CA alone is not trusted" "$(mail_field "$id" state)" pending
expect_equal "nothing sent to it" "$(mail_count)" "$before"

stop_sink
finish
