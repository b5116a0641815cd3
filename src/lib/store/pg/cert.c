/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/cert.c: the PostgreSQL store's SQL for issued certificates (as
 * sqlite/cert.c): insert, the highest serial used, filtered and paged
 * listing, lookup by serial, and those due an expiry notice.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_cert_from_row() reads these columns, in this order. */
static int
cert_from_row(const PGresult *res, int i, struct pki_cert_info *c, bool with_pem,
    struct pki_error *err)
{
	memset(c, 0, sizeof *c);
	c->serial = (uint64_t)pg_int(res, i, 0);
	c->csr_id = pg_int(res, i, 1);
	c->file_root = pg_text(res, i, 2);
	c->subject = pg_text(res, i, 3);
	c->issuer = pg_text(res, i, 4);
	c->sans = pg_text(res, i, 5);
	if (pki_usage_parse(PQgetvalue(res, i, 6), &c->usage) != 0)
		c->usage = PKI_USAGE_TLS;
	c->hostname = pg_text(res, i, 7);
	c->instance = pg_text(res, i, 8);
	c->contact_name = pg_text(res, i, 9);
	c->contact_phone = pg_text(res, i, 10);
	c->contact_email = pg_text(res, i, 11);
	snprintf(c->sha1, sizeof c->sha1, "%s", PQgetvalue(res, i, 12));
	snprintf(c->sha256, sizeof c->sha256, "%s", PQgetvalue(res, i, 13));
	c->not_before = (time_t)pg_int(res, i, 14);
	c->not_after = (time_t)pg_int(res, i, 15);
	c->issued_at = (time_t)pg_int(res, i, 16);
	c->revoked_at = (time_t)pg_int(res, i, 18);
	c->reason = (int)pg_int(res, i, 19);
	c->invalidity_date = (time_t)pg_int(res, i, 20);
	c->renewal_of = (uint64_t)pg_int(res, i, 21); /* NULL: 0 */
	if (!PQgetisnull(res, i, 22))
		snprintf(c->serial_number, sizeof c->serial_number, "%s", PQgetvalue(res, i, 22));
	if (with_pem) {
		size_t n;
		unsigned char *der = pg_blob(res, i, 17, &n);

		if (der != NULL)
			c->pem = pki_der_to_pem("CERTIFICATE", der, n);
		free(der);
	}
	if (!c->file_root || !c->subject || !c->issuer || !c->sans || !c->hostname ||
	    !c->instance || !c->contact_name || !c->contact_phone || !c->contact_email ||
	    (with_pem && !c->pem)) {
		pki_cert_info_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pg_cert_from_row(const PGresult *res, int i, struct pki_cert_info *c, bool with_pem,
    struct pki_error *err)
{
	return cert_from_row(res, i, c, with_pem, err);
}

int
pg_cert_rows(const PGresult *res, struct pki_cert_info **out, size_t *n, struct pki_error *err)
{
	int rows = PQntuples(res), r;
	struct pki_cert_info *arr;

	*out = NULL;
	*n = 0;
	if (rows == 0)
		return 0;
	if ((arr = calloc((size_t)rows, sizeof *arr)) == NULL)
		return pki_err_nomem(err);
	for (int i = 0; i < rows; i++)
		if ((r = cert_from_row(res, i, &arr[i], false, err)) != 0) {
			pki_cert_info_array_free(&arr, (size_t)i);
			return r;
		}
	*out = arr;
	*n = (size_t)rows;
	return 0;
}

/* ON CONFLICT: a serial (or serialNumber) used twice is refused without
 * aborting the transaction. */
static const char sql_cert_insert[] =
    "INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage,"
    " hostname, instance, contact_name, contact_phone, contact_email, sha1, sha256,"
    " not_before, not_after, issued_at, der, renewal_of, serial_number)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
    " $18, nullif($19::bigint, 0), nullif($20, '')) ON CONFLICT DO NOTHING";

int
pg_cert_insert(pki_store *s, const struct pki_cert_info *c, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_int(&p, (int64_t)c->serial);
	pg_p_int(&p, c->csr_id);
	pg_p_text(&p, c->file_root);
	pg_p_text(&p, c->subject);
	pg_p_text(&p, c->issuer);
	pg_p_text(&p, c->sans);
	pg_p_text(&p, pki_usage_name(c->usage));
	pg_p_text(&p, c->hostname);
	pg_p_text(&p, c->instance);
	pg_p_text(&p, c->contact_name);
	pg_p_text(&p, c->contact_phone);
	pg_p_text(&p, c->contact_email);
	pg_p_text(&p, c->sha1);
	pg_p_text(&p, c->sha256);
	pg_p_int(&p, c->not_before);
	pg_p_int(&p, c->not_after);
	pg_p_int(&p, c->issued_at);
	pg_p_blob(&p, der, der_len);
	pg_p_int(&p, (int64_t)c->renewal_of);
	pg_p_text(&p, c->serial_number);
	if ((r = pg_exec(s, sql_cert_insert, &p, &res, _("storing the certificate"), err)) != 0)
		return r;
	if (pg_changes(res) == 0)
		r = pki_err_set(err, PKI_ERR_DB, NULL,
		    _("Serial number %llu is already used; the serial file is behind the database"),
		    (unsigned long long)c->serial);
	PQclear(res);
	if (r == 0)
		r = pg_search_add(s, c, err);
	return r;
}

int
pg_cert_max_serial(pki_store *s, uint64_t *max, struct pki_error *err)
{
	int64_t v;
	int r = pg_value(s, "SELECT max(serial) FROM cert", NULL, &v, _("reading serial numbers"),
	    NULL, err);

	*max = (uint64_t)v;
	return r;
}

/* One statement; a NULL criterion matches every row. Keyset paging in
 * serial order, never OFFSET; LIMIT NULL: all. */
static const char sql_cert_list[] =
    "SELECT " PG_CERT_COLUMNS " FROM cert WHERE ($1 = 0 OR serial = $1)"
    " AND ($2::text IS NULL OR hostname = $2)"
    " AND ($3::text IS NULL OR instance = $3)"
    " AND ($4::text IS NULL OR file_root = $4)"
    " AND ($5::text IS NULL OR lower(contact_email) = lower($5))"
    " AND serial > $6 ORDER BY serial LIMIT $7";

static void
param_opt(struct pg_params *p, const char *v)
{
	if (v != NULL)
		pg_p_text(p, v);
	else
		pg_p_null(p);
}

int
pg_cert_list(pki_store *s, const struct pki_cert_filter *f, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	*out = NULL;
	*n = 0;
	pg_p_int(&p, f ? (int64_t)f->serial : 0);
	param_opt(&p, f ? f->hostname : NULL);
	param_opt(&p, f ? f->instance : NULL);
	param_opt(&p, f ? f->file_root : NULL);
	param_opt(&p, f ? f->contact_email : NULL);
	pg_p_int(&p, f != NULL && f->after <= INT64_MAX ? (int64_t)f->after : 0);
	if (f != NULL && f->limit > 0 && f->limit <= INT64_MAX)
		pg_p_int(&p, (int64_t)f->limit);
	else
		pg_p_null(&p);
	if ((r = pg_exec(s, sql_cert_list, &p, &res, _("listing certificates"), err)) != 0)
		return r;
	r = pg_cert_rows(res, out, n, err);
	PQclear(res);
	return r;
}

int
pg_cert_expiring(pki_store *s, time_t before, size_t limit, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	*out = NULL;
	*n = 0;
	pg_p_int(&p, (int64_t)before);
	if (limit > 0 && limit <= INT64_MAX)
		pg_p_int(&p, (int64_t)limit);
	else
		pg_p_null(&p);
	if ((r = pg_exec(s,
	         "SELECT " PG_CERT_COLUMNS " FROM cert WHERE revoked_at IS NULL"
	         " AND not_after < $1 ORDER BY not_after, serial LIMIT $2",
	         &p, &res, _("listing certificates"), err)) != 0)
		return r;
	r = pg_cert_rows(res, out, n, err);
	PQclear(res);
	return r;
}

int
pg_cert_expiring_count(pki_store *s, time_t before, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	int64_t v;
	int r;

	pg_p_int(&p, (int64_t)before);
	pg_p_int(&p, (int64_t)cap + 1); /* one more: are there more? */
	r = pg_value(s,
	    "SELECT count(*) FROM (SELECT 1 FROM cert"
	    " WHERE revoked_at IS NULL AND not_after < $1 LIMIT $2) AS c",
	    &p, &v, _("counting certificates"), NULL, err);
	pki_store_capped(v, cap, n, more);
	return r;
}

int
pg_cert_get(pki_store *s, uint64_t serial, struct pki_cert_info *out, unsigned char **der,
    size_t *der_len, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	memset(out, 0, sizeof *out);
	if (der) {
		*der = NULL;
		*der_len = 0;
	}
	pg_p_int(&p, (int64_t)serial);
	if ((r = pg_exec(s, "SELECT " PG_CERT_COLUMNS " FROM cert WHERE serial = $1", &p, &res,
	         _("reading the certificate"), err)) != 0)
		return r;
	if (PQntuples(res) == 0)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "serial",
		    _("No certificate with serial number %llu."), (unsigned long long)serial);
	else if ((r = cert_from_row(res, 0, out, true, err)) == 0 && der != NULL) {
		if ((*der = pg_blob(res, 0, 17, der_len)) == NULL) {
			pki_cert_info_clear(out);
			r = pki_err_nomem(err);
		}
	}
	PQclear(res);
	return r;
}

/* Renewed certificates (a later certificate's renewal_of names them) are
 * left out: their holders already have the next one. */
static const char sql_notice_due[] =
    "SELECT serial, file_root, subject, contact_email, not_after FROM cert AS c"
    " WHERE revoked_at IS NULL AND expiry_notice_at IS NULL AND contact_email <> ''"
    " AND not_after > $1 AND not_after <= $2"
    " AND NOT EXISTS (SELECT 1 FROM cert AS n WHERE n.renewal_of = c.serial)"
    " ORDER BY not_after, serial";

int
pg_cert_expiry_due(pki_store *s, time_t now, time_t until, struct pki_expiry_due **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	struct pki_expiry_due *arr = NULL;
	size_t cnt = 0;
	PGresult *res;
	int rows, r;

	*out = NULL;
	*n = 0;
	pg_p_int(&p, (int64_t)now);
	pg_p_int(&p, (int64_t)until);
	if ((r = pg_exec(s, sql_notice_due, &p, &res, _("listing certificates near expiry"),
	         err)) != 0)
		return r;
	rows = PQntuples(res);
	if (rows > 0 && (arr = calloc((size_t)rows, sizeof *arr)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (int i = 0; i < rows; i++) {
		arr[i].serial = (uint64_t)pg_int(res, i, 0);
		arr[i].file_root = pg_text(res, i, 1);
		arr[i].subject = pg_text(res, i, 2);
		arr[i].email = pg_text(res, i, 3);
		arr[i].not_after = (time_t)pg_int(res, i, 4);
		cnt++;
		if (!arr[i].file_root || !arr[i].subject || !arr[i].email) {
			r = pki_err_nomem(err);
			goto out;
		}
	}
	*out = arr;
	*n = cnt;
	arr = NULL;
	cnt = 0;
out:
	PQclear(res);
	pki_expiry_due_free(arr, cnt);
	return r;
}

int
pg_cert_expiry_mark(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)now);
	pg_p_int(&p, (int64_t)serial);
	return pg_exec(s, "UPDATE cert SET expiry_notice_at = $1 WHERE serial = $2", &p, NULL,
	    _("recording an expiry notice"), err);
}
