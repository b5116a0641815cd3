/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/search.c: issued certificates a page at a time, for a
 * table that pages through keys instead of loading every row: keyset
 * pagination in serial order, a substring filter through the trigram index
 * cert_fts (schema version 7) for three characters or more and a bounded
 * scan for one or two, and a count that stops at a cap. Also keeps
 * cert_fts in step with cert.
 *
 * The SQL is assembled from the string constants below, only those the
 * query needs, so that SQLite plans each shape with its index (an
 * "(:x IS NULL OR col = :x)" form would defeat them); values are always
 * bound, never formatted in.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SQL_MAX 1024
#define COUNT_MS 30

/* ----------------------------------------------------------- the index */

static const char sql_fts_insert[] =
    "INSERT INTO cert_fts (rowid, subject, sans, hostname, instance, file_root)"
    " VALUES (:serial, :subject, :sans, :hostname, :instance, :file_root)";

int
sqlite_search_add(pki_store *s, const struct pki_cert_info *c, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", (int64_t)c->serial);
	sqlite_p_text(&p, ":subject", c->subject);
	sqlite_p_text(&p, ":sans", c->sans);
	sqlite_p_text(&p, ":hostname", c->hostname);
	sqlite_p_text(&p, ":instance", c->instance);
	sqlite_p_text(&p, ":file_root", c->file_root);
	return sqlite_run(s, sql_fts_insert, &p, NULL, _("indexing the certificate for search"),
	    err);
}

/* The highest serial indexed, and the highest stored. */
static const char sql_fts_behind[] = "SELECT (SELECT coalesce(max(id), 0) FROM cert_fts_docsize),"
                                     " (SELECT coalesce(max(serial), 0) FROM cert)";
static const char sql_fts_catch_up[] =
    "INSERT INTO cert_fts (rowid, subject, sans, hostname, instance, file_root)"
    " SELECT serial, subject, sans, hostname, instance, file_root FROM cert"
    " WHERE serial > :indexed ORDER BY serial";

/*
 * Rows appended to cert without the library (sqlite3 by hand, fabricated
 * benchmark rows) are not in the index yet: index them now, in a
 * transaction of their own. Two index look-ups when there is nothing to do.
 */
static int
catch_up(pki_store *s, struct pki_error *err)
{
	struct sqlite_params p = { 0 };
	sqlite3_stmt *st;
	int64_t indexed = 0, stored = 0;
	int r;

	if ((r = pki_stmt(s, sql_fts_behind, &st, err)) != 0)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW) {
		indexed = sqlite3_column_int64(st, 0);
		stored = sqlite3_column_int64(st, 1);
	} else {
		r = pki_err_db(err, sqlite_db(s), _("reading the search index"));
	}
	pki_stmt_done(s, st);
	if (r != 0 || indexed >= stored || !sqlite3_get_autocommit(sqlite_db(s)))
		return r;
	if ((r = sqlite_tx_begin(s, true, err)) != 0)
		return r;
	sqlite_p_int(&p, ":indexed", indexed);
	if ((r = sqlite_run(s, sql_fts_catch_up, &p, NULL, _("indexing certificates for search"),
	         err)) != 0) {
		sqlite_tx_rollback(s);
		return r;
	}
	return sqlite_tx_commit(s, err);
}

/* ----------------------------------------------------------- the query */

/* The listing's columns: no DER, no contacts. */
#define PAGE_COLUMNS PKI_STORE_PAGE_COLUMNS

static const char sql_select[] = "SELECT " PAGE_COLUMNS;
static const char sql_count[] = "SELECT 1";
static const char sql_from[] = " FROM cert c WHERE 1";
/* The index drives: its rowid order is the page's order. */
static const char sql_from_fts[] = " FROM cert_fts CROSS JOIN cert c ON c.serial = cert_fts.rowid"
                                   " WHERE cert_fts MATCH :match";
