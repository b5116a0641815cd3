#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0073: no header injection through the notices: an address with CR/LF is
# refused where it enters (admin email, contact email) and nothing is
# queued or sent; text from a CSR (its subject, the contact's name) only
# ever reaches the body, never the headers or the envelope.
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=admin@example.com
CRLF=$(printf '\r\nX')
CRLF=${CRLF%X}

start_sink || finish

expect_exit 3 server configure --root "$CAROOT" --dir "$CADIR" --cn "Test CA" \
	--key-type p256 --password-file "$PWFILE" --smtp-server "127.0.0.1:$SINK_PORT" --smtp-insecure-host 127.0.0.1 \
	--admin-email "${ADMIN}${CRLF}Bcc: evil@example.net"
expect_error_line
expect_equal "nothing sent" "$(mail_count)" 0

configure_ca --smtp-server "127.0.0.1:$SINK_PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN"
expect_output_line "Confirmation email sent to: $ADMIN"

make_csr evil
snapshot "$T/before"
expect_exit 3 csr import "$T/evil.csr" --contact-name Eve \
	--contact-email "eve@example.org${CRLF}Bcc: evil@example.net"
expect_error_line
expect_unchanged "$T/before" "a contact email with CR/LF"
expect_exit 3 csr import "$T/evil.csr" --contact-name Eve \
	--contact-email "eve@example.org, evil@example.net"
expect_equal "only the confirmation was sent" "$(mail_count)" 1

# A contact name with a line break only reaches the body, made harmless.
run csr import "$T/evil.csr" --contact-name "Eve${CRLF}Bcc: evil@example.net" \
	--contact-email eve@example.org
if [ "$rc" -eq 0 ]; then
	expect_mail_for "$ADMIN" "the CSR notice"
	check "no Bcc header" sh -c "! sed '/^\$/q' '$T/last.eml' | grep -qi '^Bcc:'"
	check "one envelope recipient" test "$(grep -c '^X-Envelope-To:' "$T/last.eml")" -eq 1
	check "the name's line break did not survive" sh -c "! grep -q '^Bcc: evil' '$T/last.eml'"
else
	expect_equal "a contact name with CR/LF is refused" "$rc" 3
fi
check "nothing ever went to evil@example.net" \
	sh -c "! grep -rqi 'X-Envelope-To: evil@example.net' '$MAILDIR'"

stop_sink
finish
