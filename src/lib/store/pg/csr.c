/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/csr.c: the PostgreSQL store's SQL for pending certificate signing
 * requests (as sqlite/csr.c). Contacts compare without case as SQLite's
 * COLLATE NOCASE does: lower() on both sides, through the indexes on
 * lower(contact_email) and lower(contact_name).
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSR_COLUMNS PKI_STORE_CSR_COLUMNS

/* ON CONFLICT: a request already pending is refused without aborting the
 * transaction (SQLite's constraint error leaves it going). */
static const char sql_csr_insert[] =
    "INSERT INTO csr (file_root, subject, key_desc, sans, sig_alg, der, sha1, sha256,"
    " contact_name, contact_phone, contact_email, hostname, instance, received_at,"
    " renewal_of)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
    " nullif($15::bigint, 0)) ON CONFLICT (sha256) DO NOTHING RETURNING id";

int
pg_csr_insert(pki_store *s, struct pki_csr_info *c, const unsigned char *der, size_t der_len,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_text(&p, c->file_root);
	pg_p_text(&p, c->subject);
	pg_p_text(&p, c->key_desc);
	pg_p_text(&p, c->sans);
	pg_p_text(&p, c->sig_alg);
	pg_p_blob(&p, der, der_len);
	pg_p_text(&p, c->sha1);
	pg_p_text(&p, c->sha256);
	pg_p_text(&p, c->contact_name);
	pg_p_text(&p, c->contact_phone);
	pg_p_text(&p, c->contact_email);
	pg_p_text(&p, c->hostname);
	pg_p_text(&p, c->instance);
	pg_p_int(&p, c->received);
	pg_p_int(&p, (int64_t)c->renewal_of);
	if ((r = pg_exec(s, sql_csr_insert, &p, &res, _("storing the request"), err)) != 0)
		return r;
	if (PQntuples(res) == 1)
		c->id = pg_int(res, 0, 0);
	else
		r = pki_err_set(err, PKI_ERR_DUPLICATE, "csr",
		    _("This Certificate Signing Request is already pending"));
	PQclear(res);
	return r;
}

int
pg_csr_find_sha256(pki_store *s, const char *sha256, int64_t *id, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, sha256);
	return pg_value(s, "SELECT id FROM csr WHERE sha256 = $1", &p, id,
	    _("looking up the request"), NULL, err);
}

int
pg_csr_list(pki_store *s, struct pki_csr_info **out, size_t *n, struct pki_error *err)
{
	return pki_store_csr_rows(s, pg_rows, "SELECT " CSR_COLUMNS " FROM csr ORDER BY id", NULL,
	    _("listing requests"), out, n, err);
}

int
pg_csr_get(pki_store *s, int64_t id, struct pki_csr_info *info, unsigned char **der,
    size_t *der_len, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	return pki_store_csr_get(s, pg_rows, "SELECT " CSR_COLUMNS " FROM csr WHERE id = $1", &p,
	    id, info, der, der_len, err);
}

int
pg_csr_delete(pki_store *s, int64_t id, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_int(&p, id);
	if ((r = pg_exec(s, "DELETE FROM csr WHERE id = $1", &p, &res, _("deleting the request"),
	         err)) != 0)
		return r;
	if (pg_changes(res) == 0)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "id",
		    _("No pending Certificate Signing Request %lld."), (long long)id);
	PQclear(res);
	return r;
}

int
pg_csr_count(pki_store *s, size_t *n, struct pki_error *err)
{
	int64_t v;
	int r = pg_value(s, "SELECT count(*) FROM csr", NULL, &v, _("listing requests"), NULL, err);

	*n = (size_t)v;
	return r;
}

int
pg_csr_ids(pki_store *s, int64_t **ids, size_t *n, struct pki_error *err)
{
	PGresult *res;
	int64_t *arr = NULL;
	int rows, r;

	*ids = NULL;
	*n = 0;
	if ((r = pg_exec(s, "SELECT id FROM csr ORDER BY id", NULL, &res, _("listing requests"),
	         err)) != 0)
		return r;
	rows = PQntuples(res);
	if (rows > 0 && (arr = calloc((size_t)rows, sizeof *arr)) == NULL) {
		PQclear(res);
		return pki_err_nomem(err);
	}
	for (int i = 0; i < rows; i++)
		arr[i] = pg_int(res, i, 0);
	PQclear(res);
	*ids = arr;
	*n = (size_t)rows;
	return 0;
}

/* The pending requests of one submitter, of one contact's email, of one
 * contact's name. */
static const char *const sql_csr_by[3] = {
	"SELECT count(*) FROM csr WHERE submitter = $1 AND submitter <> ''",
	"SELECT count(*) FROM csr WHERE lower(contact_email) = lower($1) AND contact_email <> ''",
	"SELECT count(*) FROM csr WHERE lower(contact_name) = lower($1) AND contact_name <> ''",
};

static int
count_one(pki_store *s, int which, const char *value, size_t *n, struct pki_error *err)
{
	struct pg_params p = { 0 };
	int64_t v;
	int r;

	pg_p_text(&p, value);
	r = pg_value(s, sql_csr_by[which], &p, &v, _("counting pending requests"), NULL, err);
	*n = (size_t)v;
	return r;
}

int
pg_csr_pending_counts(pki_store *s, const char *submitter, const char *email, const char *name,
    size_t *by_submitter, size_t *by_contact, struct pki_error *err)
{
	return pki_store_pending_counts(s, count_one, submitter, email, name, by_submitter,
	    by_contact, err);
}

int
pg_csr_set_submitter(pki_store *s, int64_t id, const char *submitter, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, submitter);
	pg_p_int(&p, id);
	return pg_exec(s, "UPDATE csr SET submitter = $1 WHERE id = $2", &p, NULL,
	    _("storing the request"), err);
}

/* The requests no administrator's digest has listed yet. */
int
pg_csr_unnotified(pki_store *s, size_t max, struct pki_csr_info **out, size_t *n, size_t *total,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	int64_t v;
	int r;

	*out = NULL;
	*n = 0;
	r = pg_value(s, "SELECT count(*) FROM csr WHERE notified = 0", NULL, &v,
	    _("listing requests"), NULL, err);
	*total = (size_t)v;
	if (r != 0 || *total == 0 || max == 0)
		return r;
	pg_p_int(&p, (int64_t)max);
	return pki_store_csr_rows(s, pg_rows,
	    "SELECT " CSR_COLUMNS " FROM csr WHERE notified = 0 ORDER BY id LIMIT $1", &p,
	    _("listing requests"), out, n, err);
}

int
pg_csr_mark_notified(pki_store *s, struct pki_error *err)
{
	return pg_exec(s, "UPDATE csr SET notified = 1 WHERE notified = 0", NULL, NULL,
	    _("storing the request"), err);
}