/* Counting a text alone needs only the index. */
static const char sql_from_fts_only[] = " FROM cert_fts WHERE cert_fts MATCH :match";
static const char sql_serial[] = " AND c.serial = :serial";
static const char sql_hostname[] = " AND c.hostname = :hostname";
static const char sql_instance[] = " AND c.instance = :instance";
static const char sql_file_root[] = " AND c.file_root = :file_root";
static const char sql_like[] =
    " AND (c.subject LIKE :like ESCAPE '\\' OR c.sans LIKE :like ESCAPE '\\'"
    " OR c.hostname LIKE :like ESCAPE '\\' OR c.instance LIKE :like ESCAPE '\\'"
    " OR c.file_root LIKE :like ESCAPE '\\')";
static const char sql_count_end[] = " LIMIT :limit";

enum text_kind { TEXT_NONE, TEXT_SHORT, TEXT_INDEXED };

/* Characters, not bytes: the trigram tokenizer counts code points. */
static enum text_kind
text_kind(const char *t)
{
	size_t chars = 0;

	if (t == NULL)
		return TEXT_NONE;
	for (; *t != '\0' && chars < 3; t++)
		if (((unsigned char)*t & 0xc0) != 0x80)
			chars++;
	return chars == 0 ? TEXT_NONE : chars < 3 ? TEXT_SHORT : TEXT_INDEXED;
}

/* `text` as an FTS5 phrase ("..." with " doubled) or a LIKE pattern
 * (%...% with %, _ and \ escaped by \). Caller frees. */
static char *
quoted(const char *text, bool like)
{
	size_t n = strlen(text), j = 0;
	char *out = malloc(2 * n + 3);

	if (out == NULL)
		return NULL;
	out[j++] = like ? '%' : '"';
	for (; *text != '\0'; text++) {
		if (!like && *text == '"')
			out[j++] = '"';
		else if (like && (*text == '%' || *text == '_' || *text == '\\'))
			out[j++] = '\\';
		out[j++] = *text;
	}
	out[j++] = like ? '%' : '"';
	out[j] = '\0';
	return out;
}

static void
add(char *sql, const char *part)
{
	size_t used = strlen(sql);

	/* Every shape fits: the longest is about 700 bytes. */
	if (used + strlen(part) < SQL_MAX)
		memcpy(sql + used, part, strlen(part) + 1);
}

/*
 * Prepares the query's shape: the rows of a page (or, with `count`, how
 * many match), the filter, the keyset condition of `seek`. The caller
 * binds :key and :limit and finalizes.
 */
static int
prepare(pki_store *s, const struct pki_cert_query *q, bool count, sqlite3_stmt **st,
    struct pki_error *err)
{
	enum text_kind kind = text_kind(q->text);
	const struct pki_cert_filter *f = &q->f;
	bool fts = kind == TEXT_INDEXED;
	struct pki_store_order o;
	char sql[SQL_MAX], part[160], *pattern = NULL;
	const char *serial;

	*st = NULL;
	sql[0] = '\0';
	add(sql, count ? sql_count : sql_select);
	if (fts && count && f->serial == 0 && !f->hostname && !f->instance && !f->file_root)
		add(sql, sql_from_fts_only);
	else
		add(sql, fts ? sql_from_fts : sql_from);
	if (f->serial != 0)
		add(sql, sql_serial);
	if (f->hostname != NULL)
		add(sql, sql_hostname);
	if (f->instance != NULL)
		add(sql, sql_instance);
	if (f->file_root != NULL)
		add(sql, sql_file_root);
	if (kind == TEXT_SHORT)
		add(sql, sql_like);
	pki_store_order(q, &o);
	/* In serial order the index drives: its rowid order is the page's. */
	serial = fts && o.col == NULL ? "cert_fts.rowid" : "c.serial";
	if (count) {
		add(sql, sql_count_end);
	} else {
		if (o.cmp != NULL && o.col != NULL)
			snprintf(part, sizeof part, " AND (%s, c.serial) %s (%s, :key)", o.col,
			    o.cmp, o.key_text != NULL ? ":ktext" : ":knum");
		else if (o.cmp != NULL)
			snprintf(part, sizeof part, " AND %s %s :key", serial, o.cmp);
		else
			part[0] = '\0';
		add(sql, part);
		if (o.col != NULL)
			snprintf(part, sizeof part, " ORDER BY %s%s, c.serial%s LIMIT :limit",
			    o.col, o.sql_desc ? " DESC" : "", o.sql_desc ? " DESC" : "");
		else
			snprintf(part, sizeof part, " ORDER BY %s%s LIMIT :limit", serial,
			    o.sql_desc ? " DESC" : "");
		add(sql, part);
	}
	if (kind != TEXT_NONE && (pattern = quoted(q->text, kind == TEXT_SHORT)) == NULL)
		return pki_err_nomem(err);
	if (sqlite3_prepare_v2(sqlite_db(s), sql, -1, st, NULL) != SQLITE_OK) {
		free(pattern);
		return pki_err_db(err, sqlite_db(s), _("preparing a query"));
	}
	pki_bind_int64(*st, ":serial", (int64_t)f->serial);
	if (f->hostname != NULL)
		pki_bind_text(*st, ":hostname", f->hostname);
	if (f->instance != NULL)
		pki_bind_text(*st, ":instance", f->instance);
	if (f->file_root != NULL)
		pki_bind_text(*st, ":file_root", f->file_root);
	if (pattern != NULL)
		pki_bind_text(*st, kind == TEXT_SHORT ? ":like" : ":match", pattern);
	if (o.key_text != NULL)
		pki_bind_text(*st, ":ktext", o.key_text);
	pki_bind_int64(*st, ":knum", o.key_num);
	free(pattern);
	return 0;
}

