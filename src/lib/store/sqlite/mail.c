/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/mail.c: SQL for the email notices (mail.c): the outbox table (rows
 * queued, the due ones, each outcome of a flush, listing and retry) and
 * what mail reads and writes of the CA configuration (the administrator's
 * address and the last digest, a password an older database still holds).
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- enqueue */

static const char sql_outbox_insert[] =
    "INSERT INTO outbox (kind, recipient, subject, body, state, attempts,"
    " next_attempt_at, last_error, created_at)"
    " VALUES (:kind, :recipient, :subject, :body, 'pending', 0, :now, '', :now)";

int
sqlite_outbox_insert(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, time_t now, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":kind", kind);
	sqlite_p_text(&p, ":recipient", recipient);
	sqlite_p_text(&p, ":subject", subject);
	sqlite_p_text(&p, ":body", body);
	sqlite_p_int(&p, ":now", (int64_t)now);
	return sqlite_run(s, sql_outbox_insert, &p, NULL, _("queuing an email notice"), err);
}

/* ------------------------------------------------------------- flush */

static const char sql_outbox_due[] =
    "SELECT " PKI_STORE_OUTBOX_DUE_COLUMNS " FROM outbox"
    " WHERE state = 'pending' AND (:all OR next_attempt_at <= :now)"
    " ORDER BY id LIMIT :max";

int
sqlite_outbox_due(pki_store *s, bool all, time_t now, size_t max, struct pki_outbox_due **out,
    size_t *n, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":all", all ? 1 : 0);
	sqlite_p_int(&p, ":now", (int64_t)now);
	sqlite_p_int(&p, ":max", (int64_t)max);
	return pki_store_outbox_due_rows(s, sqlite_rows, sql_outbox_due, &p,
	    _("reading the outbox"), out, n, err);
}

/* Claims a due row: another flusher that saw the same row skips it. */
static const char sql_outbox_claim[] =
    "UPDATE outbox SET next_attempt_at = :next"
    " WHERE id = :id AND state = 'pending' AND next_attempt_at = :seen";
static const char sql_outbox_sent[] =
    "UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1,"
    " last_error = '' WHERE id = :id";
static const char sql_outbox_failed[] =
    "UPDATE outbox SET attempts = :attempts, last_error = :error,"
    " next_attempt_at = :next,"
    " state = CASE WHEN :attempts >= :max THEN 'failed' ELSE 'pending' END"
    " WHERE id = :id";
static const char sql_outbox_note[] =
    "UPDATE outbox SET last_error = :error WHERE id = :id AND state = 'pending'";

/* One of the UPDATEs above on row id (each takes the values it names);
 * *changed: rows touched. */
static int
outbox_update(pki_store *s, const char *sql, int64_t id, int64_t now, int64_t next, int64_t seen,
    int attempts, int max, const char *error, int *changed, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":id", id);
	sqlite_p_int(&p, ":now", now);
	sqlite_p_int(&p, ":next", next);
	sqlite_p_int(&p, ":seen", seen);
	sqlite_p_int(&p, ":attempts", attempts);
	sqlite_p_int(&p, ":max", max);
	sqlite_p_text(&p, ":error", error);
	return sqlite_run(s, sql, &p, changed, _("updating the outbox"), err);
}

int
sqlite_outbox_claim(pki_store *s, int64_t id, int64_t seen, int64_t until, bool *claimed,
    struct pki_error *err)
{
	int changed = 0, r;

	r = outbox_update(s, sql_outbox_claim, id, 0, until, seen, 0, 0, NULL, &changed, err);
	*claimed = r == 0 && changed != 0;
	return r;
}

int
sqlite_outbox_sent(pki_store *s, int64_t id, int64_t now, struct pki_error *err)
{
	return outbox_update(s, sql_outbox_sent, id, now, 0, 0, 0, 0, NULL, NULL, err);
}

int
sqlite_outbox_failed(pki_store *s, int64_t id, int attempts, int max, const char *error,
    int64_t next, struct pki_error *err)
{
	return outbox_update(s, sql_outbox_failed, id, 0, next, 0, attempts, max, error, NULL, err);
}

int
sqlite_outbox_note(pki_store *s, int64_t id, const char *error, struct pki_error *err)
{
	return outbox_update(s, sql_outbox_note, id, 0, 0, 0, 0, 0, error, NULL, err);
}

/* ---------------------------------------------------------- list, retry */

#define MAIL_COLUMNS PKI_STORE_MAIL_COLUMNS

static const char sql_outbox_list[] = "SELECT " MAIL_COLUMNS " FROM outbox ORDER BY id DESC";

int
sqlite_outbox_list(pki_store *s, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	return pki_store_mail_rows(s, sqlite_rows, sql_outbox_list, NULL, _("reading the outbox"),
	    out, n, err);
}

static const char sql_outbox_get[] = "SELECT " MAIL_COLUMNS " FROM outbox WHERE id = :id";
static const char sql_outbox_last[] = "SELECT " MAIL_COLUMNS " FROM outbox"
                                      " WHERE kind = :kind ORDER BY id DESC LIMIT 1";

int
sqlite_outbox_get(pki_store *s, int64_t id, struct pki_mail *out, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":id", id);
	return pki_store_mail_get(s, sqlite_rows, sql_outbox_get, &p, id, NULL, out, err);
}

int
sqlite_outbox_last(pki_store *s, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":kind", kind);
	return pki_store_mail_get(s, sqlite_rows, sql_outbox_last, &p, 0, kind ? kind : "", out,
	    err);
}

static const char sql_outbox_retry_all[] =
    "UPDATE outbox SET state = 'pending', next_attempt_at = :now"
    " WHERE state IN ('pending', 'failed')";
static const char sql_outbox_retry_one[] =
    "UPDATE outbox SET state = 'pending', next_attempt_at = :now"
    " WHERE id = :id AND state IN ('pending', 'failed')";

int
sqlite_outbox_retry(pki_store *s, int64_t id, time_t now, int *changed, struct pki_error *err)
{
	return outbox_update(s, id ? sql_outbox_retry_one : sql_outbox_retry_all, id, (int64_t)now,
	    0, 0, 0, 0, NULL, changed, err);
}

/* ------------------------------------------------ the CA configuration */

int
sqlite_ca_digest_state(pki_store *s, char **admin_email, time_t *digest_at, struct pki_error *err)
{
	return pki_store_digest_state(s, sqlite_rows, admin_email, digest_at, err);
}

static const char sql_digest_done[] = "UPDATE ca_config SET digest_at = :now WHERE id = 1";

int
sqlite_ca_set_digest_at(pki_store *s, time_t now, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":now", (int64_t)now);
	return sqlite_run(s, sql_digest_done, &p, NULL, _("queuing an email notice"), err);
}

int
sqlite_ca_clear_smtp_password(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s), "UPDATE ca_config SET smtp_password = '' WHERE id = 1", NULL,
	        NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("saving the configuration"));
	return 0;
}
