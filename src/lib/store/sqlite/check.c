/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/check.c: the SQL of `ncpki check`: SQLite's own integrity check,
 * and every certificate and CRL row handed to a callback in one pass (never
 * the whole table in memory).
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

int
sqlite_integrity(pki_store *s, char **problem, struct pki_error *err)
{
	sqlite3_stmt *st;
	const char *first = NULL;
	int r, rc;

	*problem = NULL;
	if ((r = pki_stmt(s, "PRAGMA integrity_check(20)", &st, err)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line != NULL && strcmp(line, "ok") != 0 && first == NULL) {
			first = line;
			if ((*problem = strdup(line)) == NULL)
				r = pki_err_nomem(err);
		}
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("checking the database's integrity"));
	pki_stmt_done(s, st);
	return r;
}

static const char sql_check_certs[] =
    "SELECT " PKI_STORE_CHECK_CERT_COLUMNS " FROM cert ORDER BY serial";

int
sqlite_check_certs(pki_store *s, pki_check_cert_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_check_cert_walk(s, sqlite_rows, sql_check_certs, fn, ctx, err);
}

static const char sql_check_crls[] =
    "SELECT " PKI_STORE_CHECK_CRL_COLUMNS " FROM crl ORDER BY number";

int
sqlite_check_crls(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_check_crl_walk(s, sqlite_rows, sql_check_crls, fn, ctx, err);
}
