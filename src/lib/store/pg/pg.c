/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/pg.c: the store on PostgreSQL (issue 17), chosen by a location
 * "postgresql://..." (or "postgres://...") that libpq reads as it is,
 * password file (passfile=, ~/.pgpass) included: one connection per
 * store; the schema compiled in from data/schema-pg.sql and applied
 * section by section (schema_version); transactions and savepoints;
 * the database's errors; the query helpers of the other files of pg/;
 * the change watch (a sequence every write moves); and the tables of the
 * implementation's operations.
 *
 * Transactions: a write transaction is READ COMMITTED and first takes one
 * transaction-level advisory lock, so that writers queue as they do on
 * SQLite's BEGIN IMMEDIATE and the serial counter, the CRL number and the
 * CA's configuration are read and written by one writer at a time; a read
 * transaction is REPEATABLE READ, one snapshot like SQLite's. A
 * serialization failure or deadlock (SQLSTATE 40001, 40P01) of a statement
 * outside a transaction is retried up to PG_RETRIES times (pg_exec);
 * inside one it cannot be retried here (the caller's work would be lost)
 * and is PKI_ERR_BUSY, which the caller reports as a lock that stayed.
 */
#include "pg_int.h"
#include "schema_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_RETRIES 5
/* The advisory lock of write transactions and migrations ("ncpk"). */
#define PG_LOCK_KEY "1852010603"
#define PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")"

/* ---------------------------------------------------------------- queries */

void
pg_p_text(struct pg_params *p, const char *v)
{
	p->v[p->n] = v != NULL ? v : "";
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

void
pg_p_int(struct pg_params *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof p->num[p->n], "%lld", (long long)v);
	p->v[p->n] = p->num[p->n];
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

void
pg_p_null(struct pg_params *p)
{
	p->v[p->n] = NULL;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

void
pg_p_opt(struct pg_params *p, const char *v)
{
	if (v != NULL)
		pg_p_text(p, v);
	else
		pg_p_null(p);
}

void
pg_p_blob(struct pg_params *p, const void *d, size_t n)
{
	p->v[p->n] = d != NULL ? d : "";
	p->len[p->n] = (int)n;
	p->fmt[p->n] = 1; /* binary: the bytes as they are */
	p->n++;
}

/* libpq's messages span lines (and end with one): one line for the user. */
static int
pg_one_line(struct pki_error *err, int r)
{
	char *w, *m;
	bool space = false;

	if (err == NULL)
		return r;
	for (w = m = err->msg; *m != '\0'; m++) {
		if (*m == '\n' || *m == '\t' || *m == ' ') {
			space = w != err->msg;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *m;
	}
	*w = '\0';
	return r;
}

static bool
pg_retryable(const char *state)
{
	return strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0;
}

int
pg_exec(pki_store *s, const char *sql, const struct pg_params *p, PGresult **res, const char *what,
    struct pki_error *err)
{
	struct pg_store *ps = pg_store(s);
	PGresult *pr = NULL;
	const char *state;
	ExecStatusType st;
	bool in_tx;
	int r;

	if (res != NULL)
		*res = NULL;
	ps->sqlstate[0] = '\0';
	/*
	 * A connection lost earlier is made again, but never inside the
	 * caller's transaction: its first statements went with the old
	 * connection, and the rest must not be committed on their own. It
	 * fails until the caller rolls back, then the next statement
	 * reconnects (the server back: work resumes by itself).
	 */
	if (PQstatus(ps->conn) != CONNECTION_OK && !ps->in_tx)
		PQreset(ps->conn);
	if (PQstatus(ps->conn) != CONNECTION_OK)
		return pg_one_line(err,
		    pki_err_set(err, PKI_ERR_DB, NULL,
		        _("The connection to the database %s was lost while %s: %s"), s->db_path,
		        what, PQerrorMessage(ps->conn)));
	in_tx = PQtransactionStatus(ps->conn) != PQTRANS_IDLE;
	for (int attempt = 0;; attempt++) {
		pr = PQexecParams(ps->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
		    p ? p->len : NULL, p ? p->fmt : NULL, 0);
		st = PQresultStatus(pr);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			if (res != NULL)
				*res = pr;
			else
				PQclear(pr);
			return 0;
		}
		state = pr ? PQresultErrorField(pr, PG_DIAG_SQLSTATE) : NULL;
		snprintf(ps->sqlstate, sizeof ps->sqlstate, "%s", state ? state : "");
		if (in_tx || !pg_retryable(ps->sqlstate) || attempt + 1 >= PG_RETRIES)
			break;
		PQclear(pr);
		/* 10, 20, 40, 80 ms: the other transaction ends meanwhile. */
		nanosleep(&(struct timespec){ 0, 10000000L << attempt }, NULL);
	}
	if (PQstatus(ps->conn) != CONNECTION_OK)
		r = pki_err_set(err, PKI_ERR_DB, NULL,
		    _("The connection to the database %s was lost while %s: %s"), s->db_path, what,
		    PQerrorMessage(ps->conn));
	else if (pg_retryable(ps->sqlstate))
		r = pki_err_set(err, PKI_ERR_BUSY, NULL,
		    _("Another ncpki process wrote the same rows at the same time (%s); try again."),
		    what);
	else
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"), what,
		    pr ? PQresultErrorMessage(pr) : PQerrorMessage(ps->conn));
	PQclear(pr);
	return pg_one_line(err, r);
}

long
pg_changes(const PGresult *res)
{
	const char *t = PQcmdTuples((PGresult *)res);

	return t != NULL && *t ? strtol(t, NULL, 10) : 0;
}

int64_t
pg_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return (int64_t)strtoll(PQgetvalue(res, row, col), NULL, 10);
}

unsigned char *
pg_blob(const PGresult *res, int row, int col, size_t *len)
{
	unsigned char *raw, *copy;
	size_t n = 0;

	*len = 0;
	raw = PQunescapeBytea((const unsigned char *)PQgetvalue(res, row, col), &n);
	if (raw == NULL)
		return NULL;
	if ((copy = malloc(n + 1)) != NULL) {
		memcpy(copy, raw, n);
		*len = n;
	}
	PQfreemem(raw);
	return copy;
}

/* The first column of the first row of sql, or 0 without a row. */
int
pg_value(pki_store *s, const char *sql, const struct pg_params *p, int64_t *v, const char *what,
    const char *missing, struct pki_error *err)
{
	PGresult *res;
	int r;

	*v = 0;
	if ((r = pg_exec(s, sql, p, &res, what, err)) != 0)
		return r;
	if (PQntuples(res) > 0)
		*v = pg_int(res, 0, 0);
	else if (missing != NULL)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL, "%s", missing);
	PQclear(res);
	return r;
}

