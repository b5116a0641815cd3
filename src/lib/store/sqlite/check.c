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
    "SELECT serial, usage, sha1, sha256, not_before, not_after, revoked_at, der, serial_number"
    " FROM cert ORDER BY serial";

int
sqlite_check_certs(pki_store *s, pki_check_cert_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_check_cert row;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_check_certs, &st, err)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.serial = (uint64_t)sqlite3_column_int64(st, 0);
		row.usage = (const char *)sqlite3_column_text(st, 1);
		row.sha1 = (const char *)sqlite3_column_text(st, 2);
		row.sha256 = (const char *)sqlite3_column_text(st, 3);
		row.not_before = (time_t)sqlite3_column_int64(st, 4);
		row.not_after = (time_t)sqlite3_column_int64(st, 5);
		row.revoked_at = (time_t)sqlite3_column_int64(st, 6);
		row.der = sqlite3_column_blob(st, 7);
		row.der_len = (size_t)sqlite3_column_bytes(st, 7);
		row.serial_number = (const char *)sqlite3_column_text(st, 8);
		if (row.usage == NULL)
			row.usage = "";
		if (row.sha1 == NULL)
			row.sha1 = "";
		if (row.sha256 == NULL)
			row.sha256 = "";
		if ((r = fn(ctx, &row, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("reading issued certificates"));
	pki_stmt_done(s, st);
	return r;
}

static const char sql_check_crls[] =
    "SELECT number, this_update, next_update, revoked_count, der FROM crl ORDER BY number";

int
sqlite_check_crls(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_check_crl row;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_check_crls, &st, err)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.number = (uint64_t)sqlite3_column_int64(st, 0);
		row.this_update = (time_t)sqlite3_column_int64(st, 1);
		row.next_update = (time_t)sqlite3_column_int64(st, 2);
		row.revoked_count = (size_t)sqlite3_column_int64(st, 3);
		row.der = sqlite3_column_blob(st, 4);
		row.der_len = (size_t)sqlite3_column_bytes(st, 4);
		if ((r = fn(ctx, &row, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("reading certificate revocation lists"));
	pki_stmt_done(s, st);
	return r;
}
