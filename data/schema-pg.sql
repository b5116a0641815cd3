-- ncpki database schema for PostgreSQL (issue 17): the tables and
-- constraints of data/schema.sql in PostgreSQL's types. Integers are
-- BIGINT (times are Unix seconds as in SQLite), DER is BYTEA.
--
-- Each "-- @version N" section migrates a database at version N-1 to N and
-- runs in one transaction that also sets schema_version.version to N. The
-- first section creates the whole schema at the SQLite schema's version
-- 11, so that both stores report the same version for the same tables;
-- later sections follow data/schema.sql's. Never edit a released
-- section: add a new one.

-- @version 11
CREATE TABLE schema_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO schema_version (id, version) VALUES (1, 0);

-- The change watch (ops->changed, for the OCSP responder): every statement
-- that writes a table the responder reads takes the next value of this
-- sequence, so a reader compares one number. A sequence is not
-- transactional: a rolled-back write also moves it (a needless reload, never
-- a missed one), and writers do not queue on a counter row.
CREATE SEQUENCE change_seq;
CREATE FUNCTION ncpki_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM nextval('change_seq');
	RETURN NULL;
END;
$$;

-- The CA server's configuration: at most one row.
CREATE TABLE ca_config (
	id                 INTEGER PRIMARY KEY CHECK (id = 1),
	root               TEXT NOT NULL,
	dir                TEXT NOT NULL,
	created_new        BIGINT NOT NULL,
	subject            TEXT NOT NULL,
	key_desc           TEXT NOT NULL,
	sha1               TEXT NOT NULL,
	sha256             TEXT NOT NULL,
	cert_der           BYTEA NOT NULL,
	not_before         BIGINT NOT NULL,
	not_after          BIGINT NOT NULL,
	ca_days            BIGINT NOT NULL,
	issue_days         BIGINT NOT NULL CHECK (issue_days > 0),
	smtp_server        TEXT,
	smtp_user          TEXT,
	smtp_password      TEXT,
	admin_email        TEXT,
	configured_at      BIGINT NOT NULL,
	crl_days           BIGINT NOT NULL DEFAULT 7 CHECK (crl_days BETWEEN 1 AND 366),
	crl_url            TEXT NOT NULL DEFAULT '',
	ocsp_url           TEXT NOT NULL DEFAULT '',
	ca_issuers_url     TEXT NOT NULL DEFAULT '',
	notice_days        BIGINT NOT NULL DEFAULT 30 CHECK (notice_days BETWEEN 0 AND 366),
	ocsp_signer_serial BIGINT,
	chain_pem          TEXT NOT NULL DEFAULT '',
	serial_mode        TEXT NOT NULL DEFAULT 'counter'
		CHECK (serial_mode IN ('counter', 'random')),
	digest_at          BIGINT NOT NULL DEFAULT 0,
	smtp_insecure_host TEXT NOT NULL DEFAULT ''
);

-- Pending certificate signing requests.
CREATE TABLE csr (
	id            BIGSERIAL PRIMARY KEY,
	file_root     TEXT NOT NULL,
	subject       TEXT NOT NULL,
	key_desc      TEXT NOT NULL,
	sans          TEXT NOT NULL DEFAULT '',
	sig_alg       TEXT NOT NULL,
	der           BYTEA NOT NULL,
	sha1          TEXT NOT NULL,
	sha256        TEXT NOT NULL UNIQUE,
	contact_name  TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	hostname      TEXT NOT NULL DEFAULT '',
	instance      TEXT NOT NULL DEFAULT '',
	received_at   BIGINT NOT NULL,
	renewal_of    BIGINT,
	submitter     TEXT NOT NULL DEFAULT '',
	notified      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX csr_submitter ON csr (submitter) WHERE submitter <> '';
CREATE INDEX csr_contact_email ON csr (lower(contact_email)) WHERE contact_email <> '';
CREATE INDEX csr_contact_name ON csr (lower(contact_name)) WHERE contact_name <> '';
CREATE INDEX csr_unnotified ON csr (id) WHERE notified = 0;

-- Issued certificates; the serial is the SRL counter's value, the
-- certificate's own serialNumber (random mode) unique by constraint.
CREATE TABLE cert (
	serial            BIGINT PRIMARY KEY CHECK (serial > 0),
	csr_id            BIGINT NOT NULL,
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
	not_before        BIGINT NOT NULL,
	not_after         BIGINT NOT NULL,
	issued_at         BIGINT NOT NULL,
	der               BYTEA NOT NULL,
	revoked_at        BIGINT,
	revocation_reason BIGINT
		CHECK (revocation_reason IS NULL OR revocation_reason BETWEEN 0 AND 10 AND revocation_reason <> 7),
	invalidity_date   BIGINT,
	hold_released_at  BIGINT,
	renewal_of        BIGINT,
	expiry_notice_at  BIGINT,
	serial_number     TEXT UNIQUE
);
CREATE INDEX cert_hostname ON cert (hostname);
CREATE INDEX cert_instance ON cert (instance);
CREATE INDEX cert_file_root ON cert (file_root);
CREATE INDEX cert_not_after ON cert (not_after);
CREATE INDEX cert_revoked ON cert (serial, revoked_at, revocation_reason, invalidity_date,
	serial_number) WHERE revoked_at IS NOT NULL;
CREATE INDEX cert_contact_email ON cert (lower(contact_email));
-- The listing's substring search (SQLite: cert_fts, an FTS5 trigram
-- index): pg_trgm's GIN index answers ILIKE '%text%' over the same
-- columns, case-insensitive like the trigram tokenizer, without a table
-- of its own to keep in step.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cert_search ON cert USING gin (
	(subject || ' ' || sans || ' ' || hostname || ' ' || instance || ' ' || file_root)
	gin_trgm_ops);