int
pg_ca_update(pki_store *s, const char *sql, const struct pg_params *p, const char *what,
    const char *missing, struct pki_error *err)
{
	PGresult *res;
	int r;

	if ((r = pg_exec(s, sql, p, &res, what, err)) != 0)
		return r;
	if (pg_changes(res) == 0)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL, "%s", missing);
	PQclear(res);
	return r;
}

/* ------------------------------------------------------------------ rows */

static bool
row_next(struct pki_store_row *row)
{
	return ++row->i < PQntuples(row->res);
}

static int
row_status(struct pki_store_row *row, struct pki_error *err)
{
	return 0; /* the rows came whole, or pg_exec said why not */
}

static void
row_done(struct pki_store_row *row)
{
	PQclear(row->res);
}

static bool
row_null(const struct pki_store_row *row, int col)
{
	return PQgetisnull(row->res, row->i, col);
}

static int64_t
row_integer(const struct pki_store_row *row, int col)
{
	return pg_int(row->res, row->i, col);
}

static const char *
row_text(const struct pki_store_row *row, int col)
{
	return PQgetvalue(row->res, row->i, col);
}

static unsigned char *
row_blob(const struct pki_store_row *row, int col, size_t *len)
{
	return pg_blob(row->res, row->i, col, len);
}

static const struct pki_store_row_ops row_ops = {
	.next = row_next,
	.status = row_status,
	.done = row_done,
	.null = row_null,
	.integer = row_integer,
	.text = row_text,
	.blob = row_blob,
};

int
pg_rows(pki_store *s, const char *sql, const void *params, const char *what,
    struct pki_store_row *row, struct pki_error *err)
{
	PGresult *res;
	int r;

	if ((r = pg_exec(s, sql, params, &res, what, err)) != 0)
		return r;
	*row = (struct pki_store_row){ .ops = &row_ops, .s = s, .res = res, .i = -1, .what = what };
	return 0;
}

