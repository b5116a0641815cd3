/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signer.c: how libncpki uses a signer without holding its key. A signer
 * is opened by libncpki_sign (src/lib/sign/signer.c: the CA key unlocked
 * in this process); the library builds what is to be signed and hands it
 * over through the signer's operations. Nothing here opens a key, so a
 * program that links libncpki alone (ncpkid) cannot sign.
 */
#include "x509/crypto.h"

#include <string.h>

const pki_x509 *
pki_signer_ca(const pki_signer *s)
{
	return s->ca;
}

int
pki_signer_issue(pki_signer *s, const struct pki_issue_req *ir, unsigned char **der,
    size_t *der_len, struct pki_issued *info, struct pki_error *err)
{
	return s->ops->issue(s, ir, der, der_len, info, err);
}

int
pki_signer_sign_crl(pki_signer *s, pki_crl_builder *b, unsigned char **der, size_t *len,
    struct pki_error *err)
{
	return s->ops->sign_crl(s, b, der, len, err);
}

void
pki_signer_close(pki_signer **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	(*sp)->ops->close(*sp);
	*sp = NULL;
}

int
pki_signer_check(pki_store *store, const pki_signer *s, struct pki_error *err)
{
	struct pki_ca_row row;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	int r;

	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((r = pki_x509_fingerprints(pki_signer_ca(s), sha1, sha256, err)) == 0 &&
	    strcmp(sha256, row.sha256) != 0)
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The unlocked key belongs to another Certificate Authority configuration"));
	pki_ca_row_clear(&row);
	return r;
}
