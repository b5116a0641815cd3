/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ocsp.c: "ncpki ocsp setup" and "ncpki ocsp status": the delegated OCSP
 * signing certificate that lets the web service answer OCSP without the CA
 * key. As for ncpkid's TLS pair (service.c), the key and request are made
 * in HOME/ncpkid/ocsp.new, the request goes through the ordinary intake and
 * is issued (usage 'ocsp', a short validity) by the CA key; the pair is put
 * in service as one (pair.c, version ocsp.vSERIAL) only then, and the
 * database names the new certificate last: the responder reads the key of
 * the version the database names, so it never pairs a new key with an old
 * certificate, even after a SIGKILL, and a failure leaves the previous
 * signer in service.
 */
#include "services/ocsp_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
pki_ocsp_signer_clear(struct pki_ocsp_signer *s)
{
	if (s == NULL)
		return;
	free(s->subject);
	free(s->key_desc);
	free(s->key_path);
	free(s->cer_path);
	memset(s, 0, sizeof *s);
}

char *
pki_ocsp_path(pki_store *s, const char *root, const char *ext)
{
	char *dir = pki_path_join(pki_store_home(s), PKI_OCSP_DIR);
	char *p = dir != NULL ? pki_path_join3(dir, root, ext) : NULL;

	free(dir);
	return p;
}

static int
signer_serial_set(pki_store *s, uint64_t serial, struct pki_error *err)
{
	int r;

	if ((r = s->ops->tx_begin(s, true, err)) != 0)
		return r;
	r = s->ops->ca_set_ocsp_signer(s, serial, err);
	if (r == 0)
		r = pki_audit(s, "config-changed", err, "OCSP signer certificate %llu",
		    (unsigned long long)serial);
	if (r != 0) {
		s->ops->tx_rollback(s);
		return r;
	}
	return s->ops->tx_commit(s, err);
}

/* Everything but the paths, from the certificate's row. */
static int
signer_describe(pki_store *store, uint64_t serial, struct pki_ocsp_signer *out,
    struct pki_error *err)
{
	struct pki_cert_info ci;
	unsigned char *der = NULL;
	size_t len = 0;
	pki_x509 *x = NULL;
	int r;

	if ((r = store->ops->cert_get(store, serial, &ci, &der, &len, err)) != 0)
		return r;
	if ((r = pki_x509_load(der, len, &x, NULL, err)) == 0) {
		out->serial = serial;
		out->subject = ci.subject;
		ci.subject = NULL;
		out->key_desc = pki_x509_key_desc(x);
		memcpy(out->sha1, ci.sha1, sizeof out->sha1);
		memcpy(out->sha256, ci.sha256, sizeof out->sha256);
		out->not_before = ci.not_before;
		out->not_after = ci.not_after;
		if (out->subject == NULL || out->key_desc == NULL)
			r = pki_err_nomem(err);
	}
	pki_x509_free(&x);
	free(der);
	pki_cert_info_clear(&ci);
	return r;
}

int
pki_ocsp_status(pki_store *store, struct pki_ocsp_signer *out, struct pki_error *err)
{
	uint64_t serial = 0;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store->ops->ca_ocsp_signer(store, &serial, err)) != 0)
		return r;
	if (serial == 0)
		return pki_err_set(err, PKI_ERR_NOT_FOUND, NULL,
		    _("No OCSP signing certificate has been set up: run 'ncpki ocsp setup'."));
	if ((r = signer_describe(store, serial, out, err)) != 0)
		goto out;
	out->key_path = pki_ocsp_path(store, PKI_OCSP_ROOT, ".key");
	out->cer_path = pki_ocsp_path(store, PKI_OCSP_ROOT, ".cer");
	if (out->key_path == NULL || out->cer_path == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	out->key_present = pki_path_exists(out->key_path);
out:
	if (r != 0)
		pki_ocsp_signer_clear(out);
	return r;
}

