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

#define PAGE_DEFAULT 50

/* The listing's columns: no DER, no contacts. */
#define PAGE_COLUMNS \
	"c.serial, c.file_root, c.subject, c.sans, c.usage, c.hostname, c.instance," \
	" c.not_before, c.not_after, c.issued_at, c.revoked_at, c.revocation_reason," \
	" c.invalidity_date, c.renewal_of"

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

static void
param_opt(struct pg_params *p, const char *v)
{
	if (v != NULL)
		pg_p_text(p, v);
	else
		pg_p_null(p);
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
	param_opt(p, f->hostname);
	param_opt(p, f->instance);
	param_opt(p, f->file_root);
	param_opt(p, *pattern);
	return 0;
}

static int
page_row(const PGresult *res, int i, struct pki_cert_info *c, struct pki_error *err)
{
	memset(c, 0, sizeof *c);
	c->serial = (uint64_t)pg_int(res, i, 0);
	c->file_root = pg_text(res, i, 1);
	c->subject = pg_text(res, i, 2);
	c->sans = pg_text(res, i, 3);
	if (pki_usage_parse(PQgetvalue(res, i, 4), &c->usage) != 0)
		c->usage = PKI_USAGE_TLS;
	c->hostname = pg_text(res, i, 5);
	c->instance = pg_text(res, i, 6);
	c->not_before = (time_t)pg_int(res, i, 7);
	c->not_after = (time_t)pg_int(res, i, 8);
	c->issued_at = (time_t)pg_int(res, i, 9);
	c->revoked_at = (time_t)pg_int(res, i, 10);
	c->reason = (int)pg_int(res, i, 11);
	c->invalidity_date = (time_t)pg_int(res, i, 12);
	c->renewal_of = (uint64_t)pg_int(res, i, 13);
	c->issuer = strdup("");
	c->contact_name = strdup("");
	c->contact_phone = strdup("");
	c->contact_email = strdup("");
	if (!c->file_root || !c->subject || !c->sans || !c->hostname || !c->instance ||
	    !c->issuer || !c->contact_name || !c->contact_phone || !c->contact_email) {
		pki_cert_info_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pg_cert_page_read(pki_store *s, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	size_t limit = q->limit ? q->limit : PAGE_DEFAULT, i;
	bool down = q->seek == PKI_SEEK_BEFORE || q->seek == PKI_SEEK_LAST;
	unsigned seek = q->seek <= PKI_SEEK_LAST ? (unsigned)q->seek : PKI_SEEK_FIRST;
	struct pg_params p = { 0 };
	PGresult *res = NULL;
	char *pattern = NULL;
	int r, rows;

	memset(out, 0, sizeof *out);
	if ((out->rows = calloc(limit + 1, sizeof *out->rows)) == NULL)
		return pki_err_nomem(err);
	if ((r = filter_params(q, &p, &pattern, err)) != 0)
		goto out;
	pg_p_int(&p, (int64_t)q->key);
	/* One more than the page: whether more lie beyond. */
	pg_p_int(&p, (int64_t)limit + 1);
	if ((r = pg_exec(s, sql_page[seek], &p, &res, _("listing certificates"), err)) != 0)
		goto out;
	rows = PQntuples(res);
	for (int j = 0; r == 0 && j < rows; j++) {
		if (out->n == limit) {
			out->more = true;
			break;
		}
		if ((r = page_row(res, j, &out->rows[out->n], err)) != 0)
			break;
		out->n++;
	}
	/* Read downwards, shown upwards. */
	for (i = 0; r == 0 && down && i < out->n / 2; i++) {
		struct pki_cert_info t = out->rows[i];

		out->rows[i] = out->rows[out->n - 1 - i];
		out->rows[out->n - 1 - i] = t;
	}
	if (r == 0 && q->count_cap > 0) {
		if (q->seek == PKI_SEEK_FIRST && !out->more) {
			out->count = out->n;
			out->count_more = false;
		} else
			r = pg_cert_count(s, q, q->count_cap, &out->count, &out->count_more, err);
	}
out:
	PQclear(res);
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
