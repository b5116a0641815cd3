-- ncpki database schema.
--
-- Each "-- @version N" section migrates a database at version N-1 to N and
-- runs in one transaction together with PRAGMA user_version = N. A new
-- database runs every section in order; an existing one only those above
-- its user_version. Never edit a released section: add a new one.

-- @version 1
-- The CA server's configuration: at most one row.
CREATE TABLE ca_config (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	root          TEXT NOT NULL,
	dir           TEXT NOT NULL,
	created_new   INTEGER NOT NULL,
	subject       TEXT NOT NULL,
	key_desc      TEXT NOT NULL,
	sha1          TEXT NOT NULL,
	sha256        TEXT NOT NULL,
	cert_der      BLOB NOT NULL,
	not_before    INTEGER NOT NULL,
	not_after     INTEGER NOT NULL,
	ca_days       INTEGER NOT NULL,
	issue_days    INTEGER NOT NULL CHECK (issue_days > 0),
	smtp_server   TEXT,
	smtp_user     TEXT,
	smtp_password TEXT,
	admin_email   TEXT,
	configured_at INTEGER NOT NULL
);

-- Pending certificate signing requests.
CREATE TABLE csr (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	file_root     TEXT NOT NULL,
	subject       TEXT NOT NULL,
	key_desc      TEXT NOT NULL,
	sans          TEXT NOT NULL DEFAULT '',
	sig_alg       TEXT NOT NULL,
	der           BLOB NOT NULL,
	sha1          TEXT NOT NULL,
	sha256        TEXT NOT NULL UNIQUE,
	contact_name  TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	hostname      TEXT NOT NULL DEFAULT '',
	instance      TEXT NOT NULL DEFAULT '',
	received_at   INTEGER NOT NULL
);

-- Issued certificates; the serial is the SRL counter's value.
CREATE TABLE cert (
	serial        INTEGER PRIMARY KEY CHECK (serial > 0),
	csr_id        INTEGER NOT NULL,
	file_root     TEXT NOT NULL,
	subject       TEXT NOT NULL,
	issuer        TEXT NOT NULL,
	sans          TEXT NOT NULL DEFAULT '',
	usage         TEXT NOT NULL CHECK (usage IN ('tls', 'intermediate', 'codesign')),
	hostname      TEXT NOT NULL DEFAULT '',
	instance      TEXT NOT NULL DEFAULT '',
	contact_name  TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	sha1          TEXT NOT NULL,
	sha256        TEXT NOT NULL,
	not_before    INTEGER NOT NULL,
	not_after     INTEGER NOT NULL,
	issued_at     INTEGER NOT NULL,
	der           BLOB NOT NULL
);
CREATE INDEX cert_hostname ON cert (hostname);
CREATE INDEX cert_instance ON cert (instance);
CREATE INDEX cert_file_root ON cert (file_root);
CREATE INDEX cert_not_after ON cert (not_after);

-- @version 2
-- The CA client's configuration: at most one row.
CREATE TABLE client_config (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	server_host   TEXT NOT NULL,
	server_port   INTEGER NOT NULL CHECK (server_port BETWEEN 1 AND 65535),
	server_path   TEXT NOT NULL,
	contact_name  TEXT NOT NULL,
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	instance      TEXT NOT NULL,
	dir           TEXT NOT NULL DEFAULT 'client',
	ca_file_root  TEXT NOT NULL DEFAULT '',
	ca_sha256     TEXT NOT NULL DEFAULT '',
	configured_at INTEGER NOT NULL
);

-- Email notices waiting to be sent, sent, or given up on.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	kind            TEXT NOT NULL CHECK (kind IN ('ca-configured', 'csr-received', 'cert-issued')),
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- @version 3
-- Revocation (issue 5). A revoked certificate keeps its row: revoked_at is
-- when it was revoked, revocation_reason its RFC 5280 CRLReason code,
-- invalidity_date the optional time the key was known or suspected bad.
-- A certificateHold (6) that is released clears the three and records
-- hold_released_at.
ALTER TABLE cert ADD COLUMN revoked_at INTEGER;
ALTER TABLE cert ADD COLUMN revocation_reason INTEGER
	CHECK (revocation_reason IS NULL OR revocation_reason BETWEEN 0 AND 10 AND revocation_reason <> 7);
