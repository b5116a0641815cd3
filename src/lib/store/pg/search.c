/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/search.c: the PostgreSQL store's SQL for what sqlite/search.c does.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_search_add(pki_store *s, const struct pki_cert_info *c, struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_page_read(pki_store *s, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	return pg_unsupported(err);
}

int
pg_cert_count(pki_store *s, const struct pki_cert_query *q, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	return pg_unsupported(err);
}
