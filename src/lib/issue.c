/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * issue.c: processing pending requests into certificates.
 *
 * Serial numbers: inside one write transaction (BEGIN IMMEDIATE, so issuers
 * in other processes wait their turn) the next serial is the larger of the
 * SRL file's counter and one above the highest serial in the database. The
 * SRL file is advanced (temp, fsync, rename) before the commit, so it is
 * always at or ahead of the database: a crash between the two skips a
 * number and never reuses one.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct issue_ctx {
	pki_store *store;
	pki_signer *signer;
	struct pki_ca_row row;
	char *srl_path;
	enum pki_usage usage;
	time_t now;
};

static int
ctx_open(struct issue_ctx *c, pki_store *store, pki_signer *signer, enum pki_usage usage,
         struct pki_error *err)
{
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	char *dir;
	int r;

	memset(c, 0, sizeof *c);
	c->store = store;
	c->signer = signer;
	c->usage = usage;
	c->now = time(NULL);
	if ((unsigned)usage >= PKI_USAGE__COUNT)
		return pki_err_set(err, PKI_ERR_INVALID, "usage", _("Unknown certificate usage"));
	if ((r = pki_store_ca_get(store, &c->row, err)) != 0)
		return r;
	if ((r = pki_x509_fingerprints(pki_signer_ca(signer), sha1, sha256, err)) != 0)
		return r;
	if (strcmp(sha256, c->row.sha256) != 0)
		return pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The unlocked key belongs to another Certificate Authority configuration"));
	if ((dir = pki_path_resolve(store->home, c->row.dir)) == NULL ||
	    (c->srl_path = pki_path_join3(dir, c->row.root, ".srl")) == NULL) {
		free(dir);
		return pki_err_nomem(err);
	}
	free(dir);
	return 0;
}

static void
ctx_close(struct issue_ctx *c)
{
	pki_ca_row_clear(&c->row);
	free(c->srl_path);
	memset(c, 0, sizeof *c);
}

/* First serial to use: above the SRL counter and everything recorded. */
static int
next_serial(struct issue_ctx *c, uint64_t *serial, struct pki_error *err)
{
	uint64_t srl = 0, max = 0;
	int r;

	if ((r = pki_srl_read(c->srl_path, &srl, err)) != 0 ||
	    (r = pki_store_cert_max_serial(c->store, &max, err)) != 0)
		return r;
	*serial = srl > max ? srl : max + 1;
	if (*serial == 0)
		*serial = 1;
	if (*serial >= (UINT64_C(1) << 62))
		return pki_err_set(err, PKI_ERR_INVALID, NULL, _("The serial counter is exhausted"));
	return 0;
}

/* Signs request `id` as `serial` and stores it; the caller holds the transaction. */
static int
issue_one(struct issue_ctx *c, int64_t id, uint64_t serial, struct pki_cert_info *out,
          struct pki_error *err)
{
	struct pki_csr_info csr;
	struct pki_issue_req ir;
	struct pki_cert_info ci;
	unsigned char *csr_der = NULL, *der = NULL;
	size_t csr_len = 0, der_len = 0;
	pki_x509 *x = NULL;
	int r;

