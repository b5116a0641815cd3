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
	return pki_store_check_cert_walk(s, pg_rows,
	    "SELECT " PKI_STORE_CHECK_CERT_COLUMNS " FROM cert ORDER BY serial", fn, ctx, err);
}

int
pg_check_crls(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_check_crl_walk(s, pg_rows,
	    "SELECT " PKI_STORE_CHECK_CRL_COLUMNS " FROM crl ORDER BY number", fn, ctx, err);
}
