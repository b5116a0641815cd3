#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0070: the three email notices reach a real SMTP server (tests/smtp-sink.py):
# "Confirmation email sent to:" when the CA server is configured (the
# administrator gets the fingerprints), the administrator's notice when a
# CSR arrives (with its SHA-1 and the contact; issue 14: a digest of the
# requests since the last one, at most every 15 minutes), and the technical contact's
# notice when the certificate is issued (serial, how to fetch it).
TESTDIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTDIR/lib.sh"
. "$TESTDIR/mail-lib.sh"

ADMIN=CAserver-admin@example.com
CONTACT=tech.contact@example.org

start_sink || finish

configure_ca --smtp-server "127.0.0.1:$SINK_PORT" --smtp-insecure-host 127.0.0.1 --admin-email "$ADMIN"
expect_equal "configure exit status" "$rc" 0
expect_output_line "Confirmation email sent to: $ADMIN"
sha1=$(sed -n '/^Certificate Authority Certificate SHA-1 fingerprint:$/{n;p;}' "$OUT")
sha256=$(sed -n '/^Certificate Authority Certificate SHA-256 fingerprint:$/{n;p;}' "$OUT")
expect_equal "one message so far" "$(mail_count)" 1
expect_mail_for "$ADMIN" "server configured"
expect_mail_header "^Subject: Certificate Authority server configured$"
expect_mail_header "^To: <$ADMIN>$"
expect_mail_header "^From: ncpki <$ADMIN>$"
expect_mail_header "^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$"
expect_mail_header "^Message-ID: <[^ ]+@example\.com>$"
expect_mail_header "^MIME-Version: 1\.0$"
expect_mail_header "^Content-Type: text/plain; charset=UTF-8$"
expect_mail_header "^Content-Transfer-Encoding: 8bit$"
expect_mail_contains "$sha1"
expect_mail_contains "$sha256"
expect_mail_contains "$CADIR/$CAROOT.cer"
expect_mail_contains "CN=Test CA"

# A CSR arrives: the administrator hears of it.
make_csr santiago "/C=US/O=Example Corporation/CN=santiago.example.com"
import_csr santiago --contact-name "Santiago Dev" --contact-phone "+1 617 555 0100" \
	--contact-email "$CONTACT" --hostname santiago.example.com --instance IRIS1
csr_sha1=$(sed -n 's/^SHA-1 fingerprint: //p' "$OUT")
expect_output_line "Notice sent to the administrator: $ADMIN"
expect_equal "two messages" "$(mail_count)" 2
expect_mail_for "$ADMIN" "CSR received"
expect_mail_header "^Subject: Certificate Signing Request \"santiago\" received as request $csr_id$"
expect_mail_contains "$csr_sha1"
expect_mail_contains "Santiago Dev"
expect_mail_contains "+1 617 555 0100"
expect_mail_contains "$CONTACT"
expect_mail_contains "santiago.example.com"
expect_mail_contains "IRIS1"
expect_mail_contains "prevents impersonation"

# The certificate is issued: the technical contact hears of it.
issue_csr "$csr_id" tls
expect_output_line "Notice sent to the technical contact: $CONTACT"
expect_equal "three messages" "$(mail_count)" 3
expect_mail_for "$CONTACT" "certificate issued"
expect_mail_header "^Subject: Certificate number $serial issued for Certificate Signing Request \"santiago\"$"
expect_mail_contains "Certificate number: $serial"
expect_mail_contains "ncpki client get $serial"
expect_mail_contains "Valid until:"
check "the contact's message went only to the contact" \
	test "$(grep -c '^X-Envelope-To:' "$T/last.eml")" -eq 1

# No contact email: no notice, no line.
make_csr quiet
import_csr quiet --contact-name "Nobody"
issue_csr "$csr_id" codesign
expect_output_lacks "Notice sent to the technical contact"
# The administrator had a notice of santiago a moment ago: "quiet" waits for
# the next digest (issue 14), and so do b1 and b2 below.
expect_equal "three messages (no new one for the admin yet)" "$(mail_count)" 3

# --all: every issued certificate with a contact gets one notice.
make_csr b1
import_csr b1 --contact-name A --contact-email b1@example.org
make_csr b2
import_csr b2 --contact-name B --contact-email b2@example.org
run csr process --all --usage tls --password-file "$PWFILE" --yes
expect_equal "process --all exit status" "$rc" 0
expect_output_line "2 email notices sent."
expect_mail_for b1@example.org "batch notice 1"
expect_mail_for b2@example.org "batch notice 2"

# The outbox shows every notice as sent.
expect_exit 0 mail list
expect_output_contains "cert-issued"
expect_output_contains "$CONTACT"
expect_equal "states" "$(mail_states)" "1:sent 2:sent 3:sent 4:sent 5:sent"
expect_exit 0 mail flush
expect_output_line "0 email notices sent."

# Two more requests: one digest lists both once its interval is over.
make_csr d1
import_csr d1 --contact-name "Digest One"
expect_output_lacks "Notice sent to the administrator"
make_csr d2
import_csr d2 --contact-name "Digest Two"
expect_equal "no mail per request" "$(mail_count)" 5
if [ -n "$SQLITE3" ]; then
	"$SQLITE3" "$NCPKI_HOME/ncpki.db" "UPDATE ca_config SET digest_at = digest_at - 16 * 60"
	expect_exit 0 mail flush
	expect_output_line "1 email notice sent."
	expect_mail_for "$ADMIN" "the digest"
	expect_mail_header "^Subject: 2 Certificate Signing Requests received$"
	expect_mail_contains "Digest One"
	expect_mail_contains "Digest Two"
	expect_mail_contains "ncpki csr process ID --usage"
fi

stop_sink
finish
