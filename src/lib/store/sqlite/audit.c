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
	sqlite3_stmt *st;
	int r, rc;

	*id = 0;
	memset(hash, '0', PKI_AUDIT_HASH_SIZE - 1);
	hash[PKI_AUDIT_HASH_SIZE - 1] = '\0';
	if ((r = pki_stmt(s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, err)) != 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, PKI_AUDIT_HASH_SIZE, "%s", sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE) {
		r = pki_err_db(err, sqlite_db(s), _("reading the audit trail"));
	}
	pki_stmt_done(s, st);
	return r;
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

static void
entry_from_row(sqlite3_stmt *st, struct pki_audit_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->at = (time_t)sqlite3_column_int64(st, 1);
	e->actor = (char *)sqlite3_column_text(st, 2);
	e->action = (char *)sqlite3_column_text(st, 3);
	e->object = (char *)sqlite3_column_text(st, 4);
	e->outcome = (char *)sqlite3_column_text(st, 5);
	snprintf(e->prev_hash, sizeof e->prev_hash, "%s",
	    sqlite3_column_text(st, 6) ? (const char *)sqlite3_column_text(st, 6) : "");
	snprintf(e->hash, sizeof e->hash, "%s",
	    sqlite3_column_text(st, 7) ? (const char *)sqlite3_column_text(st, 7) : "");
	snprintf(e->mac, sizeof e->mac, "%s",
	    sqlite3_column_text(st, 8) ? (const char *)sqlite3_column_text(st, 8) : "");
	if (e->actor == NULL)
		e->actor = (char *)"";
	if (e->action == NULL)
		e->action = (char *)"";
	if (e->object == NULL)
		e->object = (char *)"";
	if (e->outcome == NULL)
		e->outcome = (char *)"";
}

#define AUDIT_COLUMNS \
	"a.id, a.at, a.actor, a.action, a.object, a.outcome, a.prev_hash," \
	" a.hash, s.mac"
#define AUDIT_FROM " FROM audit a LEFT JOIN audit_seal s ON s.id = a.id"

int
sqlite_audit_each(pki_store *s, pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	struct pki_audit_entry e;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, "SELECT " AUDIT_COLUMNS AUDIT_FROM " ORDER BY a.id", &st, err)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		entry_from_row(st, &e);
		if ((r = fn(ctx, &e, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("reading the audit trail"));
	pki_stmt_done(s, st);
	return r;
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
	struct pki_audit_entry e;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_audit_page, &st, err)) != 0)
		return r;
	pki_bind_int64(st, ":before", f->before_id);
	pki_bind_text(st, ":text", f->text != NULL ? f->text : "");
	pki_bind_int64(st, ":limit", f->limit > 0 ? (int64_t)f->limit : -1);
	pki_bind_int64(st, ":refused", f->refused ? 1 : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		entry_from_row(st, &e);
		if ((r = fn(ctx, &e, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("reading the audit trail"));
	pki_stmt_done(s, st);
	return r;
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

static const char sql_audit_keyed[] = "SELECT legacy_through, key_dir FROM audit_keyed LIMIT 1";

int
sqlite_audit_keyed(pki_store *s, int64_t *legacy, char **key_dir, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	*legacy = 0;
	if (key_dir != NULL)
		*key_dir = NULL;
	if ((r = pki_stmt(s, sql_audit_keyed, &st, err)) != 0)
		return r;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*legacy = sqlite3_column_int64(st, 0);
		if (key_dir != NULL && sqlite3_column_text(st, 1) != NULL &&
		    (*key_dir = strdup((const char *)sqlite3_column_text(st, 1))) == NULL)
			r = pki_err_nomem(err);
	} else if (rc != SQLITE_DONE) {
		r = pki_err_db(err, sqlite_db(s), _("reading the audit trail"));
	}
	pki_stmt_done(s, st);
	return r;
}

static const char sql_audit_key_dir_set[] = "UPDATE audit_keyed SET key_dir = :dir";

int
sqlite_audit_key_dir_set(pki_store *s, const char *dir, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":dir", dir);
	return sqlite_run(s, sql_audit_key_dir_set, &p, NULL, _("sealing the audit trail"), err);
}
