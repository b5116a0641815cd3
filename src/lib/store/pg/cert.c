/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/cert.c: the PostgreSQL store's SQL for what sqlite/cert.c does.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_cert_insert(pki_store *s, const struct pki_cert_info *info, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_max_serial(pki_store *s, uint64_t *max, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_list(pki_store *s, const struct pki_cert_filter *f, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_get(pki_store *s, uint64_t serial, struct pki_cert_info *out, unsigned char **der,
    size_t *der_len, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_expiring(pki_store *s, time_t before, size_t limit, struct pki_cert_info **out, size_t *n,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_expiring_count(pki_store *s, time_t before, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_expiry_due(pki_store *s, time_t now, time_t until, struct pki_expiry_due **out, size_t *n,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_expiry_mark(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	return pg_unsupported(err);
}