-- The CRLs signed, newest last; the CRL number only grows. The next number
-- is max(number) + 1, read by the one writer that holds the write lock
-- (store/pg/pg.c), as on SQLite: a sequence would leave gaps and would not
-- start again at 1 for a reinitialized CA.
CREATE TABLE crl (
	number        BIGINT PRIMARY KEY CHECK (number > 0),
	this_update   BIGINT NOT NULL,
	next_update   BIGINT NOT NULL,
	revoked_count BIGINT NOT NULL,
	der           BYTEA NOT NULL
);

-- The CA client's configuration: at most one row.
CREATE TABLE client_config (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	server_host   TEXT NOT NULL,
	server_port   BIGINT NOT NULL CHECK (server_port BETWEEN 1 AND 65535),
	server_path   TEXT NOT NULL,
	contact_name  TEXT NOT NULL,
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	instance      TEXT NOT NULL,
	dir           TEXT NOT NULL DEFAULT 'client',
	ca_file_root  TEXT NOT NULL DEFAULT '',
	ca_sha256     TEXT NOT NULL DEFAULT '',
	configured_at BIGINT NOT NULL
);

-- Email notices waiting to be sent, sent, or given up on.
CREATE TABLE outbox (
	id              BIGSERIAL PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('ca-configured', 'csr-received', 'cert-issued',
	                                              'cert-revoked', 'expiry-notice')),
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
	attempts        BIGINT NOT NULL DEFAULT 0,
	next_attempt_at BIGINT NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      BIGINT NOT NULL,
	sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The audit trail, append-only (see data/schema.sql, versions 5 and 8).
CREATE TABLE audit (
	id        BIGSERIAL PRIMARY KEY,
	at        BIGINT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	object    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX audit_action ON audit (action, id);
CREATE TABLE audit_seal (
	id  BIGINT PRIMARY KEY REFERENCES audit (id),
	mac TEXT NOT NULL
);
CREATE FUNCTION ncpki_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION ncpki_append_only();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
	FOR EACH ROW EXECUTE FUNCTION ncpki_append_only();
CREATE TABLE audit_keyed (legacy_through BIGINT NOT NULL, key_dir TEXT);
INSERT INTO audit_keyed (legacy_through) VALUES (0);

-- What the OCSP responder reads moves the change watch (change_seq)...
CREATE TRIGGER ca_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ca_config
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER cert_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cert
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER crl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crl
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER csr_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON csr
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
-- and so does every other table: "anything committed", as SQLite's data_version.
CREATE TRIGGER client_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_config
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER outbox_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outbox
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER audit_changed AFTER INSERT ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER audit_seal_changed AFTER INSERT ON audit_seal
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();
CREATE TRIGGER audit_keyed_changed AFTER INSERT OR UPDATE ON audit_keyed
	FOR EACH STATEMENT EXECUTE FUNCTION ncpki_changed();

-- @version 12
-- The issued certificates' table sorts by subject (in byte order, as
-- SQLite), usage and notAfter (issue 16), a page at a time: each index
-- orders its column, then the serial, as the keyset's (column, serial)
-- asks.
CREATE INDEX cert_subject ON cert ((subject COLLATE "C"), serial);
CREATE INDEX cert_usage ON cert (usage, serial);
CREATE INDEX cert_not_after_serial ON cert (not_after, serial);
