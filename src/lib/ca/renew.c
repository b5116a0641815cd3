/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * renew.c: a root CA's own certificate renewed before it ends. The signer
 * (the CA key the operator unlocked) makes the certificate again from its
 * own: the same subject, key and extensions, a new serial number and a
 * new validity. Certificates issued before keep verifying (the same name
 * and key identify their issuer). The database's row and DIR/ROOT.cer are
 * replaced in one transaction with its audit row; the previous file stays
 * beside it as ROOT.cer.old (ROOT.cer.old.N when taken), linked before the
 * new one is renamed over ROOT.cer, so that there is never a moment
 * without a certificate file. An intermediate's certificate is issued by
 * its root: renewing it here is refused.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
pki_ca_renewed_clear(struct pki_ca_renewed *r)
{
	if (r == NULL)
		return;
	free(r->cer_path);
	free(r->previous_path);
	memset(r, 0, sizeof *r);
}

int
pki_ca_renew(pki_store *store, pki_signer *signer, long days, struct pki_ca_renewed *out,
    struct pki_error *err)
{
	struct pki_ca_row row, upd;
	unsigned char *der = NULL;
	pki_x509 *x = NULL;
	char *dir = NULL, *pem = NULL;
	size_t der_len = 0, pem_len = 0;
	bool in_tx = false, replaced = false;
	time_t nb, na;
	int r;

	memset(out, 0, sizeof *out);
	memset(&row, 0, sizeof row);
	memset(&upd, 0, sizeof upd);
	if (days != 0 && (r = pki_check_days(days, "days", err)) != 0)
		return r;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	in_tx = true;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		goto out;
	if (days == 0) /* as long as the certificate it replaces */
		days = row.not_after > row.not_before
		    ? (long)((row.not_after - row.not_before + 43200) / 86400)
		    : 1;
	if (days > PKI_DAYS_MAX)
		days = PKI_DAYS_MAX;
	if (row.chain_pem != NULL && row.chain_pem[0] != '\0') {
		r = pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("This Certificate Authority is an intermediate: its certificate is "
		      "renewed by its root (a new request to the root, then 'ncpki server "
		      "configure' with the certificate it issues)."));
		goto out;
	}
	if ((r = signer->ops->renew_self(signer, days, &der, &der_len, err)) != 0 ||
	    (r = pki_x509_load(der, der_len, &x, NULL, err)) != 0 ||
	    (r = pki_x509_fingerprints(x, upd.sha1, upd.sha256, err)) != 0 ||
	    (r = pki_x509_pem(x, &pem, &pem_len, err)) != 0)
		goto out;
	pki_x509_validity(x, &nb, &na);
	upd.cert_der = der;
	upd.cert_len = der_len;
	upd.not_before = nb;
	upd.not_after = na;
	if ((r = store->ops->ca_set_cert(store, &upd, err)) != 0 ||
	    (r = pki_audit(store, "ca-renewed", err,
	         "CA \"%s\" certificate renewed with its key: SHA-256 %s, valid until %lld "
	         "(was SHA-256 %s, until %lld)",
	         row.root, upd.sha256, (long long)na, row.sha256, (long long)row.not_after)) != 0)
		goto out;
	if ((dir = pki_path_resolve(pki_store_home(store), row.dir)) == NULL ||
	    (out->cer_path = pki_path_join3(dir, row.root, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((out->previous_path = pki_file_link_old(out->cer_path)) == NULL) {
		int e = errno;

		r = e == ENOMEM
		    ? pki_err_nomem(err)
		    : pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot keep a copy of \"%s\": %s"),
		          out->cer_path, strerror(e));
		goto out;
	}
	if ((r = pki_file_write_atomic(out->cer_path, pem, pem_len, 0644, err)) != 0)
		goto out;
	replaced = true;
	in_tx = false;
	if ((r = store->ops->tx_commit(store, err)) != 0)
		goto out;
	memcpy(out->sha1, upd.sha1, sizeof out->sha1);
	memcpy(out->sha256, upd.sha256, sizeof out->sha256);
	out->not_before = nb;
	out->not_after = na;
out:
	if (in_tx)
		store->ops->tx_rollback(store);
	if (r != 0 && replaced && out->previous_path != NULL)
		/* Not committed: the previous certificate back in place. */
		(void)rename(out->previous_path, out->cer_path);
	else if (r != 0 && out->previous_path != NULL)
		(void)unlink(out->previous_path);
	if (r != 0)
		pki_ca_renewed_clear(out);
	pki_x509_free(&x);
	free(der);
	free(pem);
	free(dir);
	pki_ca_row_clear(&row);
	return r;
}
