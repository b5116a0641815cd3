#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0002: a database written by an older ncpki (schema version 1) is carried
# forward to the current schema without losing a row; one written by a newer
# ncpki is refused, untouched.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"
DB=$NCPKI_HOME/ncpki.db

configure_ca
make_csr keep
import_csr keep
kept_id=$csr_id
make_csr issued
import_csr issued
issue_csr "$csr_id" tls
kept_serial=$serial
latest=$("$SQLITE3" "$DB" 'PRAGMA user_version')

# Turn it back into a version 1 database: what 0.1's first schema had.
"$SQLITE3" "$DB" 'DROP INDEX csr_submitter; DROP INDEX csr_contact_email; DROP INDEX csr_contact_name;
	DROP INDEX csr_unnotified; ALTER TABLE csr DROP COLUMN submitter; ALTER TABLE csr DROP COLUMN notified;
	ALTER TABLE ca_config DROP COLUMN digest_at;
	DROP TABLE IF EXISTS cert_fts; DROP INDEX cert_serial_number; DROP INDEX cert_revoked; DROP INDEX cert_subject; DROP INDEX cert_usage;
	ALTER TABLE cert DROP COLUMN serial_number; ALTER TABLE ca_config DROP COLUMN serial_mode;
	DROP TABLE audit_seal; DROP TABLE audit_keyed; DROP TABLE audit; ALTER TABLE cert DROP COLUMN renewal_of; ALTER TABLE cert DROP COLUMN expiry_notice_at;
	ALTER TABLE csr DROP COLUMN renewal_of; ALTER TABLE ca_config DROP COLUMN notice_days;
	ALTER TABLE ca_config DROP COLUMN ocsp_signer_serial; ALTER TABLE ca_config DROP COLUMN chain_pem;
	DROP TABLE crl;
	ALTER TABLE cert DROP COLUMN revoked_at; ALTER TABLE cert DROP COLUMN revocation_reason;
	ALTER TABLE cert DROP COLUMN invalidity_date; ALTER TABLE cert DROP COLUMN hold_released_at;
	ALTER TABLE ca_config DROP COLUMN crl_days; ALTER TABLE ca_config DROP COLUMN crl_url;
	ALTER TABLE ca_config DROP COLUMN ocsp_url; ALTER TABLE ca_config DROP COLUMN ca_issuers_url;
	ALTER TABLE ca_config DROP COLUMN smtp_insecure_host;
	DROP TABLE client_config; DROP TABLE outbox; PRAGMA user_version = 1;'
expect_equal "the database is at version 1" "$("$SQLITE3" "$DB" 'PRAGMA user_version')" 1

expect_exit 0 csr list
expect_output_contains "keep"
expect_equal "schema upgraded to the latest version" \
	"$("$SQLITE3" "$DB" 'PRAGMA user_version')" "$latest"
expect_equal "version 2 tables exist" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE name IN ('client_config','outbox')")" 2
expect_equal "version 3 objects exist" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE name IN ('crl','cert_revoked')")" 2
expect_equal "version 3 defaults" "$("$SQLITE3" "$DB" 'SELECT crl_days FROM ca_config')" 7
expect_equal "version 4 columns exist" \
	"$("$SQLITE3" "$DB" "SELECT (SELECT count(*) FROM pragma_table_info('csr') WHERE name = 'renewal_of') +
		(SELECT count(*) FROM pragma_table_info('cert') WHERE name IN ('renewal_of', 'expiry_notice_at')) +
		(SELECT count(*) FROM pragma_table_info('ca_config') WHERE name IN ('notice_days', 'chain_pem'))")" 5
expect_equal "version 4: the cert table takes the 'ocsp' usage" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'cert' AND sql LIKE '%''ocsp''%'")" 1
expect_equal "version 5: the audit table and its triggers exist" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE name IN ('audit', 'audit_no_update', 'audit_no_delete')")" 3
expect_equal "version 4, 6, 11 and 12: every index of cert is back" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cert' AND name LIKE 'cert_%'")" 9
expect_equal "version 6 columns exist, counter mode" \
	"$("$SQLITE3" "$DB" "SELECT (SELECT count(*) FROM pragma_table_info('cert') WHERE name = 'serial_number') || ' ' || serial_mode FROM ca_config")" "1 counter"
expect_equal "version 8: the audit seals, their triggers and the legacy mark exist" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM sqlite_master WHERE name IN ('audit_seal', 'audit_keyed', 'audit_seal_no_update', 'audit_seal_no_delete')")" 4
expect_equal "version 9: the request kept counts as notified, from no address" \
	"$("$SQLITE3" "$DB" "SELECT notified || ' [' || submitter || '] ' || (SELECT digest_at FROM ca_config) FROM csr WHERE id = $kept_id")" "1 [] 0"
expect_equal "pending request kept" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM csr WHERE id = $kept_id")" 1
expect_equal "issued certificate kept" \
	"$("$SQLITE3" "$DB" "SELECT count(*) FROM cert WHERE serial = $kept_serial")" 1
expect_equal "configuration kept" "$("$SQLITE3" "$DB" 'SELECT root FROM ca_config')" "$CAROOT"
expect_equal "integrity" "$("$SQLITE3" "$DB" 'PRAGMA integrity_check')" ok

# A newer ncpki's database: refused with a clear message, left as it was.
"$SQLITE3" "$DB" 'PRAGMA user_version = 99'
before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 1 csr list
expect_stderr_matches 'newer ncpki'
expect_equal "newer database untouched" "$(sha256sum "$DB" | cut -d' ' -f1)" "$before"

finish
