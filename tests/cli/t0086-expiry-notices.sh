#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0086: expiry notices reach a real SMTP server (tests/smtp-sink.py): with
# `ncpki server set-notice-days N`, `ncpki mail notify-expiring` queues one
# notice per certificate within N days of its end that has a contact email
# (not revoked, not renewed, not expired) and sends it; running it again
# sends nothing; N = 0 sends none. The notice says which certificate, when
# it expires and how to renew it.
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=ca-admin@example.com
start_sink || finish
configure_ca --smtp-server "127.0.0.1:$SINK_PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN" --days 5

# issue NAME [EMAIL]: a certificate for NAME.example.com; sets serial.
issue() {
	make_csr "$1" "/O=Example Corporation/CN=$1.example.com"
	if [ -n "${2:-}" ]; then
		import_csr "$1" --contact-name "Contact $1" --contact-email "$2"
	else
		import_csr "$1" --contact-name "Contact $1"
	fi
	issue_csr "$csr_id" tls
}

issue alpha alpha@example.org
s_alpha=$serial
issue beta beta@example.org
s_beta=$serial
issue nomail
s_nomail=$serial
issue revoked revoked@example.org
s_revoked=$serial
run cert revoke "$s_revoked" --reason superseded --password-file "$PWFILE" --yes
expect_equal "revoke: exit" "$rc" 0
issue renewed renewed@example.org
s_renewed=$serial
# Its renewal (same subject, names and contact, a new key proven by the old
# one: issue 14) is issued: the old one gets no notice, the renewal its own.
make_csr renewed2 "/O=Example Corporation/CN=renewed.example.com" DNS:renewed.example.com
make_proof "$T/renewed.pkey" "$s_renewed" "$T/renewed2.csr" "$T/renewed2.proof"
import_csr renewed2 --contact-name "Contact renewed" --contact-email renewed@example.org \
	--renewal-of "$s_renewed" --proof "$T/renewed2.proof"
issue_csr "$csr_id" tls
s_renewed2=$serial
base=$(mail_count)

# The default is 30 days: every one of them is due; turned off first.
expect_exit 0 server set-notice-days 0
expect_output_line "Expiry notices are turned off."
expect_exit 0 mail notify-expiring
expect_output_line "0 expiry notices queued."
expect_equal "notices off: no message" "$(mail_count)" "$base"

# Certificates end in 5 days: a 3-day period has none due yet.
expect_exit 0 server set-notice-days 3
expect_output_line "Technical contacts are told 3 days before a certificate expires."
expect_exit 0 mail notify-expiring
expect_output_line "0 expiry notices queued."
expect_equal "none due yet: no message" "$(mail_count)" "$base"

expect_exit 0 server set-notice-days 10
expect_exit 0 mail notify-expiring
expect_output_line "3 expiry notices queued."
expect_output_line "3 email notices sent."
expect_equal "three messages" "$(mail_count)" $((base + 3))

expect_mail_for alpha@example.org "alpha's notice"
expect_mail_header "^Subject: Certificate number $s_alpha \"alpha\" expires on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC$"
expect_mail_header "^To: <alpha@example.org>$"
expect_mail_contains "Certificate number: $s_alpha"
expect_mail_contains "File name: alpha"
expect_mail_contains "Subject: CN=alpha.example.com,O=Example Corporation"
expect_mail_contains "Valid until: "
expect_mail_contains "Days left: 5"
expect_mail_contains "    ncpki client renew --serial $s_alpha"
expect_mail_for beta@example.org "beta's notice"
expect_mail_contains "ncpki client renew --serial $s_beta"
expect_mail_for renewed@example.org "the renewal's own notice"
expect_mail_header "^Subject: Certificate number $s_renewed2 \"renewed2\" expires on "
# expiry_notices ADDR: how many expiry notices reached ADDR.
expiry_notices() {
	for _f in "$MAILDIR"/*.eml; do
		tr -d '\r' <"$_f" | sed '/^$/q' | grep -q -x "X-Envelope-To: $1" &&
			tr -d '\r' <"$_f" | grep -q '^Subject: Certificate number .* expires on ' &&
			echo "$_f"
	done | wc -l | tr -d ' '
}
expect_equal "notices to alpha" "$(expiry_notices alpha@example.org)" 1
expect_equal "one notice to the renewal's contact: the renewal's, not the renewed certificate's" \
	"$(expiry_notices renewed@example.org)" 1
expect_equal "notices for the revoked certificate" "$(expiry_notices revoked@example.org)" 0

if [ -n "$SQLITE3" ]; then
	expect_equal "expiry_notice_at set on the three" \
		"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT group_concat(serial) FROM (SELECT serial FROM cert WHERE expiry_notice_at IS NOT NULL ORDER BY serial)")" \
		"$s_alpha,$s_beta,$s_renewed2"
	expect_equal "outbox rows of kind expiry-notice" \
		"$("$SQLITE3" "$NCPKI_HOME/ncpki.db" "SELECT count(*) FROM outbox WHERE kind = 'expiry-notice' AND state = 'sent'")" 3
fi
run mail list
expect_output_contains "expiry-notice"

# Once per certificate: again, nothing.
expect_exit 0 mail notify-expiring
expect_output_line "0 expiry notices queued."
expect_equal "still three new messages" "$(mail_count)" $((base + 3))

# Bad periods change nothing.
snapshot "$T/snap"
expect_exit 2 server set-notice-days 367
expect_exit 2 server set-notice-days -1
expect_exit 2 server set-notice-days many
expect_exit 2 server set-notice-days
expect_unchanged "$T/snap" "refused notice periods"
expect_exit 0 server set-notice-days --help
expect_output_contains "0 turns the expiry notices off"

# No CA here: nothing to do, said plainly.
NCPKI_HOME=$T/empty run server set-notice-days 5
expect_equal "set-notice-days without a CA: exit" "$rc" 1
expect_stderr_contains "not configured"
NCPKI_HOME=$T/empty run mail notify-expiring
expect_equal "notify-expiring without a CA: exit" "$rc" 0
expect_output_line "0 expiry notices queued."

finish
