/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/check.c: the PostgreSQL store's SQL for what sqlite/check.c does.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_integrity(pki_store *s, char **problem, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_check_certs(pki_store *s, pki_check_cert_fn fn, void *ctx, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_check_crls(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	return pg_unsupported(err);
}
