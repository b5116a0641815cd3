/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crl.c: certificate revocation lists. pki_crl_generate() signs a CRL of
 * every revoked certificate, read in one pass over the revoked index, and
 * stores it with the next CRL number inside the caller's transaction (or
 * its own); readers without the CA key (ncpkid, export) take the newest
 * stored one.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct add_ctx {
	pki_crl_builder *b;
	size_t count;
};

static int
add_entry(void *p, uint64_t serial, const char *serial_number, time_t revoked_at, int reason,
    time_t invalidity_date, struct pki_error *err)
{
	struct add_ctx *c = p;
	int r = pki_crl_builder_add(c->b, serial, serial_number, revoked_at, reason,
	    invalidity_date, err);

	if (r == 0)
		c->count++;
	return r;
}

/* Builds, signs and stores a CRL; the caller holds a write transaction. */
int
pki_crl_generate_tx(pki_store *store, pki_signer *signer, struct pki_crl_info *out,
    struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_crl_info info;
	struct add_ctx c;
	unsigned char *der = NULL;
	size_t len = 0;
	int r;

	memset(&info, 0, sizeof info);
	memset(&c, 0, sizeof c);
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	info.this_update = time(NULL);
	info.next_update = info.this_update + (time_t)row.crl_days * 86400;
	if ((r = store->ops->crl_next_number(store, &info.number, err)) != 0 ||
	    (r = pki_crl_builder_new(pki_signer_ca(signer), info.number, info.this_update,
	         info.next_update, &c.b, err)) != 0 ||
	    (r = store->ops->revoked_each(store, add_entry, &c, err)) != 0 ||
	    (r = pki_signer_sign_crl(signer, c.b, &der, &len, err)) != 0)
		goto out;
	info.revoked_count = c.count;
	info.der_len = len;
	if ((r = store->ops->crl_insert(store, &info, der, len, err)) != 0 ||
	    (r = store->ops->crl_prune(store, info.number, err)) != 0 ||
	    (r = pki_audit(store, "crl-generated", err, "CRL %llu, %zu revoked",
	         (unsigned long long)info.number, info.revoked_count)) != 0)
		goto out;
	if (out != NULL)
		*out = info;
out:
	free(der);
	pki_crl_builder_free(&c.b);
	pki_ca_row_clear(&row);
	return r;
}

int
pki_crl_generate(pki_store *store, pki_signer *signer, struct pki_crl_info *out,
    struct pki_error *err)
{
	int r;

	if (out != NULL)
		memset(out, 0, sizeof *out);
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_signer_check(store, signer, err)) != 0 ||
	    (r = pki_crl_generate_tx(store, signer, out, err)) != 0) {
		store->ops->tx_rollback(store);
		return r;
	}
	return store->ops->tx_commit(store, err);
}

int
pki_crl_latest(pki_store *store, bool pem, unsigned char **data, size_t *len,
    struct pki_crl_info *info, struct pki_error *err)
{
	struct pki_crl_info i;
	unsigned char *der = NULL;
	size_t dlen = 0;
	char *text;
	int r;

	*data = NULL;
	*len = 0;
	if (info != NULL)
		memset(info, 0, sizeof *info);
	if ((r = store->ops->tx_begin(store, false, err)) != 0)
		return r;
	r = store->ops->crl_latest(store, &i, &der, &dlen, err);
	store->ops->tx_rollback(store);
	if (r != 0)
		return r;
	if (pem) {
		text = pki_der_to_pem("X509 CRL", der, dlen);
		free(der);
		if (text == NULL)
			return pki_err_nomem(err);
		der = (unsigned char *)text;
		dlen = strlen(text);
	}
	*data = der;
	*len = dlen;
	if (info != NULL)
		*info = i;
	return 0;
}

int
pki_crl_export(pki_store *store, const char *path, bool pem, struct pki_crl_info *info,
    struct pki_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int r;

	if (pki_str_empty(path))
		return pki_err_set(err, PKI_ERR_INVALID, "file", _("A file name is needed"));
	if ((r = pki_crl_latest(store, pem, &data, &len, info, err)) != 0)
		return r;
	r = pki_file_write_atomic(path, data, len, 0644, err);
	free(data);
	return r;
}
