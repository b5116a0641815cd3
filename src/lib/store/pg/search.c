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

/* By seek: $6 the key, $7 the limit. */
static const char *const sql_page[4] = {
	"SELECT " PAGE_COLUMNS SEARCH_WHERE " AND $6::bigint IS NOT NULL"
	" ORDER BY c.serial LIMIT $7",
	"SELECT " PAGE_COLUMNS SEARCH_WHERE " AND c.serial > $6 ORDER BY c.serial LIMIT $7",
	"SELECT " PAGE_COLUMNS SEARCH_WHERE " AND c.serial < $6 ORDER BY c.serial DESC LIMIT $7",
	"SELECT " PAGE_COLUMNS SEARCH_WHERE " AND $6::bigint IS NOT NULL"
	" ORDER BY c.serial DESC LIMIT $7",
};
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
	unsigned seek = q->seek <= PKI_SEEK_LAST ? (unsigned)q->seek : PKI_SEEK_FIRST;
	struct pg_params p = { 0 };
	struct pki_store_row row;
	char *pattern = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = filter_params(q, &p, &pattern, err)) != 0)
		goto out;
	pg_p_int(&p, (int64_t)q->key);
	/* One more than the page: whether more lie beyond. */
	pg_p_int(&p, (int64_t)pki_store_page_limit(q) + 1);
	if ((r = pg_rows(s, sql_page[seek], &p, _("listing certificates"), &row, err)) != 0)
		goto out;
	r = pki_store_page_rows(&row, q, out, err);
	row.ops->done(&row);
	if (r == 0)
		r = pki_store_page_finish(s, q, out, err);
out:
	free(pattern);
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
