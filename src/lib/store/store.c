/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c: the data directory and its SQLite database: opening with WAL,
 * foreign keys and a busy timeout; the schema compiled in from
 * data/schema.sql and applied section by section (PRAGMA user_version);
 * transactions, savepoints, the database's errors, statement helpers for
 * the store_*.c files, and the watch that tells a commit since the last
 * look (for the OCSP responder).
 */
#include "internal.h"
#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BUSY_TIMEOUT_MS 15000
#define VERSION_MARK "-- @version "

static uint64_t last_store_id; /* __atomic */

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
	int have = pki_store_schema_version(s), r;
	const char *p = strstr(pki_schema_sql, VERSION_MARK);

	if (have < 0)
		return pki_err_db(err, s->db, _("reading the schema version"));

	while (p != NULL) {
		int version = atoi(p + strlen(VERSION_MARK));
		const char *body = strchr(p, '\n');
		const char *next = body ? strstr(body, VERSION_MARK) : NULL;
		p = next;
		if (version <= have || body == NULL)
			continue;
		char *sql = next ? strndup(body, (size_t)(next - body)) : strdup(body);
		char *pragma = pki_strfmt("PRAGMA user_version = %d", version);
		if (sql == NULL || pragma == NULL) {
			free(sql);
			free(pragma);
			return pki_err_nomem(err);
		}
		if ((r = pki_tx_begin(s, true, err)) == 0) {
			/* Another process may have upgraded while this one waited
			 * for the lock (concurrent first runs). */
			int now = pki_store_schema_version(s);

			if (now >= version)
				r = pki_tx_commit(s, err);
			else if (now < 0 ||
			    sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
			    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
				r = pki_err_db(err, s->db, _("upgrading the database schema"));
				pki_tx_rollback(s);
			} else
				r = pki_tx_commit(s, err);
		}
		free(sql);
		free(pragma);
		if (r != 0)
			return r;
		have = version;
	}
	return 0;
}

static int
schema_latest(void)
{
	int v = 0;

	for (const char *p = strstr(pki_schema_sql, VERSION_MARK); p;
	     p = strstr(p + 1, VERSION_MARK))
		v = atoi(p + strlen(VERSION_MARK));
	return v;
}

int
pki_open(const char *home, pki_store **out, struct pki_error *err)
{
	pki_store *s;
	mode_t old;
	int r, rc;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return pki_err_nomem(err);
	s->id = __atomic_add_fetch(&last_store_id, 1, __ATOMIC_SEQ_CST);
	if (home != NULL)
		s->home = strdup(home);
	else if ((r = pki_home_default(&s->home, err)) != 0)
		goto fail;
	if (s->home == NULL) {
		r = pki_err_nomem(err);
		goto fail;
	}
	if ((r = pki_mkdir_p(s->home, 0700, err)) != 0 ||
	    (r = pki_dir_check_private(s->home, _("data directory"), err)) != 0)
		goto fail;
	if ((s->db_path = pki_path_join(s->home, "ncpki.db")) == NULL) {
		r = pki_err_nomem(err);
		goto fail;
	}
	old = umask(077);
	rc = sqlite3_open_v2(s->db_path, &s->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Cannot open the database \"%s\": %s"),
		    s->db_path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	chmod(s->db_path, 0600);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 0);
	if (sqlite3_exec(s->db,
	        "PRAGMA journal_mode = WAL;"
	        "PRAGMA synchronous = FULL;"
	        "PRAGMA foreign_keys = ON;"
	        "PRAGMA trusted_schema = OFF;",
	        NULL, NULL, NULL) != SQLITE_OK) {
		r = pki_err_db(err, s->db, _("opening the database"));
		goto fail;
	}
	if ((r = migrate(s, err)) != 0)
		goto fail;
	if (pki_store_schema_version(s) > schema_latest()) {
		r = pki_err_set(err, PKI_ERR_DB, NULL,
		    _("The database \"%s\" was written by a newer ncpki (schema %d; this one knows %d)"),
		    s->db_path, pki_store_schema_version(s), schema_latest());
		goto fail;
	}
	*out = s;
	return 0;
fail:
	pki_close(&s);
	return r;
}

void
pki_close(pki_store **sp)
{
	pki_store *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	for (size_t i = 0; i < PKI_STMT_CACHE; i++)
		sqlite3_finalize(s->stmts[i].st);
	if (s->db != NULL)
		sqlite3_close_v2(s->db);
	free(s->home);
	free(s->db_path);
	free(s);
	*sp = NULL;
}

const char *
pki_store_home(const pki_store *s)
{
	return s->home;
}

const char *
pki_store_db_path(const pki_store *s)
{
	return s->db_path;
}

int
pki_store_schema_version(pki_store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ------------------------------------------------------------ transactions */

int
pki_tx_begin(pki_store *s, bool write, struct pki_error *err)
{
	/* IMMEDIATE takes the write lock now, so two issuers queue here
	 * instead of failing later on a lock upgrade. */
	if (sqlite3_exec(s->db, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, s->db, _("starting a transaction"));
	return 0;
}

int
pki_tx_commit(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int r = pki_err_db(err, s->db, _("committing"));
		pki_tx_rollback(s);
		return r;
	}
	return 0;
}

void
pki_tx_rollback(pki_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The group's item savepoint; the name is csr_batch.c's, its one user. */
int
pki_tx_savepoint(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(s->db, "SAVEPOINT csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, s->db, _("starting a transaction"));
	return 0;
}

int
pki_tx_savepoint_undo(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(s->db, "ROLLBACK TO csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, s->db, _("undoing a refused request"));
	return 0;
}

int
pki_tx_savepoint_release(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(s->db, "RELEASE csr_item", NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, s->db, _("committing"));
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
	    sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) == SQLITE_OK &&
	    f != NULL && f->pMethods != NULL && f->pMethods->iVersion >= 2 &&
	    f->pMethods->xShmMap != NULL && f->pMethods->xShmMap(f, 0, 32768, 0, &p) == SQLITE_OK)
		w->wal_index = p;
	return w->wal_index;
}

/* Committed by another connection (data_version) or written through this one. */
bool
pki_store_changed(pki_store *s, struct pki_store_watch *w)
{
	static const char sql[] = "PRAGMA data_version";
	struct pki_error err;
	sqlite3_stmt *st;
	int64_t v = 0, own = (int64_t)sqlite3_total_changes64(s->db);
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
pki_stmt(pki_store *s, const char *sql, sqlite3_stmt **st, struct pki_error *err)
{
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
pki_stmt_done(pki_store *s, sqlite3_stmt *st)
{
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

char *
pki_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return strdup(t ? (const char *)t : "");
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
