/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/sqlite.c: the store on SQLite, HOME/ncpki.db: opening with WAL,
 * foreign keys and a busy timeout, one process at a time; the schema compiled in from
 * data/schema.sql and applied section by section (PRAGMA user_version);
 * transactions, savepoints, the database's errors, statement helpers for
 * the other files of sqlite/, the watch that tells a commit since the
 * last look (for the OCSP responder), and pki_store_sqlite_ops, the table
 * of the implementation's operations.
 */
#include "sqlite_int.h"
#include "schema.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 15000

int
pki_err_db(struct pki_error *err, sqlite3 *db, const char *what)
{
	int rc = db ? sqlite3_errcode(db) : SQLITE_ERROR;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return pki_err_set(err, PKI_ERR_BUSY, NULL,
		    _("The database stayed locked by another ncpki process (%s); try again."),
		    what);
	return pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"), what,
	    db ? sqlite3_errmsg(db) : "?");
}

/* Runs every schema section above the database's version, each in one transaction. */
static int
migrate(pki_store *s, struct pki_error *err)
{
	int have = sqlite_schema_version(s), version, r;
	const char *p = pki_schema_sql;
	char *sql;

	if (have < 0)
		return pki_err_db(err, sqlite_db(s), _("reading the schema version"));

	while ((version = pki_store_schema_next(&p, have, &sql)) > 0) {
		char *pragma = pki_strfmt("PRAGMA user_version = %d", version);
		if (sql == NULL || pragma == NULL) {
			free(sql);
			free(pragma);
			return pki_err_nomem(err);
		}
		if ((r = sqlite_tx_begin(s, true, err)) == 0) {
			/* Another process may have upgraded while this one waited
			 * for the lock (concurrent first runs). */
			int now = sqlite_schema_version(s);

			if (now >= version)
				r = sqlite_tx_commit(s, err);
			else if (now < 0 ||
			    sqlite3_exec(sqlite_db(s), sql, NULL, NULL, NULL) != SQLITE_OK ||
			    sqlite3_exec(sqlite_db(s), pragma, NULL, NULL, NULL) != SQLITE_OK) {
				r = pki_err_db(err, sqlite_db(s),
				    _("upgrading the database schema"));
				sqlite_tx_rollback(s);
			} else
				r = sqlite_tx_commit(s, err);
		}
		free(sql);
		free(pragma);
		if (r != 0)
			return r;
		have = version;
	}
	return 0;
}

/*
 * Opening a database is serialised between processes by an flock on the
 * data directory, held until the schema is checked: SQLite can answer BUSY
 * without its busy handler, and for good, to processes that open a new
 * file and switch it to WAL at the same moment. The wait is bounded like
 * SQLite's own; -1 when it ran out (the caller then reports BUSY).
 */
static int
open_lock(const char *home)
{
	int fd = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	for (int waited = 0; fd >= 0; waited += 10) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(10);
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The database is HOME/ncpki.db, whatever follows "sqlite:" in location. */
int
sqlite_open(const char *home, const char *location, pki_store **out, struct pki_error *err)
{
	struct sqlite_store *ss;
	pki_store *s;
	mode_t old;
	int r, rc, waited, lock = -1;

	*out = NULL;
	if ((ss = calloc(1, sizeof *ss)) == NULL)
		return pki_err_nomem(err);
	s = &ss->base;
	if ((s->db_path = pki_path_join(home, "ncpki.db")) == NULL) {
		r = pki_err_nomem(err);
		goto fail;
	}
	if ((lock = open_lock(home)) < 0) {
		r = pki_err_set(err, PKI_ERR_BUSY, NULL,
		    _("The database stayed locked by another ncpki process (%s); try again."),
		    _("opening the database"));
		goto fail;
	}
	old = umask(077);
	rc = sqlite3_open_v2(s->db_path, &ss->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Cannot open the database \"%s\": %s"),
		    s->db_path, ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(rc));
		goto fail;
	}
	chmod(s->db_path, 0600);
	sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(ss->db, 0);
	/* Switching a new database to WAL takes an exclusive lock, and SQLite
	 * may answer BUSY at once, without its busy handler, while another
	 * process opens the same file: try again within the same bound. */
	for (waited = 0;; waited += 10) {
		rc = sqlite3_exec(ss->db,
		    "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = FULL;"
		    "PRAGMA foreign_keys = ON;"
		    "PRAGMA trusted_schema = OFF;",
		    NULL, NULL, NULL);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(10);
	}
	if (rc != SQLITE_OK) {
		r = pki_err_db(err, ss->db, _("opening the database"));
		goto fail;
	}
	if ((r = migrate(s, err)) != 0 ||
	    (r = pki_store_schema_check(s, sqlite_schema_version(s), pki_schema_sql, err)) != 0)
		goto fail;
	close(lock);
	*out = s;
	return 0;
