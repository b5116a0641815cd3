/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/audit.c: the PostgreSQL store's SQL for the audit trail and its
 * seals (as sqlite/audit.c). The rows a walk hands its callback point
 * into the query's result, valid during the call.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_audit_last(pki_store *s, int64_t *id, char hash[PKI_AUDIT_HASH_SIZE], struct pki_error *err)
{
	PGresult *res;
	int r;

	*id = 0;
	memset(hash, '0', PKI_AUDIT_HASH_SIZE - 1);
	hash[PKI_AUDIT_HASH_SIZE - 1] = '\0';
	if ((r = pg_exec(s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", NULL, &res,
	         _("reading the audit trail"), err)) != 0)
		return r;
	if (PQntuples(res) == 1) {
		*id = pg_int(res, 0, 0);
		snprintf(hash, PKI_AUDIT_HASH_SIZE, "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return 0;
}

static const char sql_audit_insert[] =
    "INSERT INTO audit (id, at, actor, action, object, outcome, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

int
pg_audit_insert(pki_store *s, const struct pki_audit_entry *e, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, e->id);
	pg_p_int(&p, (int64_t)e->at);
	pg_p_text(&p, e->actor);
	pg_p_text(&p, e->action);
	pg_p_text(&p, e->object);
	pg_p_text(&p, e->outcome);
	pg_p_text(&p, e->prev_hash);
	pg_p_text(&p, e->hash);
	return pg_exec(s, sql_audit_insert, &p, NULL, _("appending to the audit trail"), err);
}

#define AUDIT_COLUMNS \
	"a.id, a.at, a.actor, a.action, a.object, a.outcome, a.prev_hash," \
	" a.hash, s.mac"
#define AUDIT_FROM " FROM audit a LEFT JOIN audit_seal s ON s.id = a.id"

/* fn for each row of AUDIT_COLUMNS, stopping at its first non-zero return. */
static int
audit_rows(const PGresult *res, pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_audit_entry e;
	int r = 0;

	for (int i = 0; r == 0 && i < PQntuples(res); i++) {
		memset(&e, 0, sizeof e);
		e.id = pg_int(res, i, 0);
		e.at = (time_t)pg_int(res, i, 1);
		e.actor = PQgetvalue(res, i, 2);
		e.action = PQgetvalue(res, i, 3);
		e.object = PQgetvalue(res, i, 4);
		e.outcome = PQgetvalue(res, i, 5);
		snprintf(e.prev_hash, sizeof e.prev_hash, "%s", PQgetvalue(res, i, 6));
		snprintf(e.hash, sizeof e.hash, "%s", PQgetvalue(res, i, 7));
		snprintf(e.mac, sizeof e.mac, "%s", PQgetvalue(res, i, 8));
		r = fn(ctx, &e, err);
	}
	return r;
}

int
pg_audit_each(pki_store *s, pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	PGresult *res;
	int r;

	if ((r = pg_exec(s, "SELECT " AUDIT_COLUMNS AUDIT_FROM " ORDER BY a.id", NULL, &res,
	         _("reading the audit trail"), err)) != 0)
		return r;
	r = audit_rows(res, fn, ctx, err);
	PQclear(res);
	return r;
}

/* Newest first, a page at a time: rows below before_id (0: from the top)
 * whose actor, action, object or outcome contains text (with case, as
 * SQLite's instr()), only the refusals when $4 is 1. LIMIT NULL: all. */
static const char sql_audit_page[] =
    "SELECT " AUDIT_COLUMNS AUDIT_FROM " WHERE ($1 = 0 OR a.id < $1)"
    "   AND ($2 = '' OR strpos(a.actor, $2) > 0 OR strpos(a.action, $2) > 0"
    "        OR strpos(a.object, $2) > 0 OR strpos(a.outcome, $2) > 0)"
    "   AND ($4 = 0 OR a.outcome <> 'ok')"
    " ORDER BY a.id DESC LIMIT $3";

int
pg_audit_page(pki_store *s, const struct pki_audit_filter *f, pki_audit_fn fn, void *ctx,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_int(&p, f->before_id);
	pg_p_text(&p, f->text);
	if (f->limit > 0)
		pg_p_int(&p, (int64_t)f->limit);
	else
		pg_p_null(&p);
	pg_p_int(&p, f->refused ? 1 : 0);
	if ((r = pg_exec(s, sql_audit_page, &p, &res, _("reading the audit trail"), err)) != 0)
		return r;
	r = audit_rows(res, fn, ctx, err);
	PQclear(res);
	return r;
}

int
pg_audit_seal_insert(pki_store *s, int64_t id, const char *mac, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	pg_p_text(&p, mac);
	return pg_exec(s, "INSERT INTO audit_seal (id, mac) VALUES ($1, $2)", &p, NULL,
	    _("sealing the audit trail"), err);
}

int
pg_audit_keyed(pki_store *s, int64_t *legacy, char **key_dir, struct pki_error *err)
{
	PGresult *res;
	int r;

	*legacy = 0;
	if (key_dir != NULL)
		*key_dir = NULL;
	if ((r = pg_exec(s, "SELECT legacy_through, key_dir FROM audit_keyed LIMIT 1", NULL, &res,
	         _("reading the audit trail"), err)) != 0)
		return r;
	if (PQntuples(res) == 1) {
		*legacy = pg_int(res, 0, 0);
		if (key_dir != NULL && !PQgetisnull(res, 0, 1) &&
		    (*key_dir = strdup(PQgetvalue(res, 0, 1))) == NULL)
			r = pki_err_nomem(err);
	}
	PQclear(res);
	return r;
}

int
pg_audit_key_dir_set(pki_store *s, const char *dir, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, dir);
	return pg_exec(s, "UPDATE audit_keyed SET key_dir = $1", &p, NULL,
	    _("sealing the audit trail"), err);
}
