/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/crl.c: the PostgreSQL store's SQL for what sqlite/crl.c does.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_ca_set_crl_days(pki_store *s, long days, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_ca_set_urls(pki_store *s, const char *crl_url, const char *ocsp_url, const char *ca_issuers_url,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_revocation(pki_store *s, uint64_t serial, time_t *revoked_at, int *reason,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_set_revoked(pki_store *s, uint64_t serial, time_t revoked_at, int reason,
    time_t invalidity_date, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_release_hold(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_revoked_each(pki_store *s, pki_revoked_fn fn, void *ctx, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_crl_next_number(pki_store *s, uint64_t *next, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_crl_insert(pki_store *s, const struct pki_crl_info *info, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_crl_prune(pki_store *s, uint64_t newest, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_crl_latest(pki_store *s, struct pki_crl_info *info, unsigned char **der, size_t *der_len,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_ocsp_status(pki_store *s, const struct pki_ocsp_certid *id, struct pki_ocsp_single *out,
    struct pki_error *err)
{
	return pg_unsupported(err);
}