/* ------------------------------------------------------------------ schema */

int
pg_schema_version(pki_store *s)
{
	struct pki_error err;
	PGresult *res;
	int v = -1;

	if (pg_exec(s, "SELECT to_regclass('schema_version') IS NOT NULL", NULL, &res,
	        "reading the schema version", &err) != 0)
		return -1;
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "f") == 0)
		v = 0;
	PQclear(res);
	if (v == 0)
		return 0;
	if (pg_exec(s, "SELECT version FROM schema_version WHERE id = 1", NULL, &res,
	        "reading the schema version", &err) != 0)
		return -1;
	if (PQntuples(res) == 1)
		v = (int)pg_int(res, 0, 0);
	PQclear(res);
	return v;
}

/* Runs one schema section (a constant: no values in it) and records its version. */
static int
migrate_section(pki_store *s, const char *sql, int version, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	if ((r = pg_tx_begin(s, true, err)) != 0)
		return r;
	/* Another process may have upgraded while this one waited for the lock. */
	if (pg_schema_version(s) >= version)
		return pg_tx_commit(s, err);
	res = PQexec(pg_store(s)->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"),
		    _("upgrading the database schema"), PQresultErrorMessage(res));
		PQclear(res);
		pg_tx_rollback(s);
		return r;
	}
	PQclear(res);
	pg_p_int(&p, version);
	if ((r = pg_exec(s, "UPDATE schema_version SET version = $1 WHERE id = 1", &p, NULL,
	         _("upgrading the database schema"), err)) != 0) {
		pg_tx_rollback(s);
		return r;
	}
	return pg_tx_commit(s, err);
}

/*
 * Runs every schema section above the database's version, each in one
 * transaction. Concurrent first opens queue on the write lock, taken for
 * the session before the transactions begin: a transaction that began
 * before another's DDL committed and then waited on an advisory lock
 * would still see its old catalog (a table "not there" that is).
 */
static int
migrate(pki_store *s, struct pki_error *err)
{
	int have = pg_schema_version(s), version, r = 0;
	const char *p = pki_schema_pg_sql;
	struct pki_error ignored;
	bool locked = false;
	char *sql;

	if (have < 0)
		return pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"),
		    _("reading the schema version"), PQerrorMessage(pg_store(s)->conn));
	while (r == 0 && (version = pki_store_schema_next(&p, have, &sql)) > 0) {
		if (!locked) {
			if ((r = pg_exec(s, "SELECT pg_advisory_lock(" PG_LOCK_KEY ")", NULL, NULL,
			         _("upgrading the database schema"), err)) != 0) {
				free(sql);
				break;
			}
			locked = true;
		}
		if (sql == NULL) {
			r = pki_err_nomem(err);
			break;
		}
		r = migrate_section(s, sql, version, err);
		free(sql);
		have = version;
	}
	if (locked)
		pg_exec(s, "SELECT pg_advisory_unlock(" PG_LOCK_KEY ")", NULL, NULL,
		    "upgrading the database schema", &ignored);
	return r;
}

/* ---------------------------------------------------------------- the store */

/* The library never prints: the server's notices are dropped. */
static void
pg_notice(void *arg, const char *message)
{
}

/* The database's name for messages: never the password, never the whole conninfo. */
static char *
pg_where(const char *location)
{
	PQconninfoOption *opts = PQconninfoParse(location, NULL);
	const char *db = "", *host = "", *user = "";
	char *w;

	if (opts == NULL)
		return strdup("postgresql");
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
		else if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "user") == 0)
			user = o->val;
	}
	w = pki_strfmt("postgresql://%s%s%s/%s", user, *user ? "@" : "", *host == '/' ? "" : host,
	    db);
	if (w != NULL && *host == '/') {
		char *t = pki_strfmt("%s?host=%s", w, host);
		free(w);
		w = t;
	}
	PQconninfoFree(opts);
	return w;
}