fail:
	if (lock >= 0)
		close(lock);
	sqlite_close(s);
	return r;
}

void
sqlite_close(pki_store *s)
{
	struct sqlite_store *ss = sqlite_store(s);

	for (size_t i = 0; i < PKI_STMT_CACHE; i++)
		sqlite3_finalize(ss->stmts[i].st);
	if (ss->db != NULL)
		sqlite3_close_v2(ss->db);
	free(s->db_path);
	free(ss);
}

int
sqlite_schema_version(pki_store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(sqlite_db(s), "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ------------------------------------------------------------ transactions */

int
sqlite_tx_begin(pki_store *s, bool write, struct pki_error *err)
{
	/* IMMEDIATE takes the write lock now, so two issuers queue here
	 * instead of failing later on a lock upgrade. */
	if (sqlite3_exec(sqlite_db(s), write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("starting a transaction"));
	return 0;
}

int
sqlite_tx_commit(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int r = pki_err_db(err, sqlite_db(s), _("committing"));
		sqlite_tx_rollback(s);
		return r;
	}
	return 0;
}

void
sqlite_tx_rollback(pki_store *s)
{
	if (!sqlite3_get_autocommit(sqlite_db(s)))
		sqlite3_exec(sqlite_db(s), "ROLLBACK", NULL, NULL, NULL);
}

/* The group's item savepoint; the name is csr_batch.c's, its one user. */
int
sqlite_tx_savepoint(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s), "SAVEPOINT csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("starting a transaction"));
	return 0;
}

int
sqlite_tx_savepoint_undo(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s), "ROLLBACK TO csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("undoing a refused request"));
	return 0;
}

int
sqlite_tx_savepoint_release(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s), "RELEASE csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("committing"));
	return 0;
}

/* ------------------------------------------------------------ change watch */

/*
 * The WAL index's header: the first 48 bytes of SQLite's shared memory
 * (https://www.sqlite.org/walformat.html, 2.1 "The WAL-Index Header"),
 * which every commit rewrites (mxFrame, checksums, salts) before it
 * returns. Reading it through the connection's own mapping (the VFS's
 * xShmMap, as SQLite does, without a lock) tells that nothing was
 * committed since the last look at no more than a memcmp's cost; any
 * difference, torn reads included, sends the check to PRAGMA data_version.
 * NULL when the database is not in WAL mode or its index is not mapped.
 */
#define WAL_HDR_SIZE 48

_Static_assert(sizeof((struct pki_store_watch *)0)->wal_hdr == WAL_HDR_SIZE,
    "the watch holds a WAL index header");

static const volatile unsigned char *
wal_index(pki_store *s, struct pki_store_watch *w)
{
	static const char sql[] = "PRAGMA journal_mode";
	struct pki_error err;
	sqlite3_stmt *st;
	sqlite3_file *f = NULL;
	void volatile *p = NULL;
	bool wal = false;

	if (w->wal_tried)
		return w->wal_index;
	w->wal_tried = true;
	if (pki_stmt(s, sql, &st, &err) != 0)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *mode = sqlite3_column_text(st, 0);

		wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
	}
	pki_stmt_done(s, st);
	if (wal &&
	    sqlite3_file_control(sqlite_db(s), "main", SQLITE_FCNTL_FILE_POINTER, &f) ==
	        SQLITE_OK &&
	    f != NULL && f->pMethods != NULL && f->pMethods->iVersion >= 2 &&
	    f->pMethods->xShmMap != NULL && f->pMethods->xShmMap(f, 0, 32768, 0, &p) == SQLITE_OK)
		w->wal_index = p;
	return w->wal_index;
}

