#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0304: the audit trail (issue 6). Every change made through the CLI
# leaves one entry with its actor, action, object and outcome — and a wrong
# CA key password leaves a refusal; reinitializing keeps the trail; the
# trail verifies; and an entry edited, removed or forged with the sqlite3
# shell (after dropping the append-only triggers) is found by
# `ncpki audit verify` and by `ncpki check`.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"
DB=$NCPKI_HOME/ncpki.db
me=$(id -un)

configure_ca
make_csr web; import_csr web; web_id=$csr_id
make_csr gone; import_csr gone; gone_id=$csr_id
make_pwfile "$T/wrong.pw" "not the password at all"
expect_exit 4 csr process "$web_id" --usage tls --password-file "$T/wrong.pw" --yes
issue_csr "$web_id" tls; s_web=$serial
expect_exit 0 csr delete "$gone_id" --yes
expect_exit 0 cert revoke "$s_web" --reason superseded --password-file "$PWFILE" --yes
expect_exit 0 cert get "$s_web" --out "$T/web.cer"
expect_exit 0 server urls --crl-days 3

expect_exit 0 audit list
for what in "cli:$me  *ca-configured  *CA \"$CAROOT\" \\(new key\\)" \
            "csr-received  *request $web_id \"web\"" \
            "csr-received  *request $gone_id \"gone\"" \
            "ca-key-unlock  *$CADIR/$CAROOT.key  REFUSED: Wrong password" \
            "cert-issued  *certificate $s_web (serial number [0-9A-F]+ )?\"web\" for request $web_id, tls" \
            "csr-deleted  *request $gone_id" \
            "crl-generated  *CRL 1, 1 revoked" \
            "cert-revoked  *certificate $s_web, reason superseded" \
            "cert-exported  *certificate $s_web to \"$T/web.cer\"" \
            "config-changed  *CRL period 3 days"; do
	expect_output_matches "$what"
done
expect_equal "one entry per change, and one refusal" \
	"$("$SQLITE3" "$DB" 'SELECT count(*) FROM audit')" 10
expect_exit 0 audit list --filter revoked --json
if have_python3; then
	check "audit list --json: the filter keeps the revocation and its CRL" python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["action"] for r in rows] == ["cert-revoked", "crl-generated"], rows
assert rows[0]["actor"].startswith("cli:"), rows
assert len(rows[0]["hash"]) == 64, rows
' "$OUT"
fi

# tamper_copy NAME SQL: a copy of the data directory with SQL run on it
# after the triggers are dropped; sets H.
tamper_copy() {
	H=$T/copy-$1
	mkdir -p "$H"
	chmod 700 "$H"
	"$SQLITE3" "$DB" ".backup '$H/ncpki.db'"
	"$SQLITE3" "$H/ncpki.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $2"
}

tamper_copy edit "UPDATE audit SET object = 'request 99' WHERE id = 3"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 3: its contents do not match its hash: it was edited."
NCPKI_HOME=$H expect_exit 1 check
expect_output_line "Anomaly: the audit trail is broken at entry 3: its contents do not match its hash: it was edited"

# reinitialize: the CA's tables are emptied, the trail is not
expect_exit 0 server reinit --yes
expect_exit 0 audit verify
expect_output_line "The audit trail is intact: 11 entries."
expect_output_matches "^Newest entry's hash: [0-9a-f]{64}$"
expect_exit 0 audit list --limit 1
expect_output_matches "ca-reinitialized  *CA \"$CAROOT\""

# SQL cannot change or delete an entry while the triggers stand
check "UPDATE refused by the append-only trigger" \
	sh -c "! '$SQLITE3' '$DB' \"UPDATE audit SET outcome = 'x' WHERE id = 2\" 2>/dev/null"
check "DELETE refused by the append-only trigger" \
	sh -c "! '$SQLITE3' '$DB' 'DELETE FROM audit WHERE id = 2' 2>/dev/null"
expect_exit 0 audit verify

tamper_copy delete "DELETE FROM audit WHERE id IN (4, 5)"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 6: entries 4 to 5 are missing."

tamper_copy forge "INSERT INTO audit (id, at, actor, action, object, outcome, prev_hash, hash)
	VALUES (12, 0, 'cli:root', 'cert-issued', 'certificate 1', 'ok',
	        '0000000000000000000000000000000000000000000000000000000000000000',
	        '1111111111111111111111111111111111111111111111111111111111111111')"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 12: it does not link to the entry before it."

finish
