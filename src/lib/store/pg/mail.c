/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/mail.c: the PostgreSQL store's SQL for what sqlite/mail.c does.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_ca_digest_state(pki_store *s, char **admin_email, time_t *digest_at, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_ca_set_digest_at(pki_store *s, time_t now, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_ca_clear_smtp_password(pki_store *s, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_insert(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, time_t now, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_due(pki_store *s, bool all, time_t now, size_t max, struct pki_outbox_due **out,
    size_t *n, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_claim(pki_store *s, int64_t id, int64_t seen, int64_t until, bool *claimed,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_sent(pki_store *s, int64_t id, int64_t now, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_failed(pki_store *s, int64_t id, int attempts, int max, const char *error, int64_t next,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_note(pki_store *s, int64_t id, const char *error, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_list(pki_store *s, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_get(pki_store *s, int64_t id, struct pki_mail *out, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_last(pki_store *s, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_outbox_retry(pki_store *s, int64_t id, time_t now, int *changed, struct pki_error *err)
{
	return pg_unsupported(err);
}