int
pki_ocsp_setup(pki_store *store, pki_signer *signer, const struct pki_ocsp_setup_params *p,
    struct pki_ocsp_signer *out, struct pki_error *err)
{
	static const char *const exts[3] = { ".key", ".csr", ".cer" };
	struct pki_server_info info;
	char *stage = NULL, *new_cer = NULL;
	struct pki_csr_request rq;
	struct pki_csr_generated gen;
	struct pki_csr_meta meta;
	struct pki_csr_info ci;
	struct pki_cert_info cert;
	char *dir = NULL, *cn = NULL, *written = NULL;
	char *finalp[3] = { NULL, NULL, NULL };
	uint64_t old = 0;
	int64_t csr_id = 0;
	long days = p->days > 0 ? p->days : PKI_OCSP_DAYS_DEFAULT;
	size_t i;
	int r;

	memset(out, 0, sizeof *out);
	memset(&info, 0, sizeof info);
	memset(&gen, 0, sizeof gen);
	memset(&ci, 0, sizeof ci);
	memset(&cert, 0, sizeof cert);
	if (days > PKI_OCSP_DAYS_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("An OCSP signing certificate lives %d days at most"), PKI_OCSP_DAYS_MAX);
	if ((unsigned)p->key_type >= PKI_KEY__COUNT)
		return pki_err_set(err, PKI_ERR_INVALID, "key_type", _("Unknown key type"));
	if ((r = pki_server_info(store, &info, err)) != 0)
		return r;
	if ((r = store->ops->ca_ocsp_signer(store, &old, err)) != 0)
		goto out;
	if ((dir = pki_path_join(pki_store_home(store), PKI_OCSP_DIR)) == NULL ||
	    (cn = pki_strfmt("%s OCSP Responder", info.root)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (i = 0; i < 3; i++)
		if ((finalp[i] = pki_path_join3(dir, PKI_OCSP_ROOT, exts[i])) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
	if ((r = pki_signer_check(store, signer, err)) != 0 ||
	    (r = pki_pair_stage(dir, PKI_OCSP_ROOT, &stage, err)) != 0)
		goto out;
	if ((new_cer = pki_path_join3(stage, PKI_OCSP_ROOT, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}

	memset(&rq, 0, sizeof rq);
	rq.root = PKI_OCSP_ROOT;
	rq.dir = stage;
	rq.subject.cn = cn;
	rq.key_type = p->key_type;
	if ((r = pki_csr_generate(&rq, &gen, err)) != 0)
		goto out;
	memset(&meta, 0, sizeof meta);
	meta.file_root = PKI_OCSP_ROOT;
	meta.contact_name = "ncpkid";
	if ((r = pki_csr_submit(store, (const unsigned char *)gen.pem, strlen(gen.pem), &meta, &ci,
	         err)) != 0)
		goto out;
	csr_id = ci.id;
	if ((r = pki_csr_issue_days(store, signer, csr_id, PKI_USAGE_OCSP, days, &cert, err)) != 0)
		goto out;
	csr_id = 0; /* issued: no longer pending */
	if ((r = pki_cert_export(store, cert.serial, new_cer, true, &written, NULL, err)) != 0)
		goto out;
	out->renewed = old != 0 || pki_path_exists(finalp[0]);
	if ((r = pki_pair_commit(dir, PKI_OCSP_ROOT, cert.serial, old, err)) != 0)
		goto out;
	/* Last: from now on the web service signs with the new pair. */
	if ((r = signer_serial_set(store, cert.serial, err)) != 0)
		goto out;
	if ((r = signer_describe(store, cert.serial, out, err)) != 0)
		goto out;
	out->key_path = finalp[0];
	out->cer_path = finalp[2];
	finalp[0] = finalp[2] = NULL;
	out->key_present = true;
out:
	if (r != 0) {
		struct pki_error ignored;

		if (csr_id > 0)
			(void)pki_csr_delete(store, csr_id, &ignored);
		if (stage != NULL)
			pki_pair_unstage(dir, PKI_OCSP_ROOT);
		pki_ocsp_signer_clear(out);
	}
	for (i = 0; i < 3; i++)
		free(finalp[i]);
	free(stage);
	free(new_cer);
	free(written);
	free(dir);
	free(cn);
	pki_cert_info_clear(&cert);
	pki_csr_info_clear(&ci);
	pki_csr_generated_clear(&gen);
	pki_server_info_clear(&info);
	return r;
}
