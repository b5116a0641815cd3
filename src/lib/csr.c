/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csr.c: certificate signing request intake (the call the CLI import and
 * the web service share), the pending list, and deletion (rejection).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
check_meta(const struct pki_csr_meta *m, struct pki_error *err)
{
	int r;

	if ((r = pki_check_file_root(m->file_root, "file_root", err)) != 0)
		return r;
	if ((r = pki_check_text(m->contact_name, 128, _("The contact name"), err)) != 0) {
		snprintf(err->field, sizeof err->field, "contact_name");
		return r;
	}
	if (!pki_str_empty(m->contact_phone) &&
	    (r = pki_check_phone(m->contact_phone, "contact_phone", err)) != 0)
		return r;
	if (!pki_str_empty(m->contact_email) &&
	    (r = pki_check_email(m->contact_email, "contact_email", err)) != 0)
		return r;
	if (!pki_str_empty(m->hostname) &&
	    (r = pki_check_hostname(m->hostname, "hostname", err)) != 0)
		return r;
	if (!pki_str_empty(m->instance) &&
	    (r = pki_check_instance(m->instance, "instance", err)) != 0)
		return r;
	return 0;
}

/* A renewal names an issued certificate with exactly the request's subject. */
static int
check_renewal(pki_store *store, uint64_t serial, const char *subject,
              struct pki_error *err)
{
	struct pki_cert_info ci;
	char *want = NULL, *got = NULL;
	int r;

	memset(&ci, 0, sizeof ci);
	r = serial > INT64_MAX ? PKI_ERR_NOT_FOUND
	                       : pki_store_cert_get(store, serial, &ci, NULL, NULL, err);
	if (r == PKI_ERR_NOT_FOUND)
		return pki_err_set(err, PKI_ERR_INVALID, "renewal_of",
		    _("Certificate %llu was never issued by this Certificate Authority: "
		      "a renewal names the serial number of an issued certificate"),
		    (unsigned long long)serial);
	if (r != 0)
		return r;
	if (strcmp(ci.subject, subject) != 0) {
		want = pki_sanitize(ci.subject);
		got = pki_sanitize(subject);
		r = pki_err_set(err, PKI_ERR_INVALID, "renewal_of",
		    _("The request's subject \"%s\" is not the subject of certificate %llu "
		      "(\"%s\"): a renewal keeps the subject exactly"),
		    got ? got : "", (unsigned long long)serial, want ? want : "");
	}
	free(want);
	free(got);
	pki_cert_info_clear(&ci);
	return r;
}

int
pki_csr_inspect(const unsigned char *data, size_t len, struct pki_csr_info *out,
                struct pki_error *err)
{
	unsigned char *der = NULL;
	size_t der_len = 0;
	int r = pki_csr_parse(data, len, out, &der, &der_len, err);

	free(der);
	return r;
}

int
pki_csr_prepare(const unsigned char *data, size_t len, const struct pki_csr_meta *meta,
                struct pki_csr_info *c, unsigned char **der, size_t *der_len,
                struct pki_error *err)
{
	int r;

	memset(c, 0, sizeof *c);
	*der = NULL;
	*der_len = 0;
	if ((r = check_meta(meta, err)) != 0)
		return r;
	if ((r = pki_csr_parse(data, len, c, der, der_len, err)) != 0)
		return r;
	c->file_root = strdup(meta->file_root);
	c->contact_name = pki_strdup_nn(meta->contact_name);
	c->contact_phone = pki_strdup_nn(meta->contact_phone);
	c->contact_email = pki_strdup_nn(meta->contact_email);
	c->hostname = pki_strdup_nn(meta->hostname);
	c->instance = pki_strdup_nn(meta->instance);
	c->received = time(NULL);
	c->renewal_of = meta->renewal_of;
	if (!c->file_root || !c->contact_name || !c->contact_phone || !c->contact_email ||
	    !c->hostname || !c->instance) {
		pki_csr_info_clear(c);
		free(*der);
		*der = NULL;
		return pki_err_nomem(err);
	}
	return 0;
}

/* Inside the caller's write transaction: renewal, duplicate, row, audit. */
int
pki_csr_store_tx(pki_store *store, struct pki_csr_info *c, const unsigned char *der,
                 size_t der_len, struct pki_error *err)
{
	int64_t dup = 0;
	int r;

	if (c->renewal_of != 0 &&
	    (r = check_renewal(store, c->renewal_of, c->subject, err)) != 0)
		return r;
	if ((r = pki_store_csr_find_sha256(store, c->sha256, &dup, err)) == 0 && dup != 0)
		r = pki_err_set(err, PKI_ERR_DUPLICATE, "csr",
		    _("This Certificate Signing Request is already pending as request %lld"),
		    (long long)dup);
	if (r == 0)
		r = pki_store_csr_insert(store, c, der, der_len, err);
	/* The administrator hears of it in the next digest
	 * (pki_mail_csr_digest), not in a notice of its own (issue 14). */
	if (r == 0)
		r = pki_audit(store, "csr-received", err, "request %lld \"%s\" %s, SHA-1 %s%s",
		    (long long)c->id, c->file_root, c->subject, c->sha1,
		    c->renewal_of != 0 ? ", a renewal" : "");
	return r;
}

int
pki_csr_submit(pki_store *store, const unsigned char *data, size_t len,
               const struct pki_csr_meta *meta, struct pki_csr_info *out,
               struct pki_error *err)
{
	struct pki_csr_info c;
	unsigned char *der = NULL;
	size_t der_len = 0;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_csr_prepare(data, len, meta, &c, &der, &der_len, err)) != 0)
		return r;
	if ((r = pki_tx_begin(store, true, err)) != 0)
		goto out;
	if ((r = pki_csr_store_tx(store, &c, der, der_len, err)) != 0) {
		pki_tx_rollback(store);
		goto out;
	}
	if ((r = pki_tx_commit(store, err)) != 0)
		goto out;
	*out = c;
	memset(&c, 0, sizeof c);
out:
	pki_csr_info_clear(&c);
	free(der);
	return r;
}

int
pki_csr_list(pki_store *store, struct pki_csr_info **out, size_t *n, struct pki_error *err)
{
	return pki_store_csr_list(store, out, n, err);
}

int
pki_csr_count(pki_store *store, size_t *n, struct pki_error *err)
{
	return pki_store_csr_count(store, n, err);
}

int
pki_csr_get(pki_store *store, int64_t id, struct pki_csr_info *out, struct pki_error *err)
{
	return pki_store_csr_get(store, id, out, NULL, NULL, err);
}

int
pki_csr_delete(pki_store *store, int64_t id, struct pki_error *err)
{
	int r;

	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_store_csr_delete(store, id, err)) != 0 ||
	    (r = pki_audit(store, "csr-deleted", err, "request %lld", (long long)id)) != 0) {
		pki_tx_rollback(store);
		return r;
	}
	return pki_tx_commit(store, err);
}
