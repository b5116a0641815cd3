/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/audit.c: the SQL of the audit trail: the chain's last link, an
 * appended row, and the rows in order (all, or one page of a filter),
 * each with its seal; an appended seal and the legacy boundary.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
sqlite_audit_last(pki_store *s, int64_t *id, char hash[PKI_AUDIT_HASH_SIZE], struct pki_error *err)
{
	return pki_store_audit_last(s, sqlite_rows, id, hash, err);
}

static const char sql_audit_insert[] =
    "INSERT INTO audit (id, at, actor, action, object, outcome, prev_hash, hash)"
    " VALUES (:id, :at, :actor, :action, :object, :outcome, :prev_hash, :hash)";

int
sqlite_audit_insert(pki_store *s, const struct pki_audit_entry *e, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":id", e->id);
	sqlite_p_int(&p, ":at", (int64_t)e->at);
	sqlite_p_text(&p, ":actor", e->actor);
	sqlite_p_text(&p, ":action", e->action);
	sqlite_p_text(&p, ":object", e->object);
	sqlite_p_text(&p, ":outcome", e->outcome);
	sqlite_p_text(&p, ":prev_hash", e->prev_hash);
	sqlite_p_text(&p, ":hash", e->hash);
	return sqlite_run(s, sql_audit_insert, &p, NULL, _("appending to the audit trail"), err);
}

#define AUDIT_COLUMNS PKI_STORE_AUDIT_COLUMNS
#define AUDIT_FROM PKI_STORE_AUDIT_FROM

static const char sql_audit_each[] = "SELECT " AUDIT_COLUMNS AUDIT_FROM " ORDER BY a.id";

int
sqlite_audit_each(pki_store *s, pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_audit_walk(s, sqlite_rows, sql_audit_each, NULL, fn, ctx, err);
}

/* Newest first, a page at a time: rows below before_id (0: from the top)
 * whose actor, action, object or outcome contains text. */
static const char sql_audit_page[] =
    "SELECT " AUDIT_COLUMNS AUDIT_FROM " WHERE (:before = 0 OR a.id < :before)"
    "   AND (:text = '' OR instr(a.actor, :text) OR instr(a.action, :text)"
    "        OR instr(a.object, :text) OR instr(a.outcome, :text))"
    "   AND (:refused = 0 OR a.outcome <> 'ok')"
    " ORDER BY a.id DESC LIMIT :limit";

int
sqlite_audit_page(pki_store *s, const struct pki_audit_filter *f, pki_audit_fn fn, void *ctx,
    struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":before", f->before_id);
	sqlite_p_text(&p, ":text", f->text != NULL ? f->text : "");
	sqlite_p_int(&p, ":limit", f->limit > 0 ? (int64_t)f->limit : -1);
	sqlite_p_int(&p, ":refused", f->refused ? 1 : 0);
	return pki_store_audit_walk(s, sqlite_rows, sql_audit_page, &p, fn, ctx, err);
}

static const char sql_audit_seal_insert[] = "INSERT INTO audit_seal (id, mac) VALUES (:id, :mac)";

int
sqlite_audit_seal_insert(pki_store *s, int64_t id, const char *mac, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":id", id);
	sqlite_p_text(&p, ":mac", mac);
	return sqlite_run(s, sql_audit_seal_insert, &p, NULL, _("sealing the audit trail"), err);
}

int
sqlite_audit_keyed(pki_store *s, int64_t *legacy, char **key_dir, struct pki_error *err)
{
	return pki_store_audit_keyed(s, sqlite_rows, legacy, key_dir, err);
}

static const char sql_audit_key_dir_set[] = "UPDATE audit_keyed SET key_dir = :dir";

int
sqlite_audit_key_dir_set(pki_store *s, const char *dir, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":dir", dir);
	return sqlite_run(s, sql_audit_key_dir_set, &p, NULL, _("sealing the audit trail"), err);
}
