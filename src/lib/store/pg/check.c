/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/check.c: the PostgreSQL store's part of `ncpki check` (as
 * sqlite/check.c): the database's own consistency check, and every
 * certificate and CRL row handed to the checker. PostgreSQL has no
 * integrity_check of SQLite's kind (its pages are checksummed by the
 * server, amcheck is an extension the operator runs): the check here is
 * that the server answers and the schema is the one this ncpki knows.
 */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

int
pg_integrity(pki_store *s, char **problem, struct pki_error *err)
{
	int v;

	*problem = NULL;
	if ((v = pg_schema_version(s)) < 0)
		return pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"),
		    _("checking the database's integrity"), PQerrorMessage(pg_store(s)->conn));
	if (v == 0 && (*problem = strdup(_("the database has no ncpki schema"))) == NULL)
		return pki_err_nomem(err);
	return 0;
}

int
pg_check_certs(pki_store *s, pki_check_cert_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_check_cert row;
	unsigned char *der;
	PGresult *res;
	int r;

	if ((r = pg_exec(s,
	         "SELECT serial, usage, sha1, sha256, not_before, not_after, revoked_at, der,"
	         " serial_number FROM cert ORDER BY serial",
	         NULL, &res, _("reading issued certificates"), err)) != 0)
		return r;
	for (int i = 0; r == 0 && i < PQntuples(res); i++) {
		memset(&row, 0, sizeof row);
		row.serial = (uint64_t)pg_int(res, i, 0);
		row.usage = PQgetvalue(res, i, 1);
		row.sha1 = PQgetvalue(res, i, 2);
		row.sha256 = PQgetvalue(res, i, 3);
		row.not_before = (time_t)pg_int(res, i, 4);
		row.not_after = (time_t)pg_int(res, i, 5);
		row.revoked_at = (time_t)pg_int(res, i, 6);
		row.serial_number = PQgetisnull(res, i, 8) ? NULL : PQgetvalue(res, i, 8);
		if ((der = pg_blob(res, i, 7, &row.der_len)) == NULL) {
			r = pki_err_nomem(err);
			break;
		}
		row.der = der;
		r = fn(ctx, &row, err);
		free(der);
	}
	PQclear(res);
	return r;
}

int
pg_check_crls(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_check_crl row;
	unsigned char *der;
	PGresult *res;
	int r;

	if ((r = pg_exec(s,
	         "SELECT number, this_update, next_update, revoked_count, der FROM crl"
	         " ORDER BY number",
	         NULL, &res, _("reading certificate revocation lists"), err)) != 0)
		return r;
	for (int i = 0; r == 0 && i < PQntuples(res); i++) {
		memset(&row, 0, sizeof row);
		row.number = (uint64_t)pg_int(res, i, 0);
		row.this_update = (time_t)pg_int(res, i, 1);
		row.next_update = (time_t)pg_int(res, i, 2);
		row.revoked_count = (size_t)pg_int(res, i, 3);
		if ((der = pg_blob(res, i, 4, &row.der_len)) == NULL) {
			r = pki_err_nomem(err);
			break;
		}
		row.der = der;
		r = fn(ctx, &row, err);
		free(der);
	}
	PQclear(res);
	return r;
}
