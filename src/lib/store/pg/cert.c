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
    "SELECT " PKI_STORE_CERT_COLUMNS " FROM cert WHERE ($1 = 0 OR serial = $1)"
    " AND ($2::text IS NULL OR hostname = $2)"
    " AND ($3::text IS NULL OR instance = $3)"
    " AND ($4::text IS NULL OR file_root = $4)"
    " AND ($5::text IS NULL OR lower(contact_email) = lower($5))"
    " AND serial > $6 ORDER BY serial LIMIT $7";

int
pg_cert_list(pki_store *s, const struct pki_cert_filter *f, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, f ? (int64_t)f->serial : 0);
	pg_p_opt(&p, f ? f->hostname : NULL);
	pg_p_opt(&p, f ? f->instance : NULL);
	pg_p_opt(&p, f ? f->file_root : NULL);
	pg_p_opt(&p, f ? f->contact_email : NULL);
	pg_p_int(&p, f != NULL && f->after <= INT64_MAX ? (int64_t)f->after : 0);
	if (f != NULL && f->limit > 0 && f->limit <= INT64_MAX)
		pg_p_int(&p, (int64_t)f->limit);
	else
		pg_p_null(&p);
	return pki_store_cert_rows(s, pg_rows, sql_cert_list, &p, _("listing certificates"), out, n,
	    err);
}

int
pg_cert_expiring(pki_store *s, time_t before, size_t limit, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)before);
	if (limit > 0 && limit <= INT64_MAX)
		pg_p_int(&p, (int64_t)limit);
	else
		pg_p_null(&p);
	return pki_store_cert_rows(s, pg_rows,
	    "SELECT " PKI_STORE_CERT_COLUMNS " FROM cert WHERE revoked_at IS NULL"
	    " AND not_after < $1 ORDER BY not_after, serial LIMIT $2",
	    &p, _("listing certificates"), out, n, err);
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

	pg_p_int(&p, (int64_t)serial);
	return pki_store_cert_get(s, pg_rows,
	    "SELECT " PKI_STORE_CERT_COLUMNS " FROM cert WHERE serial = $1", &p, serial, out, der,
	    der_len, err);
}

/* Renewed certificates (a later certificate's renewal_of names them) are
 * left out: their holders already have the next one. */
static const char sql_notice_due[] =
    "SELECT " PKI_STORE_EXPIRY_DUE_COLUMNS " FROM cert AS c"
    " WHERE revoked_at IS NULL AND expiry_notice_at IS NULL AND contact_email <> ''"
    " AND not_after > $1 AND not_after <= $2"
    " AND NOT EXISTS (SELECT 1 FROM cert AS n WHERE n.renewal_of = c.serial)"
    " ORDER BY not_after, serial";

int
pg_cert_expiry_due(pki_store *s, time_t now, time_t until, struct pki_expiry_due **out, size_t *n,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)now);
	pg_p_int(&p, (int64_t)until);
	return pki_store_expiry_due_rows(s, pg_rows, sql_notice_due, &p,
	    _("listing certificates near expiry"), out, n, err);
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