/* Committed by another connection (data_version) or written through this one. */
bool
sqlite_changed(pki_store *s, struct pki_store_watch *w)
{
	static const char sql[] = "PRAGMA data_version";
	struct pki_error err;
	sqlite3_stmt *st;
	int64_t v = 0, own = (int64_t)sqlite3_total_changes64(sqlite_db(s));
	const volatile unsigned char *idx;
	unsigned char hdr[WAL_HDR_SIZE];

	if (w->store_id != s->id) {
		/* Another store's: its mapping is not this connection's. */
		memset(w, 0, sizeof *w);
		w->store_id = s->id;
	}
	if ((idx = w->wal_index) != NULL) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		for (size_t i = 0; i < WAL_HDR_SIZE; i++)
			hdr[i] = idx[i];
		if (memcmp(hdr, w->wal_hdr, WAL_HDR_SIZE) == 0 && own == w->total_changes &&
		    w->data_version != 0)
			return false;
	}
	if (pki_stmt(s, sql, &st, &err) != 0)
		return true;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0) + 1;
	pki_stmt_done(s, st);
	/* The header as it was before this read: a commit since shows next time. */
	if (idx != NULL)
		memcpy(w->wal_hdr, hdr, WAL_HDR_SIZE);
	else if (v != 0 && wal_index(s, w) != NULL)
		v = 0; /* just mapped: the next request takes its first look */
	if (v == 0 || v != w->data_version || own != w->total_changes) {
		w->data_version = v;
		w->total_changes = own;
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------- statements */

int
pki_stmt(pki_store *store, const char *sql, sqlite3_stmt **st, struct pki_error *err)
{
	struct sqlite_store *s = sqlite_store(store);
	size_t i, free_slot = PKI_STMT_CACHE;

	*st = NULL;
	for (i = 0; i < PKI_STMT_CACHE; i++) {
		if (s->stmts[i].sql == sql) {
			*st = s->stmts[i].st;
			return 0;
		}
		if (s->stmts[i].sql == NULL && free_slot == PKI_STMT_CACHE)
			free_slot = i;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return pki_err_db(err, s->db, _("preparing a query"));
	if (free_slot < PKI_STMT_CACHE) {
		s->stmts[free_slot].sql = sql;
		s->stmts[free_slot].st = *st;
	}
	return 0;
}

void
pki_stmt_done(pki_store *store, sqlite3_stmt *st)
{
	struct sqlite_store *s = sqlite_store(store);

	/* Cached statements are reset for their next use; one the cache had
	 * no room for is finalized. */
	for (size_t i = 0; i < PKI_STMT_CACHE; i++)
		if (s->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

void
pki_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

void
pki_bind_int64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

void
pki_bind_blob(sqlite3_stmt *st, const char *name, const void *p, size_t n)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_blob64(st, i, p, n, SQLITE_TRANSIENT);
}

void
sqlite_p_int(struct sqlite_params *p, const char *name, int64_t v)
{
	p->v[p->n].name = name;
	p->v[p->n].kind = SQLITE_P_INT;
	p->v[p->n].i = v;
	p->n++;
}

void
sqlite_p_text(struct sqlite_params *p, const char *name, const char *v)
{
	p->v[p->n].name = name;
	p->v[p->n].kind = SQLITE_P_TEXT;
	p->v[p->n].p = v;
	p->n++;
}

void
sqlite_p_blob(struct sqlite_params *p, const char *name, const void *d, size_t n)
{
	p->v[p->n].name = name;
	p->v[p->n].kind = SQLITE_P_BLOB;
	p->v[p->n].p = d;
	p->v[p->n].len = n;
	p->n++;
}

int
sqlite_query(pki_store *s, const char *sql, const struct sqlite_params *p, sqlite3_stmt **st,
    struct pki_error *err)
{
	int r;

	if ((r = pki_stmt(s, sql, st, err)) != 0)
		return r;
	for (int i = 0; p != NULL && i < p->n; i++) {
		if (p->v[i].kind == SQLITE_P_INT)
			pki_bind_int64(*st, p->v[i].name, p->v[i].i);
		else if (p->v[i].kind == SQLITE_P_TEXT)
			pki_bind_text(*st, p->v[i].name, p->v[i].p);
		else
			pki_bind_blob(*st, p->v[i].name, p->v[i].p, p->v[i].len);
	}
	return 0;
}

int
sqlite_run(pki_store *s, const char *sql, const struct sqlite_params *p, int *changes,
    const char *what, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (changes != NULL)
		*changes = 0;
	if ((r = sqlite_query(s, sql, p, &st, err)) != 0)
		return r;
	if (sqlite3_step(st) != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), what);
	else if (changes != NULL)
		*changes = sqlite3_changes(sqlite_db(s));
	pki_stmt_done(s, st);
	return r;
}

int
sqlite_value(pki_store *s, const char *sql, const struct sqlite_params *p, int64_t *v,
    const char *what, const char *missing, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	*v = 0;
	if ((r = sqlite_query(s, sql, p, &st, err)) != 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), what);
	else if (missing != NULL)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL, "%s", missing);
	pki_stmt_done(s, st);
	return r;
}