ALTER TABLE cert ADD COLUMN invalidity_date INTEGER;
ALTER TABLE cert ADD COLUMN hold_released_at INTEGER;
-- The CRL is built in one pass over this index, in serial order; it covers
-- every column the CRL needs, so the certificates' rows are not read.
CREATE INDEX cert_revoked ON cert (serial, revoked_at, revocation_reason, invalidity_date)
	WHERE revoked_at IS NOT NULL;

-- The CRLs signed, newest last; the CRL number only grows. Only the last
-- few are kept (a CRL of many entries is megabytes).
CREATE TABLE crl (
	number        INTEGER PRIMARY KEY CHECK (number > 0),
	this_update   INTEGER NOT NULL,
	next_update   INTEGER NOT NULL,
	revoked_count INTEGER NOT NULL,
	der           BLOB NOT NULL
);

-- The CRL period and the public URLs put into issued certificates.
ALTER TABLE ca_config ADD COLUMN crl_days INTEGER NOT NULL DEFAULT 7
	CHECK (crl_days BETWEEN 1 AND 366);
ALTER TABLE ca_config ADD COLUMN crl_url TEXT NOT NULL DEFAULT '';
ALTER TABLE ca_config ADD COLUMN ocsp_url TEXT NOT NULL DEFAULT '';
ALTER TABLE ca_config ADD COLUMN ca_issuers_url TEXT NOT NULL DEFAULT '';

