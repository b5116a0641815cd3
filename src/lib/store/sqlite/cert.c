/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/cert.c: SQL for issued certificates: insert, the highest serial
 * used, filtered and paged listing, lookup by serial, and those due an
 * expiry notice (cert.expiry_notice_at).
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CERT_COLUMNS PKI_STORE_CERT_COLUMNS

static const char sql_cert_insert[] =
    "INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage,"
    " hostname, instance, contact_name, contact_phone, contact_email, sha1, sha256,"
    " not_before, not_after, issued_at, der, renewal_of, serial_number)"
    " VALUES (:serial, :csr_id, :file_root, :subject, :issuer, :sans, :usage,"
    " :hostname, :instance, :contact_name, :contact_phone, :contact_email, :sha1,"
    " :sha256, :not_before, :not_after, :issued_at, :der, nullif(:renewal_of, 0),"
    " nullif(:serial_number, ''))";

int
sqlite_cert_insert(pki_store *s, const struct pki_cert_info *c, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_cert_insert, &st, err)) != 0)
		return r;
	pki_bind_int64(st, ":serial", (int64_t)c->serial);
	pki_bind_int64(st, ":csr_id", c->csr_id);
	pki_bind_text(st, ":file_root", c->file_root);
	pki_bind_text(st, ":subject", c->subject);
	pki_bind_text(st, ":issuer", c->issuer);
	pki_bind_text(st, ":sans", c->sans);
	pki_bind_text(st, ":usage", pki_usage_name(c->usage));
	pki_bind_text(st, ":hostname", c->hostname);
	pki_bind_text(st, ":instance", c->instance);
	pki_bind_text(st, ":contact_name", c->contact_name);
	pki_bind_text(st, ":contact_phone", c->contact_phone);
	pki_bind_text(st, ":contact_email", c->contact_email);
	pki_bind_text(st, ":sha1", c->sha1);
	pki_bind_text(st, ":sha256", c->sha256);
	pki_bind_int64(st, ":not_before", c->not_before);
	pki_bind_int64(st, ":not_after", c->not_after);
	pki_bind_int64(st, ":issued_at", c->issued_at);
	pki_bind_blob(st, ":der", der, der_len);
	pki_bind_int64(st, ":renewal_of", (int64_t)c->renewal_of);
	pki_bind_text(st, ":serial_number", c->serial_number);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT)
		r = pki_err_set(err, PKI_ERR_DB, NULL,
		    _("Serial number %llu is already used; the serial file is behind the database"),
		    (unsigned long long)c->serial);
	else if (rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("storing the certificate"));
	pki_stmt_done(s, st);
	if (r == 0)
		r = sqlite_search_add(s, c, err);
	return r;
}

static const char sql_cert_max_serial[] = "SELECT max(serial) FROM cert";

int
sqlite_cert_max_serial(pki_store *s, uint64_t *max, struct pki_error *err)
{
	int64_t v;
	int r =
	    sqlite_value(s, sql_cert_max_serial, NULL, &v, _("reading serial numbers"), NULL, err);

	*max = (uint64_t)v;
	return r;
}

/*
 * The listing, one statement per leading criterion so that SQLite walks
 * that criterion's index (or the primary key) in serial order and stops
 * after :limit rows: a page never reads the whole table.
 */
#define SQL_CERT_LIST(lead) \
	"SELECT " CERT_COLUMNS " FROM cert WHERE " lead " AND (:serial = 0 OR serial = :serial)" \
	" AND (:hostname IS NULL OR hostname = :hostname)" \
	" AND (:instance IS NULL OR instance = :instance)" \
	" AND (:file_root IS NULL OR file_root = :file_root)" \
	" AND (:contact IS NULL OR contact_email = :contact COLLATE NOCASE)" \
	" AND serial > :after ORDER BY serial LIMIT :limit"

static const char sql_cert_list_serial[] = SQL_CERT_LIST("serial = :serial");
static const char sql_cert_list_contact[] =
    SQL_CERT_LIST("contact_email = :contact COLLATE NOCASE");
static const char sql_cert_list_hostname[] = SQL_CERT_LIST("hostname = :hostname");
static const char sql_cert_list_instance[] = SQL_CERT_LIST("instance = :instance");
static const char sql_cert_list_file_root[] = SQL_CERT_LIST("file_root = :file_root");
static const char sql_cert_list_all[] = SQL_CERT_LIST("1");

