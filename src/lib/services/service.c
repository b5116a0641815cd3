/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * service.c: the library side of "ncpki service setup": the web service's
 * own TLS key and certificate, issued with the CA key the caller unlocked
 * through the ordinary intake and issuing path (pki_csr_generate,
 * pki_csr_submit, pki_csr_issue, pki_cert_export). The new key, request
 * and certificate are written in DATA/ncpkid/ncpkid.new and put in service
 * as one pair (pair.c) only once all three exist: a failed or killed
 * renewal leaves the previous pair in service, and ncpkid.key and
 * ncpkid.cer always match.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SERVICE_DIR "ncpkid"
#define SERVICE_ROOT "ncpkid"
#define SERVICE_MAX_NAMES 32

void
pki_service_tls_result_clear(struct pki_service_tls_result *r)
{
	if (r == NULL)
		return;
	free(r->key_path);
	free(r->csr_path);
	free(r->cer_path);
	free(r->subject);
	memset(r, 0, sizeof *r);
}

static char *
service_dir(pki_store *store)
{
	return pki_path_join(pki_store_home(store), SERVICE_DIR);
}

int
pki_service_tls_paths(pki_store *store, char **key_path, char **cer_path, struct pki_error *err)
{
	char *dir = service_dir(store);

	*key_path = *cer_path = NULL;
	if (dir != NULL) {
		*key_path = pki_path_join3(dir, SERVICE_ROOT, ".key");
		*cer_path = pki_path_join3(dir, SERVICE_ROOT, ".cer");
	}
	free(dir);
	if (*key_path == NULL || *cer_path == NULL) {
		free(*key_path);
		free(*cer_path);
		*key_path = *cer_path = NULL;
		return pki_err_nomem(err);
	}
	return 0;
}

int
pki_service_tls_read(pki_store *store, unsigned char **key, size_t *key_len, unsigned char **cer,
    size_t *cer_len, struct pki_error *err)
{
	char *dir = service_dir(store);
	int r;

	*key = *cer = NULL;
	*key_len = *cer_len = 0;
	if (dir == NULL)
		return pki_err_nomem(err);
	r = pki_pair_read(dir, SERVICE_ROOT, 0, key, key_len, cer, cer_len, err);
	free(dir);
	return r;
}

void
pki_service_tls_status_clear(struct pki_service_tls_status *s)
{
	if (s == NULL)
		return;
	free(s->subject);
	free(s->sans);
	free(s->key_desc);
	free(s->key_path);
	free(s->cer_path);
	memset(s, 0, sizeof *s);
}

/* The CA's number for x: its serialNumber, or in random serial mode the
 * counter in its last 64 bits; 0 when it is neither. */
static uint64_t
ca_number(const pki_x509 *x)
{
	char hex[PKI_SERIAL_HEX_SIZE];
	uint64_t n = pki_x509_serial_u64(x);
	size_t len;

	if (n != 0)
		return n;
	pki_x509_serial_hex(x, hex);
	len = strlen(hex);
	if (len <= 16)
		return 0;
	n = strtoull(hex + len - 16, NULL, 16);
	return pki_x509_serial_is(x, n) ? n : 0;
}