-- @version 4
-- Lifecycle and hierarchy (issue 5): the delegated OCSP signing certificate
-- ('ocsp' usage), renewals, expiry notices. SQLite cannot change a CHECK
-- constraint in place, so cert and outbox are rebuilt with every row.
-- cert.renewal_of: the serial the certificate renews (its CSR was a
-- renewal), or NULL; cert.expiry_notice_at: when the expiry notice was
-- queued, or NULL. (No comments inside CREATE TABLE: SQLite's DROP COLUMN
-- rewrites the statement's text and a comment can swallow its end.)
CREATE TABLE cert_v4 (
	serial            INTEGER PRIMARY KEY CHECK (serial > 0),
	csr_id            INTEGER NOT NULL,
	file_root         TEXT NOT NULL,
	subject           TEXT NOT NULL,
	issuer            TEXT NOT NULL,
	sans              TEXT NOT NULL DEFAULT '',
	usage             TEXT NOT NULL CHECK (usage IN ('tls', 'intermediate', 'codesign', 'ocsp')),
	hostname          TEXT NOT NULL DEFAULT '',
	instance          TEXT NOT NULL DEFAULT '',
	contact_name      TEXT NOT NULL DEFAULT '',
	contact_phone     TEXT NOT NULL DEFAULT '',
	contact_email     TEXT NOT NULL DEFAULT '',
	sha1              TEXT NOT NULL,
	sha256            TEXT NOT NULL,
	not_before        INTEGER NOT NULL,
	not_after         INTEGER NOT NULL,
	issued_at         INTEGER NOT NULL,
	der               BLOB NOT NULL,
	revoked_at        INTEGER,
	revocation_reason INTEGER
		CHECK (revocation_reason IS NULL OR revocation_reason BETWEEN 0 AND 10 AND revocation_reason <> 7),
	invalidity_date   INTEGER,
	hold_released_at  INTEGER,
	renewal_of        INTEGER,
	expiry_notice_at  INTEGER
);
INSERT INTO cert_v4 (serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, contact_name, contact_phone, contact_email, sha1, sha256, not_before,
	not_after, issued_at, der, revoked_at, revocation_reason, invalidity_date,
	hold_released_at)
SELECT serial, csr_id, file_root, subject, issuer, sans, usage, hostname,
	instance, contact_name, contact_phone, contact_email, sha1, sha256, not_before,
	not_after, issued_at, der, revoked_at, revocation_reason, invalidity_date,
	hold_released_at FROM cert;
DROP TABLE cert;
ALTER TABLE cert_v4 RENAME TO cert;
CREATE INDEX cert_hostname ON cert (hostname);
CREATE INDEX cert_instance ON cert (instance);
CREATE INDEX cert_file_root ON cert (file_root);
CREATE INDEX cert_not_after ON cert (not_after);
CREATE INDEX cert_revoked ON cert (serial, revoked_at, revocation_reason, invalidity_date)
	WHERE revoked_at IS NOT NULL;

-- A request that renews an issued certificate names its serial.
ALTER TABLE csr ADD COLUMN renewal_of INTEGER;

CREATE TABLE outbox_v4 (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	kind            TEXT NOT NULL CHECK (kind IN ('ca-configured', 'csr-received', 'cert-issued',
	                                              'cert-revoked', 'expiry-notice')),
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
);
INSERT INTO outbox_v4 SELECT id, kind, recipient, subject, body, state, attempts,
	next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Days before notAfter when the technical contact is told (0: never), and
-- the delegated OCSP signing certificate in use (a serial of cert).
ALTER TABLE ca_config ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 30
	CHECK (notice_days BETWEEN 0 AND 366);
ALTER TABLE ca_config ADD COLUMN ocsp_signer_serial INTEGER;
-- The certificates above this CA's own, PEM, nearest first: empty for a
-- root, the issuing chain for an intermediate configured from an existing
-- pair. Issued certificates are delivered with it.
ALTER TABLE ca_config ADD COLUMN chain_pem TEXT NOT NULL DEFAULT '';

-- @version 5
-- The audit trail (issue 6): one row for every state change, appended in
-- the same transaction as the change (or, for a refusal worth recording
-- such as a wrong CA key password, in a transaction of its own). hash is
-- SHA-256 over prev_hash and the row's fields, so `ncpki audit verify`
-- finds an edited or deleted row. Reinitialize does not touch it.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	object    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX audit_action ON audit (action, id);
-- Append-only for everything that goes through SQLite's SQL: a person with
-- the sqlite3 shell can drop these, which the hash chain then shows.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- @version 6
-- Random serial numbers (issue 6; CA/Browser Forum Baseline Requirements
-- 7.1). ca_config.serial_mode 'counter' is the guide's: a certificate's
-- serialNumber is the SRL counter's value. In 'random' mode the counter
-- still numbers the certificates (cert.serial, the row's key, file names,
-- the number users name, the SRL file) and the certificate's own
-- serialNumber is 64 bits from the CSPRNG followed by the counter's 64
-- bits, so it is unique by construction; cert.serial_number holds it in
-- upper-case hexadecimal, and is NULL when it is the counter's value.
ALTER TABLE ca_config ADD COLUMN serial_mode TEXT NOT NULL DEFAULT 'counter'
	CHECK (serial_mode IN ('counter', 'random'));
ALTER TABLE cert ADD COLUMN serial_number TEXT;
CREATE UNIQUE INDEX cert_serial_number ON cert (serial_number)
	WHERE serial_number IS NOT NULL;
DROP INDEX cert_revoked;
CREATE INDEX cert_revoked ON cert (serial, revoked_at, revocation_reason, invalidity_date,
	serial_number) WHERE revoked_at IS NOT NULL;

-- @version 7
-- Console at scale (issue 7): a trigram index over what the "Issued
-- certificates" filter searches, so that a substring of three characters
-- or more finds its rows without reading the table. External content: the
-- index holds only the trigrams; the text stays in cert (rowid = serial).
-- It is kept by the library, in the transaction that writes cert
-- (pki_store_cert_insert, pki_store_reinit), not by triggers: the store
-- runs with PRAGMA trusted_schema = OFF, under which SQLite refuses a
-- trigger that writes a virtual table, and a trigger would then make every
-- INSERT INTO cert fail. Rows appended behind the library's back (sqlite3
-- by hand, the benchmarks' fabricated rows) are indexed by the next search
-- (store/sqlite/search.c). A future version that rebuilds cert must end with
-- INSERT INTO cert_fts(cert_fts) VALUES ('rebuild').
CREATE VIRTUAL TABLE cert_fts USING fts5(subject, sans, hostname, instance, file_root,
	content = 'cert', content_rowid = 'serial', tokenize = 'trigram');
INSERT INTO cert_fts (cert_fts) VALUES ('rebuild');

-- @version 8
-- The keyed audit chain (issue 14). ncpkid and anyone who can write this
-- file can recompute the SHA-256 chain, so the operator seals it: each
-- sealed entry gets HMAC-SHA-256 (key: CA_DIR/audit.key, which only the
-- operator reads) over the previous seal, its id and its hash, appended
-- here in order; CA_DIR/audit.head records the newest seal so that
-- entries cut from the end are seen. Entries up to
-- audit_keyed.legacy_through were written before this version (named
-- "legacy" by verify); key_dir is where the first seal made the key (the
-- CA directory then: reinitializing the CA does not move it).
CREATE TABLE audit_seal (
	id  INTEGER PRIMARY KEY REFERENCES audit (id),
	mac TEXT NOT NULL
);
CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TABLE audit_keyed (legacy_through INTEGER NOT NULL, key_dir TEXT);
INSERT INTO audit_keyed (legacy_through) SELECT COALESCE(MAX(id), 0) FROM audit;

-- @version 9
-- Intake abuse (issue 14). csr.submitter: the address of the client that
-- sent the request to ncpkid ('' for `csr import`), so that the quota of
-- pending requests per address is counted in the transaction that stores
-- the request. csr.notified: 1 once the request is in an administrator's
-- digest (the requests already pending were each notified on their own);
-- ca_config.digest_at: when the last digest was queued.
ALTER TABLE csr ADD COLUMN submitter TEXT NOT NULL DEFAULT '';
ALTER TABLE csr ADD COLUMN notified INTEGER NOT NULL DEFAULT 0;
UPDATE csr SET notified = 1;
CREATE INDEX csr_submitter ON csr (submitter) WHERE submitter <> '';
CREATE INDEX csr_contact_email ON csr (contact_email COLLATE NOCASE)
	WHERE contact_email <> '';
CREATE INDEX csr_contact_name ON csr (contact_name COLLATE NOCASE)
	WHERE contact_name <> '';
CREATE INDEX csr_unnotified ON csr (id) WHERE notified = 0;
ALTER TABLE ca_config ADD COLUMN digest_at INTEGER NOT NULL DEFAULT 0;

-- @version 10
-- Mail (issue 14): STARTTLS is required for every SMTP server but the one
-- host the operator names here ('' for none; loopback is no exemption).
-- The SMTP password moves out of ca_config.smtp_password into the 0600 file
-- DATA/smtp-password (done in code, on the next mail flush).
ALTER TABLE ca_config ADD COLUMN smtp_insecure_host TEXT NOT NULL DEFAULT '';

-- @version 11
-- Certificate listings by technical contact (issue 14): an anonymous
-- caller of ncpkid's GET certs names a criterion; this one is paged in
-- serial order through the index instead of a scan of every certificate.
CREATE INDEX cert_contact_email ON cert (contact_email COLLATE NOCASE);

-- @version 12
-- The issued certificates' table sorts by subject and by usage (issue 16),
-- still a page at a time: each index orders its column, then the serial
-- (the rowid), as the keyset's (column, serial) asks. notAfter's index,
-- cert_not_after, serves already.
CREATE INDEX cert_subject ON cert (subject);
CREATE INDEX cert_usage ON cert (usage);