int
sqlite_ca_update(pki_store *s, const char *sql, const struct sqlite_params *p, const char *what,
    const char *missing, struct pki_error *err)
{
	int changes, r;

	if ((r = sqlite_run(s, sql, p, &changes, what, err)) == 0 && changes == 0)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL, "%s", missing);
	return r;
}

/* ---------------------------------------------------------------- rows */

static bool
row_next(struct pki_store_row *row)
{
	row->rc = sqlite3_step(row->res);
	return row->rc == SQLITE_ROW;
}

static int
row_status(struct pki_store_row *row, struct pki_error *err)
{
	return row->rc == SQLITE_DONE ? 0 : pki_err_db(err, sqlite_db(row->s), row->what);
}

static void
row_done(struct pki_store_row *row)
{
	pki_stmt_done(row->s, row->res);
}

static bool
row_null(const struct pki_store_row *row, int col)
{
	return sqlite3_column_type(row->res, col) == SQLITE_NULL;
}

static int64_t
row_integer(const struct pki_store_row *row, int col)
{
	return sqlite3_column_int64(row->res, col);
}

static const char *
row_text(const struct pki_store_row *row, int col)
{
	const unsigned char *t = sqlite3_column_text(row->res, col);

	return t != NULL ? (const char *)t : "";
}