int
pki_service_tls_status(pki_store *store, struct pki_service_tls_status *out, struct pki_error *err)
{
	unsigned char *cer = NULL;
	size_t len = 0;
	pki_x509 *x = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_service_tls_paths(store, &out->key_path, &out->cer_path, err)) != 0)
		return r;
	if (!pki_path_exists(out->cer_path)) {
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, NULL,
		    _("The web service has no TLS certificate: run 'ncpki service setup'."));
		goto out;
	}
	if ((r = pki_file_read(out->cer_path, PKI_CERT_MAX_BYTES, &cer, &len, err)) != 0 ||
	    (r = pki_x509_load(cer, len, &x, NULL, err)) != 0 ||
	    (r = pki_x509_fingerprints(x, out->sha1, out->sha256, err)) != 0)
		goto out;
	out->serial = ca_number(x);
	pki_x509_validity(x, &out->not_before, &out->not_after);
	if ((out->subject = pki_x509_subject(x)) == NULL ||
	    (out->sans = pki_x509_sans(x)) == NULL ||
	    (out->key_desc = pki_x509_key_desc(x)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	out->key_present = pki_path_exists(out->key_path);
out:
	if (r != 0)
		pki_service_tls_status_clear(out);
	pki_x509_free(&x);
	free(cer);
	return r;
}

int
pki_service_tls_check(const struct pki_service_tls_params *p, struct pki_error *err)
{
	size_t i;
	int r;

	if (p->nhostnames == 0 || p->hostnames == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "hostname",
		    _("At least one host name is required"));
	if (p->nhostnames + p->nips > SERVICE_MAX_NAMES)
		return pki_err_set(err, PKI_ERR_INVALID, "hostname",
		    _("At most %d host names and addresses can be given"), SERVICE_MAX_NAMES);
	for (i = 0; i < p->nhostnames; i++)
		if ((r = pki_check_hostname(p->hostnames[i], "hostname", err)) != 0)
			return r;
	if (p->hostnames[0][0] == '\0')
		return pki_err_set(err, PKI_ERR_INVALID, "hostname",
		    _("At least one host name is required"));
	return 0;
}

int
pki_service_tls_setup(pki_store *store, pki_signer *signer, const struct pki_service_tls_params *p,
    struct pki_service_tls_result *out, struct pki_error *err)
{
	struct pki_csr_request rq;
	struct pki_csr_generated gen;
	struct pki_csr_meta meta;
	struct pki_csr_info ci;
	struct pki_cert_info cert;
	char *dir = NULL, *sans[SERVICE_MAX_NAMES];
	char *stage = NULL, *new_cer = NULL; /* the new pair before it is in service */
	char *written = NULL;
	size_t nsans = 0, i;
	int64_t csr_id = 0;
	int r;

	memset(out, 0, sizeof *out);
	memset(&gen, 0, sizeof gen);
	memset(&ci, 0, sizeof ci);
	memset(&cert, 0, sizeof cert);
	memset(sans, 0, sizeof sans);
	if ((r = pki_service_tls_check(p, err)) != 0)
		return r;
	if ((dir = service_dir(store)) == NULL ||
	    (out->key_path = pki_path_join3(dir, SERVICE_ROOT, ".key")) == NULL ||
	    (out->csr_path = pki_path_join3(dir, SERVICE_ROOT, ".csr")) == NULL ||
	    (out->cer_path = pki_path_join3(dir, SERVICE_ROOT, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pki_pair_stage(dir, SERVICE_ROOT, &stage, err)) != 0)
		goto out;
	if ((new_cer = pki_path_join3(stage, SERVICE_ROOT, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}

	for (i = 0; i < p->nhostnames; i++)
		if ((sans[nsans++] = pki_strfmt("DNS:%s", p->hostnames[i])) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
	for (i = 0; i < p->nips; i++)
		if ((sans[nsans++] = pki_strfmt("IP:%s", p->ips[i])) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
	memset(&rq, 0, sizeof rq);
	rq.root = SERVICE_ROOT;
	rq.dir = stage;
	rq.subject.cn = p->hostnames[0];
	rq.key_type = p->key_type;
	rq.sans = (const char *const *)sans;
	rq.nsans = nsans;
	if ((r = pki_csr_generate(&rq, &gen, err)) != 0)
		goto out;

	memset(&meta, 0, sizeof meta);
	meta.file_root = SERVICE_ROOT;
	meta.contact_name = "ncpkid";
	meta.hostname = p->hostnames[0];
	if ((r = pki_csr_submit(store, (const unsigned char *)gen.pem, strlen(gen.pem), &meta, &ci,
	         err)) != 0)
		goto out;
	csr_id = ci.id;
	if ((r = pki_csr_issue(store, signer, csr_id, PKI_USAGE_TLS, &cert, err)) != 0)
		goto out;
	csr_id = 0; /* issued: no longer pending */
	{
		/* Under an intermediate CA the service sends its chain (without
		 * the root) so that clients trusting only the root verify it. */
		char **pems = NULL;
		size_t npems = 0;
		bool inter = pki_ca_chain(store, &pems, &npems, err) == 0 && npems > 1;

		pki_pem_array_free(&pems, npems);
		pki_error_clear(err);
		r = inter ? pki_cert_export_chain(store, cert.serial, new_cer, true, false,
		                &written, NULL, err)
		          : pki_cert_export(store, cert.serial, new_cer, true, &written, NULL, err);
		if (r != 0)
			goto out;
	}

	out->renewed = pki_path_exists(out->cer_path) || pki_path_exists(out->key_path);
	if ((r = pki_pair_commit(dir, SERVICE_ROOT, cert.serial, 0, err)) != 0)
		goto out;
	out->serial = cert.serial;
	out->subject = cert.subject;
	cert.subject = NULL;
	memcpy(out->sha1, cert.sha1, sizeof out->sha1);
	memcpy(out->sha256, cert.sha256, sizeof out->sha256);
	out->not_after = cert.not_after;
out:
	if (r != 0) {
		struct pki_error ignored;

		if (csr_id > 0)
			(void)pki_csr_delete(store, csr_id, &ignored);
		if (stage != NULL)
			pki_pair_unstage(dir, SERVICE_ROOT);
		pki_service_tls_result_clear(out);
	}
	for (i = 0; i < nsans; i++)
		free(sans[i]);
	free(stage);
	free(new_cer);
	free(written);
	free(dir);
	pki_cert_info_clear(&cert);
	pki_csr_info_clear(&ci);
	pki_csr_generated_clear(&gen);
	return r;
}
