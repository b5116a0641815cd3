/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/search.c: issued certificates a page at a time for the PostgreSQL
 * store (as sqlite/search.c): keyset pagination in serial order, a
 * substring filter, and a count that stops at a cap.
 *
 * SQLite's cert_fts (an FTS5 trigram index) becomes pg_trgm's GIN index
 * over the five searched columns joined (data/schema-pg.sql): the joined
 * text ILIKE '%text%' lets the index find the candidates, and each column's
 * own ILIKE keeps SQLite's results (a match never spans two columns). Both
 * match without case, as the trigram tokenizer and SQLite's LIKE do. The
 * index is part of the table: there is nothing to keep in step
 * (search_add is empty). Unlike SQLite's, a read here has no time budget
 * (pages are never "partial").
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The listing's columns: no DER, no contacts. */
#define PAGE_COLUMNS PKI_STORE_PAGE_COLUMNS

/* $1 serial (0: any), $2 hostname, $3 instance, $4 file_root, $5 the
 * LIKE pattern (NULL: any of each); libpq's unnamed statements are planned
 * with the values, so the NULL tests cost nothing. */
#define SEARCH_WHERE \
	" FROM cert c WHERE ($1 = 0 OR c.serial = $1)" \
	" AND ($2::text IS NULL OR c.hostname = $2)" \
	" AND ($3::text IS NULL OR c.instance = $3)" \
	" AND ($4::text IS NULL OR c.file_root = $4)" \
	" AND ($5::text IS NULL OR" \
	"  ((c.subject || ' ' || c.sans || ' ' || c.hostname || ' ' || c.instance || ' '" \
	"    || c.file_root) ILIKE $5" \
	"   AND (c.subject ILIKE $5 OR c.sans ILIKE $5 OR c.hostname ILIKE $5" \
	"        OR c.instance ILIKE $5 OR c.file_root ILIKE $5)))"

/* $6 the key's serial, $7 the limit and, after a row in another order
 * than the serial's, $8 that row's subject, usage or notAfter: the
 * keyset condition and the order (pki_store_order), the subject in byte
 * order as SQLite's (COLLATE "C", as its index). */
static char *
page_sql(const struct pki_store_order *o)
{
	const char *col, *dir = o->sql_desc ? " DESC" : "";
	char cond[128];

	col = o->col == NULL                   ? NULL
	    : strcmp(o->col, "c.subject") == 0 ? "(c.subject COLLATE \"C\")"
	                                       : o->col;
	if (o->cmp != NULL && col != NULL)
		snprintf(cond, sizeof cond, " AND (%s, c.serial) %s ($8%s, $6)", col, o->cmp,
		    o->key_text != NULL ? "::text" : "::bigint");
	else if (o->cmp != NULL)
		snprintf(cond, sizeof cond, " AND c.serial %s $6", o->cmp);
	else
		snprintf(cond, sizeof cond, " AND $6::bigint IS NOT NULL");
	return col != NULL
	    ? pki_strfmt("SELECT " PAGE_COLUMNS SEARCH_WHERE
	                 "%s ORDER BY %s%s, c.serial%s LIMIT $7",
	          cond, col, dir, dir)
	    : pki_strfmt("SELECT " PAGE_COLUMNS SEARCH_WHERE "%s ORDER BY c.serial%s LIMIT $7",
	          cond, dir);
}

static const char sql_count[] = "SELECT count(*) FROM (SELECT 1" SEARCH_WHERE " LIMIT $6) AS m";

int
pg_search_add(pki_store *s, const struct pki_cert_info *c, struct pki_error *err)
{
	return 0;
}

/* `text` as a LIKE pattern: %...% with %, _ and \ escaped by \. Caller frees. */
static char *
like_pattern(const char *text)
{
	size_t n = strlen(text), j = 0;
	char *out = malloc(2 * n + 3);

	if (out == NULL)
		return NULL;
	out[j++] = '%';
	for (; *text != '\0'; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			out[j++] = '\\';
		out[j++] = *text;
	}
	out[j++] = '%';
	out[j] = '\0';
	return out;
}

/* $1..$5 of SEARCH_WHERE; *pattern is the caller's to free. */
static int
filter_params(const struct pki_cert_query *q, struct pg_params *p, char **pattern,
    struct pki_error *err)
{
	const struct pki_cert_filter *f = &q->f;

	*pattern = NULL;
	if (q->text != NULL && *q->text != '\0' && (*pattern = like_pattern(q->text)) == NULL)
		return pki_err_nomem(err);
	pg_p_int(p, (int64_t)f->serial);
	pg_p_opt(p, f->hostname);
	pg_p_opt(p, f->instance);
	pg_p_opt(p, f->file_root);
	pg_p_opt(p, *pattern);
	return 0;
}

int
pg_cert_page_read(pki_store *s, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	struct pki_store_order o;
	struct pki_store_row row;
	char *pattern = NULL, *sql = NULL;
	int r;

	memset(out, 0, sizeof *out);
	pki_store_order(q, &o);
	if ((r = filter_params(q, &p, &pattern, err)) != 0)
		goto out;
	pg_p_int(&p, (int64_t)q->key);
	/* One more than the page: whether more lie beyond. */
	pg_p_int(&p, (int64_t)pki_store_page_limit(q) + 1);
	if (o.cmp != NULL && o.col != NULL) {
		if (o.key_text != NULL)
			pg_p_text(&p, o.key_text);
		else
			pg_p_int(&p, o.key_num);
	}
	if ((sql = page_sql(&o)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pg_rows(s, sql, &p, _("listing certificates"), &row, err)) != 0)
		goto out;
	r = pki_store_page_rows(&row, q, out, err);
	row.ops->done(&row);
	if (r == 0)
		r = pki_store_page_finish(s, q, out, err);
out:
	free(pattern);
	free(sql);
	if (r != 0)
		pki_cert_page_clear(out);
	return r;
}

int
pg_cert_count(pki_store *s, const struct pki_cert_query *q, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	char *pattern = NULL;
	int64_t v = 0;
	int r;

	if ((r = filter_params(q, &p, &pattern, err)) == 0) {
		pg_p_int(&p, (int64_t)cap + 1);
		r = pg_value(s, sql_count, &p, &v, _("counting certificates"), NULL, err);
	}
	free(pattern);
	pki_store_capped(v, cap, n, more);
	return r;
}
