/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chain.c: the CA hierarchy as the front ends and the web service see it:
 * the CA's certificate and the chain above it (stored at configuration,
 * nearest issuer first), and issued certificates written with their chain.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PEM_END "-----END CERTIFICATE-----"

void
pki_pem_array_free(char ***pems, size_t n)
{
	if (pems == NULL || *pems == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free((*pems)[i]);
	free(*pems);
	*pems = NULL;
}

/* Appends each PEM block of text (as written by OpenSSL) to the array. */
static int
split_append(const char *text, char ***arr, size_t *n, struct pki_error *err)
{
	const char *p = text, *b, *e;
	char **na;

	while ((b = strstr(p, "-----BEGIN CERTIFICATE-----")) != NULL &&
	    (e = strstr(b, PEM_END)) != NULL) {
		e += strlen(PEM_END);
		if ((na = realloc(*arr, (*n + 1) * sizeof *na)) == NULL)
			return pki_err_nomem(err);
		*arr = na;
		if ((na[*n] = pki_strfmt("%.*s\n", (int)(e - b), b)) == NULL)
			return pki_err_nomem(err);
		(*n)++;
		p = e;
	}
	return 0;
}

int
pki_ca_chain(pki_store *store, char ***pems, size_t *n, struct pki_error *err)
{
	struct pki_ca_row row;
	char *ca = NULL;
	int r;

	*pems = NULL;
	*n = 0;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((ca = pki_der_to_pem("CERTIFICATE", row.cert_der, row.cert_len)) == NULL)
		r = pki_err_nomem(err);
	if (r == 0)
		r = split_append(ca, pems, n, err);
	if (r == 0)
		r = split_append(row.chain_pem, pems, n, err);
	if (r != 0)
		pki_pem_array_free(pems, *n);
	if (r != 0)
		*n = 0;
	free(ca);
	pki_ca_row_clear(&row);
	return r;
}

int
pki_ca_chain_pem(pki_store *store, bool with_ca, bool with_root, char **pem, struct pki_error *err)
{
	char **arr = NULL, *out = NULL, *nb;
	size_t n = 0, len = 0, i, from, to;
	int r;

	*pem = NULL;
	if ((r = pki_ca_chain(store, &arr, &n, err)) != 0)
		return r;
	from = with_ca ? 0 : 1;
	/* The root is the last one; a root CA is its own root. */
	to = with_root || n <= 1 ? n : n - 1;
	if ((out = strdup("")) == NULL)
		r = pki_err_nomem(err);
	for (i = from; r == 0 && i < to; i++) {
		size_t k = strlen(arr[i]);
		if ((nb = realloc(out, len + k + 1)) == NULL) {
			r = pki_err_nomem(err);
			break;
		}
		out = nb;
		memcpy(out + len, arr[i], k + 1);
		len += k;
	}
	pki_pem_array_free(&arr, n);
	if (r != 0) {
		free(out);
		return r;
	}
	*pem = out;
	return 0;
}