/*
 * Every read gives up after its time (between two steps of SQLite's
 * machine; one step of the trigram index is not cut): a short text's scan
 * of the table, a count through many matches.
 */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
past_deadline(void *deadline)
{
	return now_ms() > *(int64_t *)deadline;
}

static void
budget_start(pki_store *s, int ms, int64_t *deadline)
{
	*deadline = now_ms() + ms;
	sqlite3_progress_handler(sqlite_db(s), 10000, past_deadline, deadline);
}

static void
budget_end(pki_store *s)
{
	sqlite3_progress_handler(sqlite_db(s), 0, NULL, NULL);
}

int
sqlite_cert_page_read(pki_store *store, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	struct pki_store_row row;
	sqlite3_stmt *st = NULL;
	int64_t deadline = 0;
	int r;

	memset(out, 0, sizeof *out);
	if (text_kind(q->text) == TEXT_INDEXED && (r = catch_up(store, err)) != 0)
		return r;
	if ((r = prepare(store, q, false, &st, err)) != 0)
		goto out;
	pki_bind_int64(st, ":key", (int64_t)q->key);
	/* One more than the page: whether more lie beyond. */
	pki_bind_int64(st, ":limit", (int64_t)pki_store_page_limit(q) + 1);
	sqlite_row(&row, store, st, _("listing certificates"));
	budget_start(store, PKI_CERT_SCAN_MS, &deadline);
	r = pki_store_page_rows(&row, q, out, err);
	budget_end(store);
	if (r == 0 && row.rc == SQLITE_INTERRUPT) {
		out->partial = true;
		out->more = true;
	} else if (r == 0 && row.rc != SQLITE_ROW)
		r = row.ops->status(&row, err);
	if (r == 0)
		r = pki_store_page_finish(store, q, out, err);
out:
	sqlite3_finalize(st);
	if (r != 0)
		pki_cert_page_clear(out);
	return r;
}

int
sqlite_cert_count(pki_store *store, const struct pki_cert_query *q, size_t cap, size_t *n,
    bool *more, struct pki_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t deadline = 0;
	int r, rc;

	*n = 0;
	*more = false;
	if (text_kind(q->text) == TEXT_INDEXED && (r = catch_up(store, err)) != 0)
		return r;
	if ((r = prepare(store, q, true, &st, err)) != 0)
		return r;
	pki_bind_int64(st, ":limit", (int64_t)cap + 1);
	/* Counted here rather than by count(*), whose sum a stop would lose. */
	budget_start(store, q->count_ms > 0 ? q->count_ms : COUNT_MS, &deadline);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap)
		(*n)++;
	budget_end(store);
	if (rc == SQLITE_ROW || rc == SQLITE_INTERRUPT)
		*more = true; /* beyond the cap, or "at least" when stopped */
	else if (rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(store), _("counting certificates"));
	sqlite3_finalize(st);
	return r;
}
