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
	struct pki_outbox_due *arr = NULL;
	size_t cnt = 0;
	PGresult *res;
	int rows, r;

	*out = NULL;
	*n = 0;
	pg_p_int(&p, all ? 1 : 0);
	pg_p_int(&p, (int64_t)now);
	param_limit(&p, max);
	if ((r = pg_exec(s,
	         "SELECT id, recipient, subject, body, attempts, next_attempt_at FROM outbox"
	         " WHERE state = 'pending' AND ($1 <> 0 OR next_attempt_at <= $2)"
	         " ORDER BY id LIMIT $3",
	         &p, &res, _("reading the outbox"), err)) != 0)
		return r;
	rows = PQntuples(res);
	if (rows > 0 && (arr = calloc((size_t)rows, sizeof *arr)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (int i = 0; i < rows; i++) {
		arr[i].id = pg_int(res, i, 0);
		arr[i].recipient = pg_text(res, i, 1);
		arr[i].subject = pg_text(res, i, 2);
		arr[i].body = pg_text(res, i, 3);
		arr[i].attempts = (int)pg_int(res, i, 4);
		arr[i].next_at = pg_int(res, i, 5);
		cnt++;
		if (!arr[i].recipient || !arr[i].subject || !arr[i].body) {
			r = pki_err_nomem(err);
			goto out;
		}
	}
	*out = arr;
	*n = cnt;
	arr = NULL;
	cnt = 0;
out:
	PQclear(res);
	pki_outbox_due_free(arr, cnt);
	return r;
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

#define MAIL_COLUMNS \
	"id, kind, recipient, subject, state, attempts, next_attempt_at, last_error," \
	" created_at, COALESCE(sent_at, 0)"

static int
mail_from_row(const PGresult *res, int i, struct pki_mail *m, struct pki_error *err)
{
	memset(m, 0, sizeof *m);
	m->id = pg_int(res, i, 0);
	m->kind = pg_text(res, i, 1);
	m->recipient = pg_text(res, i, 2);
	m->subject = pg_text(res, i, 3);
	m->state = pg_text(res, i, 4);
	m->attempts = (int)pg_int(res, i, 5);
	m->next_attempt_at = (time_t)pg_int(res, i, 6);
	m->last_error = pg_text(res, i, 7);
	m->created_at = (time_t)pg_int(res, i, 8);
	m->sent_at = (time_t)pg_int(res, i, 9);
	if (!m->kind || !m->recipient || !m->subject || !m->state || !m->last_error) {
		pki_mail_clear(m);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pg_outbox_list(pki_store *s, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	struct pki_mail *arr = NULL;
	PGresult *res;
	int rows, r;

	*out = NULL;
	*n = 0;
	if ((r = pg_exec(s, "SELECT " MAIL_COLUMNS " FROM outbox ORDER BY id DESC", NULL, &res,
	         _("reading the outbox"), err)) != 0)
		return r;
	rows = PQntuples(res);
	if (rows > 0 && (arr = calloc((size_t)rows, sizeof *arr)) == NULL) {
		PQclear(res);
		return pki_err_nomem(err);
	}
	for (int i = 0; i < rows; i++)
		if ((r = mail_from_row(res, i, &arr[i], err)) != 0) {
			pki_mail_array_free(&arr, (size_t)i);
			PQclear(res);
			return r;
		}
	PQclear(res);
	*out = arr;
	*n = (size_t)rows;
	return 0;
}

int
pg_outbox_get(pki_store *s, int64_t id, struct pki_mail *out, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	memset(out, 0, sizeof *out);
	pg_p_int(&p, id);
	if ((r = pg_exec(s, "SELECT " MAIL_COLUMNS " FROM outbox WHERE id = $1", &p, &res,
	         _("reading the outbox"), err)) != 0)
		return r;
	if (PQntuples(res) == 1)
		r = mail_from_row(res, 0, out, err);
	else
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "id", _("No email notice %lld"),
		    (long long)id);
	PQclear(res);
	return r;
}

int
pg_outbox_last(pki_store *s, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	memset(out, 0, sizeof *out);
	pg_p_text(&p, kind);
	if ((r = pg_exec(s,
	         "SELECT " MAIL_COLUMNS " FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT 1", &p,
	         &res, _("reading the outbox"), err)) != 0)
		return r;
	if (PQntuples(res) == 1)
		r = mail_from_row(res, 0, out, err);
	else
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "kind", _("No email notice of this kind"));
	PQclear(res);
	return r;
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
	PGresult *res;
	int r;

	*admin_email = NULL;
	*digest_at = 0;
	if ((r = pg_exec(s, "SELECT admin_email, digest_at FROM ca_config WHERE id = 1", NULL, &res,
	         _("reading the administrator's email address"), err)) != 0)
		return r;
	if (PQntuples(res) == 1) {
		*admin_email = pg_text(res, 0, 0);
		*digest_at = (time_t)pg_int(res, 0, 1);
		if (*admin_email == NULL)
			r = pki_err_nomem(err);
	} else
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority server is not configured."));
	PQclear(res);
	return r;
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
