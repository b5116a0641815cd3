#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0126: ncpkid's sender thread looks for certificates near expiry when it
# starts (and hourly): a certificate within the notice period (30 days by
# default) gets its notice from the service itself, on a real SMTP server,
# once: a restart sends nothing more; with notices turned off (0) a new
# certificate gets none.
TESTDIR=$(cd "$(dirname "$0")/../cli" && pwd)
. "$(dirname "$0")/lib.sh"
. "$TESTDIR/mail-lib.sh"

setup_mail_service --admin-email ca-admin@example.com --days 20

make_csr short "/CN=short.example.com"
import_csr short --contact-name "Sam Short" --contact-email sam@example.org
issue_csr "$csr_id" tls
s_short=$serial

# expiry_notices ADDR: how many expiry notices reached ADDR.
expiry_notices() {
	for _f in "$MAILDIR"/*.eml; do
		[ -f "$_f" ] || continue
		tr -d '\r' <"$_f" | sed '/^$/q' | grep -q -x "X-Envelope-To: $1" &&
			tr -d '\r' <"$_f" | grep -q '^Subject: Certificate number .* expires on ' &&
			echo "$_f"
	done | wc -l | tr -d ' '
}

# wait_notices ADDR N: until N expiry notices reached ADDR (10 s at most).
wait_notices() {
	_i=0
	while [ "$(expiry_notices "$1")" -lt "$2" ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

expect_equal "no expiry notice before ncpkid runs" "$(expiry_notices sam@example.org)" 0
start_ncpkid || finish
wait_notices sam@example.org 1
expect_equal "ncpkid sent the expiry notice at start" "$(expiry_notices sam@example.org)" 1
check "ncpkid's log tells of it" grep -q "mail: 1 expiry notice queued" "$NCPKID_ERR"
stop_ncpkid

# Turned off: the next certificate gets none; a restart repeats nothing.
run server set-notice-days 0
expect_equal "set-notice-days 0: exit" "$rc" 0
make_csr quiet "/CN=quiet.example.com"
import_csr quiet --contact-name "Quinn Quiet" --contact-email quinn@example.org
issue_csr "$csr_id" tls
start_ncpkid || finish
api GET /ca
expect_status 200 "GET ca after the restart"
sleep 1
check "no expiry notice queued this time" sh -c "! grep -q 'expiry notice' '$NCPKID_ERR'"
expect_equal "still one notice to sam" "$(expiry_notices sam@example.org)" 1
expect_equal "none to quinn" "$(expiry_notices quinn@example.org)" 0
if [ -n "$SQLITE3" ]; then
	expect_equal "expiry_notice_at set on $s_short only" \
		"$("$SQLITE3" -readonly "$NCPKI_HOME/ncpki.db" "SELECT group_concat(serial) FROM cert WHERE expiry_notice_at IS NOT NULL")" \
		"$s_short"
fi

stop_ncpkid
finish