static unsigned char *
row_blob(const struct pki_store_row *row, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(row->res, col);
	size_t n = (size_t)sqlite3_column_bytes(row->res, col);
	unsigned char *copy = malloc(n + 1);

	*len = 0;
	if (copy != NULL && n > 0)
		memcpy(copy, p, n);
	if (copy != NULL)
		*len = n;
	return copy;
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

void
sqlite_row(struct pki_store_row *row, pki_store *s, sqlite3_stmt *st, const char *what)
{
	*row = (struct pki_store_row){ .ops = &row_ops, .s = s, .res = st, .what = what };
}

int
sqlite_rows(pki_store *s, const char *sql, const void *params, const char *what,
    struct pki_store_row *row, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r;

	if ((r = sqlite_query(s, sql, params, &st, err)) != 0)
		return r;
	sqlite_row(row, s, st, what);
	return 0;
}

/* ---------------------------------------------------------- the operations */

const struct pki_store_ops pki_store_sqlite_ops = {
	.scheme = "sqlite",
	/* the store itself */
	.open = sqlite_open,
	.close = sqlite_close,
	.schema_version = sqlite_schema_version,
	.changed = sqlite_changed,
	/* transactions */
	.tx_begin = sqlite_tx_begin,
	.tx_commit = sqlite_tx_commit,
	.tx_rollback = sqlite_tx_rollback,
	.tx_savepoint = sqlite_tx_savepoint,
	.tx_savepoint_undo = sqlite_tx_savepoint_undo,
	.tx_savepoint_release = sqlite_tx_savepoint_release,
	/* the CA's configuration */
	.ca_get = sqlite_ca_get,
	.ca_put = sqlite_ca_put,
	.reinit = sqlite_reinit,
	.counts = sqlite_counts,
	.ca_set_serial_mode = sqlite_ca_set_serial_mode,
	.ca_set_cert = sqlite_ca_set_cert,
	.ca_set_notice_days = sqlite_ca_set_notice_days,
	.ca_notice_days = sqlite_ca_notice_days,
	.ca_ocsp_signer = sqlite_ca_ocsp_signer,
	.ca_set_ocsp_signer = sqlite_ca_set_ocsp_signer,
	.ca_ocsp_config = sqlite_ca_ocsp_config,
	.ca_set_crl_days = sqlite_ca_set_crl_days,
	.ca_set_urls = sqlite_ca_set_urls,
	.ca_digest_state = sqlite_ca_digest_state,
	.ca_set_digest_at = sqlite_ca_set_digest_at,
	.ca_clear_smtp_password = sqlite_ca_clear_smtp_password,
	/* certificate signing requests */
	.csr_insert = sqlite_csr_insert,
	.csr_find_sha256 = sqlite_csr_find_sha256,
	.csr_list = sqlite_csr_list,
	.csr_get = sqlite_csr_get,
	.csr_delete = sqlite_csr_delete,
	.csr_ids = sqlite_csr_ids,
	.csr_count = sqlite_csr_count,
	.csr_pending_counts = sqlite_csr_pending_counts,
	.csr_unnotified = sqlite_csr_unnotified,
	.csr_mark_notified = sqlite_csr_mark_notified,
	.csr_set_submitter = sqlite_csr_set_submitter,
	/* issued certificates */
	.cert_insert = sqlite_cert_insert,
	.cert_max_serial = sqlite_cert_max_serial,
	.cert_list = sqlite_cert_list,
	.cert_get = sqlite_cert_get,
	.cert_expiring = sqlite_cert_expiring,
	.cert_expiring_count = sqlite_cert_expiring_count,
	.cert_expiry_due = sqlite_cert_expiry_due,
	.cert_expiry_mark = sqlite_cert_expiry_mark,
	/* search */
	.search_add = sqlite_search_add,
	.cert_page_read = sqlite_cert_page_read,
	.cert_count = sqlite_cert_count,
	/* revocation and CRLs */
	.cert_revocation = sqlite_cert_revocation,
	.cert_set_revoked = sqlite_cert_set_revoked,
	.cert_release_hold = sqlite_cert_release_hold,
	.revoked_each = sqlite_revoked_each,
	.crl_next_number = sqlite_crl_next_number,
	.crl_insert = sqlite_crl_insert,
	.crl_prune = sqlite_crl_prune,
	.crl_latest = sqlite_crl_latest,
	/* OCSP */
	.ocsp_status = sqlite_ocsp_status,
	/* the audit trail */
	.audit_last = sqlite_audit_last,
	.audit_insert = sqlite_audit_insert,
	.audit_each = sqlite_audit_each,
	.audit_page = sqlite_audit_page,
	.audit_seal_insert = sqlite_audit_seal_insert,
	.audit_keyed = sqlite_audit_keyed,
	.audit_key_dir_set = sqlite_audit_key_dir_set,
	/* the mail outbox */
	.outbox_insert = sqlite_outbox_insert,
	.outbox_due = sqlite_outbox_due,
	.outbox_claim = sqlite_outbox_claim,
	.outbox_sent = sqlite_outbox_sent,
	.outbox_failed = sqlite_outbox_failed,
	.outbox_note = sqlite_outbox_note,
	.outbox_list = sqlite_outbox_list,
	.outbox_get = sqlite_outbox_get,
	.outbox_last = sqlite_outbox_last,
	.outbox_retry = sqlite_outbox_retry,
	/* the CA client's configuration */
	.client_get = sqlite_client_get,
	.client_put = sqlite_client_put,
	.client_pin = sqlite_client_pin,
	/* `ncpki check` */
	.integrity = sqlite_integrity,
	.check_certs = sqlite_check_certs,
	.check_crls = sqlite_check_crls,
};