	memset(&ci, 0, sizeof ci);
	if ((r = pki_store_csr_get(c->store, id, &csr, &csr_der, &csr_len, err)) != 0)
		return r;
	ir.csr_der = csr_der;
	ir.csr_len = csr_len;
	ir.serial = serial;
	ir.usage = c->usage;
	ir.days = c->row.issue_days;
	ir.now = c->now;
	ir.crl_url = c->row.crl_url;
	ir.ocsp_url = c->row.ocsp_url;
	ir.ca_issuers_url = c->row.ca_issuers_url;
	if ((r = pki_signer_issue(c->signer, &ir, &x, err)) != 0 ||
	    (r = pki_x509_der(x, &der, &der_len, err)) != 0 ||
	    (r = pki_x509_fingerprints(x, ci.sha1, ci.sha256, err)) != 0)
		goto out;
	ci.serial = serial;
	ci.csr_id = id;
	ci.usage = c->usage;
	ci.issued_at = c->now;
	pki_x509_validity(x, &ci.not_before, &ci.not_after);
	ci.subject = pki_x509_subject(x);
	ci.issuer = pki_x509_issuer(x);
	ci.sans = pki_x509_sans(x);
	if (!ci.subject || !ci.issuer || !ci.sans) {
		r = pki_err_nomem(err);
		goto out;
	}
	/* The request's metadata travels with the certificate. */
	ci.file_root = csr.file_root;
	ci.hostname = csr.hostname;
	ci.instance = csr.instance;
	ci.contact_name = csr.contact_name;
	ci.contact_phone = csr.contact_phone;
	ci.contact_email = csr.contact_email;
	csr.file_root = csr.hostname = csr.instance = NULL;
	csr.contact_name = csr.contact_phone = csr.contact_email = NULL;
	if ((r = pki_store_cert_insert(c->store, &ci, der, der_len, err)) != 0 ||
	    (r = pki_store_csr_delete(c->store, id, err)) != 0 ||
	    (r = pki_mail_notify_issued(c->store, &ci, err)) != 0 ||
	    (r = pki_audit(c->store, "cert-issued", err,
	        "certificate %llu \"%s\" for request %lld, %s, SHA-256 %s",
	        (unsigned long long)serial, ci.file_root, (long long)id,
	        pki_usage_name(ci.usage), ci.sha256)) != 0)
		goto out;
	if (out != NULL) {
		ci.pem = pki_der_to_pem("CERTIFICATE", der, der_len);
		if (ci.pem == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		*out = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	pki_cert_info_clear(&ci);
	pki_csr_info_clear(&csr);
	pki_x509_free(&x);
	free(der);
	free(csr_der);
	return r;
}

int
pki_csr_issue(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
              struct pki_cert_info *out, struct pki_error *err)
{
	struct issue_ctx c;
	struct pki_cert_info ci;
	uint64_t serial;
	int r;

	if (out)
		memset(out, 0, sizeof *out);
	memset(&ci, 0, sizeof ci);
	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = ctx_open(&c, store, signer, usage, err)) != 0 ||
	    (r = next_serial(&c, &serial, err)) != 0 ||
	    (r = issue_one(&c, csr_id, serial, &ci, err)) != 0 ||
	    (r = pki_srl_write(c.srl_path, serial + 1, err)) != 0) {
		pki_tx_rollback(store);
		goto out;
	}
	if ((r = pki_tx_commit(store, err)) != 0)
		goto out;
	if (out) {
		*out = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	pki_cert_info_clear(&ci);
	ctx_close(&c);
	return r;
}

int
pki_csr_issue_batch(pki_store *store, pki_signer *signer, const int64_t *ids, size_t n,
                    enum pki_usage usage, size_t *issued, struct pki_error *err)
{
	struct issue_ctx c;
	int64_t *all = NULL;
	uint64_t serial;
	size_t i = 0;
	int r;

	*issued = 0;
	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = ctx_open(&c, store, signer, usage, err)) != 0 ||
	    (r = next_serial(&c, &serial, err)) != 0)
		goto fail;
	if (ids == NULL) {
		if ((r = pki_store_csr_ids(store, &all, &n, err)) != 0)
			goto fail;
		ids = all;
	}
	for (i = 0; i < n; i++)
		if ((r = issue_one(&c, ids[i], serial + i, NULL, err)) != 0)
			goto fail;
	/* One SRL update and one commit for the whole batch. */
	if (n > 0 && (r = pki_srl_write(c.srl_path, serial + n, err)) != 0)
		goto fail;
	if ((r = pki_tx_commit(store, err)) != 0)
		goto out;
	*issued = n;
	goto out;
fail:
	pki_tx_rollback(store);
out:
	free(all);
	ctx_close(&c);
	return r;
}
