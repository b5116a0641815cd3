/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/mail.c: the PostgreSQL store's SQL for the email notices (as
 * sqlite/mail.c): the outbox table (rows queued, the due ones, each
 * outcome of a flush, listing and retry) and what mail reads and writes of
 * the CA configuration (the administrator's address and the last digest,
 * a password an older database still holds).
 */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

int
pg_outbox_insert(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, time_t now, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, kind);
	pg_p_text(&p, recipient);
	pg_p_text(&p, subject);
	pg_p_text(&p, body);
	pg_p_int(&p, (int64_t)now);
	return pg_exec(s,
	    "INSERT INTO outbox (kind, recipient, subject, body, state, attempts,"
	    " next_attempt_at, last_error, created_at)"
	    " VALUES ($1, $2, $3, $4, 'pending', 0, $5, '', $5)",
	    &p, NULL, _("queuing an email notice"), err);
}

/* LIMIT NULL: all (SQLite's negative limit, which PostgreSQL refuses). */
static void
param_limit(struct pg_params *p, size_t max)
{
	if (max <= INT64_MAX)
		pg_p_int(p, (int64_t)max);
	else
		pg_p_null(p);
}

int
pg_outbox_due(pki_store *s, bool all, time_t now, size_t max, struct pki_outbox_due **out,
    size_t *n, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, all ? 1 : 0);
	pg_p_int(&p, (int64_t)now);
	param_limit(&p, max);
	return pki_store_outbox_due_rows(s, pg_rows,
	    "SELECT " PKI_STORE_OUTBOX_DUE_COLUMNS " FROM outbox"
	    " WHERE state = 'pending' AND ($1 <> 0 OR next_attempt_at <= $2)"
	    " ORDER BY id LIMIT $3",
	    &p, _("reading the outbox"), out, n, err);
}

/* An UPDATE of the outbox; *changed (may be NULL): rows touched. */
static int
outbox_update(pki_store *s, const char *sql, const struct pg_params *p, int *changed,
    struct pki_error *err)
{
	PGresult *res;
	int r;

	if (changed)
		*changed = 0;
	if ((r = pg_exec(s, sql, p, &res, _("updating the outbox"), err)) != 0)
		return r;
	if (changed)
		*changed = (int)pg_changes(res);
	PQclear(res);
	return 0;
}

/* Claims a due row: another flusher that saw the same row skips it. */
int
pg_outbox_claim(pki_store *s, int64_t id, int64_t seen, int64_t until, bool *claimed,
    struct pki_error *err)
{
	struct pg_params p = { 0 };
	int changed = 0, r;

	pg_p_int(&p, id);
	pg_p_int(&p, until);
	pg_p_int(&p, seen);
	r = outbox_update(s,
	    "UPDATE outbox SET next_attempt_at = $2"
	    " WHERE id = $1 AND state = 'pending' AND next_attempt_at = $3",
	    &p, &changed, err);
	*claimed = r == 0 && changed != 0;
	return r;
}

int
pg_outbox_sent(pki_store *s, int64_t id, int64_t now, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	pg_p_int(&p, now);
	return outbox_update(s,
	    "UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1,"
	    " last_error = '' WHERE id = $1",
	    &p, NULL, err);
}

int
pg_outbox_failed(pki_store *s, int64_t id, int attempts, int max, const char *error, int64_t next,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	pg_p_int(&p, attempts);
	pg_p_text(&p, error);
	pg_p_int(&p, next);
	pg_p_int(&p, max);
	return outbox_update(s,
	    "UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = $4,"
	    " state = CASE WHEN $2 >= $5 THEN 'failed' ELSE 'pending' END WHERE id = $1",
	    &p, NULL, err);
}

int
pg_outbox_note(pki_store *s, int64_t id, const char *error, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	pg_p_text(&p, error);
	return outbox_update(s,
	    "UPDATE outbox SET last_error = $2 WHERE id = $1 AND state = 'pending'", &p, NULL, err);
}

#define MAIL_COLUMNS PKI_STORE_MAIL_COLUMNS

int
pg_outbox_list(pki_store *s, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	return pki_store_mail_rows(s, pg_rows,
	    "SELECT " MAIL_COLUMNS " FROM outbox ORDER BY id DESC", NULL, _("reading the outbox"),
	    out, n, err);
}

int
pg_outbox_get(pki_store *s, int64_t id, struct pki_mail *out, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, id);
	return pki_store_mail_get(s, pg_rows, "SELECT " MAIL_COLUMNS " FROM outbox WHERE id = $1",
	    &p, id, NULL, out, err);
}

int
pg_outbox_last(pki_store *s, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, kind);
	return pki_store_mail_get(s, pg_rows,
	    "SELECT " MAIL_COLUMNS " FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT 1", &p, 0,
	    kind ? kind : "", out, err);
}

int
pg_outbox_retry(pki_store *s, int64_t id, time_t now, int *changed, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)now);
	if (id == 0)
		return outbox_update(s,
		    "UPDATE outbox SET state = 'pending', next_attempt_at = $1"
		    " WHERE state IN ('pending', 'failed')",
		    &p, changed, err);
	pg_p_int(&p, id);
	return outbox_update(s,
	    "UPDATE outbox SET state = 'pending', next_attempt_at = $1"
	    " WHERE id = $2 AND state IN ('pending', 'failed')",
	    &p, changed, err);
}

/* ------------------------------------------------ the CA configuration */

int
pg_ca_digest_state(pki_store *s, char **admin_email, time_t *digest_at, struct pki_error *err)
{
	return pki_store_digest_state(s, pg_rows, admin_email, digest_at, err);
}

int
pg_ca_set_digest_at(pki_store *s, time_t now, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)now);
	return pg_exec(s, "UPDATE ca_config SET digest_at = $1 WHERE id = 1", &p, NULL,
	    _("queuing an email notice"), err);
}

int
pg_ca_clear_smtp_password(pki_store *s, struct pki_error *err)
{
	return pg_exec(s, "UPDATE ca_config SET smtp_password = '' WHERE id = 1", NULL, NULL,
	    _("saving the configuration"), err);
}