int
pg_open(const char *home, const char *location, pki_store **out, struct pki_error *err)
{
	struct pg_store *ps;
	pki_store *s;
	int r;

	*out = NULL;
	if ((ps = calloc(1, sizeof *ps)) == NULL)
		return pki_err_nomem(err);
	s = &ps->base;
	if ((s->db_path = pg_where(location)) == NULL) {
		r = pki_err_nomem(err);
		goto fail;
	}
	ps->conn = PQconnectdb(location);
	if (ps->conn == NULL) {
		r = pki_err_nomem(err);
		goto fail;
	}
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		r = pg_one_line(err,
		    pki_err_set(err, PKI_ERR_DB, NULL, _("Cannot open the database \"%s\": %s"),
		        s->db_path, PQerrorMessage(ps->conn)));
		goto fail;
	}
	PQsetNoticeProcessor(ps->conn, pg_notice, NULL);
	if ((r = pg_exec(s, "SET client_min_messages = warning", NULL, NULL,
	         _("opening the database"), err)) != 0 ||
	    (r = migrate(s, err)) != 0 ||
	    (r = pki_store_schema_check(s, pg_schema_version(s), pki_schema_pg_sql, err)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	pg_close(s);
	return r;
}

void
pg_close(pki_store *s)
{
	struct pg_store *ps = pg_store(s);

	if (ps->conn != NULL)
		PQfinish(ps->conn);
	free(s->db_path);
	free(ps);
}

/* ------------------------------------------------------------ transactions */

int
pg_tx_begin(pki_store *s, bool write, struct pki_error *err)
{
	int r;

	if ((r = pg_exec(s,
	         write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
	               : "BEGIN ISOLATION LEVEL REPEATABLE READ",
	         NULL, NULL, _("starting a transaction"), err)) != 0)
		return r;
	pg_store(s)->in_tx = true;
	if (write &&
	    (r = pg_exec(s, PG_WRITE_LOCK, NULL, NULL, _("starting a transaction"), err)) != 0)
		pg_tx_rollback(s);
	return r;
}

int
pg_tx_commit(pki_store *s, struct pki_error *err)
{
	PGresult *res;
	int r;

	if ((r = pg_exec(s, "COMMIT", NULL, &res, _("committing"), err)) != 0) {
		pg_tx_rollback(s);
		return r;
	}
	pg_store(s)->in_tx = false;
	/* A transaction that failed ends in ROLLBACK, said in the command tag. */
	if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"),
		    _("committing"), _("the transaction was rolled back after an error"));
	PQclear(res);
	return r;
}

void
pg_tx_rollback(pki_store *s)
{
	struct pg_store *ps = pg_store(s);
	struct pki_error err;

	if (PQstatus(ps->conn) == CONNECTION_OK && PQtransactionStatus(ps->conn) != PQTRANS_IDLE)
		pg_exec(s, "ROLLBACK", NULL, NULL, "rolling back", &err);
	ps->in_tx = false; /* a lost connection took the transaction with it */
}

/* The group's item savepoint; the name is csr_batch.c's, its one user. */
int
pg_tx_savepoint(pki_store *s, struct pki_error *err)
{
	return pg_exec(s, "SAVEPOINT csr_item", NULL, NULL, _("starting a transaction"), err);
}

int
pg_tx_savepoint_undo(pki_store *s, struct pki_error *err)
{
	return pg_exec(s, "ROLLBACK TO SAVEPOINT csr_item", NULL, NULL,
	    _("undoing a refused request"), err);
}

int
pg_tx_savepoint_release(pki_store *s, struct pki_error *err)
{
	return pg_exec(s, "RELEASE SAVEPOINT csr_item", NULL, NULL, _("committing"), err);
}

/* ------------------------------------------------------------ change watch */

/*
 * Every statement that writes ca_config, cert, crl or csr moves change_seq
 * (a statement trigger, data/schema-pg.sql), whoever's connection it came
 * through; one look is one round trip reading the sequence's last value
 * (no lock, no table read). The value is kept plus one, so that 0 stays
 * "never looked".
 */
bool
pg_changed(pki_store *s, struct pki_store_watch *w)
{
	struct pki_error err;
	PGresult *res;
	int64_t v = 0;

	if (w->store_id != s->id) {
		memset(w, 0, sizeof *w);
		w->store_id = s->id;
	}
	if (pg_exec(s, "SELECT last_value, is_called FROM change_seq", NULL, &res,
	        "watching for changes", &err) != 0)
		return true;
	if (PQntuples(res) == 1)
		v = pg_int(res, 0, 0) * 2 + (strcmp(PQgetvalue(res, 0, 1), "t") == 0) + 1;
	PQclear(res);
	if (v == 0 || v != w->data_version) {
		w->data_version = v;
		return true;
	}
	return false;
}

