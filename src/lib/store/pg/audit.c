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
	return pki_store_audit_last(s, pg_rows, id, hash, err);
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

#define AUDIT_COLUMNS PKI_STORE_AUDIT_COLUMNS
#define AUDIT_FROM PKI_STORE_AUDIT_FROM

int
pg_audit_each(pki_store *s, pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_audit_walk(s, pg_rows, "SELECT " AUDIT_COLUMNS AUDIT_FROM " ORDER BY a.id",
	    NULL, fn, ctx, err);
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

	pg_p_int(&p, f->before_id);
	pg_p_text(&p, f->text);
	if (f->limit > 0)
		pg_p_int(&p, (int64_t)f->limit);
	else
		pg_p_null(&p);
	pg_p_int(&p, f->refused ? 1 : 0);
	return pki_store_audit_walk(s, pg_rows, sql_audit_page, &p, fn, ctx, err);
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
	return pki_store_audit_keyed(s, pg_rows, legacy, key_dir, err);
}

int
pg_audit_key_dir_set(pki_store *s, const char *dir, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, dir);
	return pg_exec(s, "UPDATE audit_keyed SET key_dir = $1", &p, NULL,
	    _("sealing the audit trail"), err);
}