static const char *
cert_list_sql(const struct pki_cert_filter *f)
{
	if (f == NULL)
		return sql_cert_list_all;
	if (f->serial != 0)
		return sql_cert_list_serial;
	if (f->contact_email != NULL)
		return sql_cert_list_contact;
	if (f->hostname != NULL)
		return sql_cert_list_hostname;
	if (f->instance != NULL)
		return sql_cert_list_instance;
	if (f->file_root != NULL)
		return sql_cert_list_file_root;
	return sql_cert_list_all;
}

int
sqlite_cert_list(pki_store *s, const struct pki_cert_filter *f, struct pki_cert_info **out,
    size_t *n, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", f ? (int64_t)f->serial : 0);
	if (f != NULL) {
		if (f->hostname != NULL)
			sqlite_p_text(&p, ":hostname", f->hostname);
		if (f->instance != NULL)
			sqlite_p_text(&p, ":instance", f->instance);
		if (f->file_root != NULL)
			sqlite_p_text(&p, ":file_root", f->file_root);
		if (f->contact_email != NULL)
			sqlite_p_text(&p, ":contact", f->contact_email);
	}
	/* Keyset paging: the primary key's order, never OFFSET. */
	sqlite_p_int(&p, ":after", f != NULL && f->after <= INT64_MAX ? (int64_t)f->after : 0);
	sqlite_p_int(&p, ":limit",
	    f != NULL && f->limit > 0 && f->limit <= INT64_MAX ? (int64_t)f->limit : -1);
	return pki_store_cert_rows(s, sqlite_rows, cert_list_sql(f), &p, _("listing certificates"),
	    out, n, err);
}

/* A negative LIMIT is no limit. */
static const char sql_cert_expiring[] = "SELECT " CERT_COLUMNS " FROM cert"
                                        " WHERE revoked_at IS NULL AND not_after < :before"
                                        " ORDER BY not_after, serial LIMIT :limit";

int
sqlite_cert_expiring(pki_store *s, time_t before, size_t limit, struct pki_cert_info **out,
    size_t *n, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":before", (int64_t)before);
	sqlite_p_int(&p, ":limit", limit > 0 && limit <= INT64_MAX ? (int64_t)limit : -1);
	return pki_store_cert_rows(s, sqlite_rows, sql_cert_expiring, &p, _("listing certificates"),
	    out, n, err);
}

static const char sql_cert_expiring_count[] =
    "SELECT count(*) FROM (SELECT 1 FROM cert"
    " WHERE revoked_at IS NULL AND not_after < :before LIMIT :cap)";

int
sqlite_cert_expiring_count(pki_store *s, time_t before, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	struct sqlite_params p = { 0 };
	int64_t v;
	int r;

	sqlite_p_int(&p, ":before", (int64_t)before);
	sqlite_p_int(&p, ":cap", (int64_t)cap + 1); /* one more: are there more? */
	r = sqlite_value(s, sql_cert_expiring_count, &p, &v, _("counting certificates"), NULL, err);
	pki_store_capped(v, cap, n, more);
	return r;
}

static const char sql_cert_get[] = "SELECT " CERT_COLUMNS " FROM cert WHERE serial = :serial";

int
sqlite_cert_get(pki_store *s, uint64_t serial, struct pki_cert_info *out, unsigned char **der,
    size_t *der_len, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", (int64_t)serial);
	return pki_store_cert_get(s, sqlite_rows, sql_cert_get, &p, serial, out, der, der_len, err);
}

/* Renewed certificates (a later certificate's renewal_of names them) are
 * left out: their holders already have the next one. */
static const char sql_notice_due[] =
    "SELECT " PKI_STORE_EXPIRY_DUE_COLUMNS " FROM cert AS c"
    " WHERE revoked_at IS NULL AND expiry_notice_at IS NULL AND contact_email <> ''"
    " AND not_after > :now AND not_after <= :until"
    " AND NOT EXISTS (SELECT 1 FROM cert AS n WHERE n.renewal_of = c.serial)"
    " ORDER BY not_after, serial";

int
sqlite_cert_expiry_due(pki_store *s, time_t now, time_t until, struct pki_expiry_due **out,
    size_t *n, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":now", (int64_t)now);
	sqlite_p_int(&p, ":until", (int64_t)until);
	return pki_store_expiry_due_rows(s, sqlite_rows, sql_notice_due, &p,
	    _("listing certificates near expiry"), out, n, err);
}

static const char sql_notice_mark[] =
    "UPDATE cert SET expiry_notice_at = :now WHERE serial = :serial";

int
sqlite_cert_expiry_mark(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":now", (int64_t)now);
	sqlite_p_int(&p, ":serial", (int64_t)serial);
	return sqlite_run(s, sql_notice_mark, &p, NULL, _("recording an expiry notice"), err);
}