/* ---------------------------------------------------------- the operations */

#define PG_OPS(name) \
	{ \
		.scheme = name, .open = pg_open, .close = pg_close, \
		.schema_version = pg_schema_version, .changed = pg_changed, \
		.tx_begin = pg_tx_begin, .tx_commit = pg_tx_commit, .tx_rollback = pg_tx_rollback, \
		.tx_savepoint = pg_tx_savepoint, .tx_savepoint_undo = pg_tx_savepoint_undo, \
		.tx_savepoint_release = pg_tx_savepoint_release, .ca_get = pg_ca_get, \
		.ca_put = pg_ca_put, .reinit = pg_reinit, .counts = pg_counts, \
		.ca_set_serial_mode = pg_ca_set_serial_mode, .ca_set_cert = pg_ca_set_cert, \
		.ca_set_notice_days = pg_ca_set_notice_days, .ca_notice_days = pg_ca_notice_days, \
		.ca_ocsp_signer = pg_ca_ocsp_signer, .ca_set_ocsp_signer = pg_ca_set_ocsp_signer, \
		.ca_ocsp_config = pg_ca_ocsp_config, .ca_set_crl_days = pg_ca_set_crl_days, \
		.ca_set_urls = pg_ca_set_urls, .ca_digest_state = pg_ca_digest_state, \
		.ca_set_digest_at = pg_ca_set_digest_at, \
		.ca_clear_smtp_password = pg_ca_clear_smtp_password, .csr_insert = pg_csr_insert, \
		.csr_find_sha256 = pg_csr_find_sha256, .csr_list = pg_csr_list, \
		.csr_get = pg_csr_get, .csr_delete = pg_csr_delete, .csr_ids = pg_csr_ids, \
		.csr_count = pg_csr_count, .csr_pending_counts = pg_csr_pending_counts, \
		.csr_unnotified = pg_csr_unnotified, .csr_mark_notified = pg_csr_mark_notified, \
		.csr_set_submitter = pg_csr_set_submitter, .cert_insert = pg_cert_insert, \
		.cert_max_serial = pg_cert_max_serial, .cert_list = pg_cert_list, \
		.cert_get = pg_cert_get, .cert_expiring = pg_cert_expiring, \
		.cert_expiring_count = pg_cert_expiring_count, \
		.cert_expiry_due = pg_cert_expiry_due, .cert_expiry_mark = pg_cert_expiry_mark, \
		.search_add = pg_search_add, .cert_page_read = pg_cert_page_read, \
		.cert_count = pg_cert_count, .cert_revocation = pg_cert_revocation, \
		.cert_set_revoked = pg_cert_set_revoked, \
		.cert_release_hold = pg_cert_release_hold, .revoked_each = pg_revoked_each, \
		.crl_next_number = pg_crl_next_number, .crl_insert = pg_crl_insert, \
		.crl_prune = pg_crl_prune, .crl_latest = pg_crl_latest, \
		.ocsp_status = pg_ocsp_status, .audit_last = pg_audit_last, \
		.audit_insert = pg_audit_insert, .audit_each = pg_audit_each, \
		.audit_page = pg_audit_page, .audit_seal_insert = pg_audit_seal_insert, \
		.audit_keyed = pg_audit_keyed, .audit_key_dir_set = pg_audit_key_dir_set, \
		.outbox_insert = pg_outbox_insert, .outbox_due = pg_outbox_due, \
		.outbox_claim = pg_outbox_claim, .outbox_sent = pg_outbox_sent, \
		.outbox_failed = pg_outbox_failed, .outbox_note = pg_outbox_note, \
		.outbox_list = pg_outbox_list, .outbox_get = pg_outbox_get, \
		.outbox_last = pg_outbox_last, .outbox_retry = pg_outbox_retry, \
		.client_get = pg_client_get, .client_put = pg_client_put, \
		.client_pin = pg_client_pin, .integrity = pg_integrity, \
		.check_certs = pg_check_certs, .check_crls = pg_check_crls, \
	}

const struct pki_store_ops pki_store_pg_ops = PG_OPS("postgresql");
const struct pki_store_ops pki_store_postgres_ops = PG_OPS("postgres");
