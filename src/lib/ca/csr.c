/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csr.c: certificate signing request intake (the call the CLI import and
 * the web service share), the pending list, and deletion (rejection).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static bool
same_text(const char *a, const char *b, bool any_case)
{
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	return any_case ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* "Jane Doe <jane@example.com>, +1 555 0100", sanitized; caller frees. */
static char *
contact_text(const char *name, const char *email, const char *phone)
{
	char *t =
	    pki_strfmt("%s%s%s%s%s%s", name != NULL ? name : "", pki_str_empty(email) ? "" : " <",
	        pki_str_empty(email) ? "" : email, pki_str_empty(email) ? "" : ">",
	        pki_str_empty(phone) ? "" : ", ", pki_str_empty(phone) ? "" : phone);
	char *shown = t != NULL ? pki_sanitize(t) : NULL;

	free(t);
	return shown;
}

/*
 * A renewal names an issued certificate that is not revoked,
 * with exactly the request's subject, every SAN it asks for and its
 * contact, and proves possession of that certificate's key: the request
 * keeps the key (its own signature proved it at parsing), or it carries a
 * proof signed with that key. Anything else may come as a new request.
 */
static int
check_renewal(pki_store *store, const struct pki_csr_info *c, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	struct pki_cert_info ci;
	unsigned char *cder = NULL;
	size_t cder_len = 0;
	char *want = NULL, *got = NULL, *extra = NULL;
	unsigned long long serial = (unsigned long long)c->renewal_of;
	bool same_key = false, proven = false;
	int r;

	memset(&ci, 0, sizeof ci);
	r = c->renewal_of > INT64_MAX
	    ? PKI_ERR_NOT_FOUND
	    : store->ops->cert_get(store, c->renewal_of, &ci, &cder, &cder_len, err);
	if (r == PKI_ERR_NOT_FOUND)
		return pki_err_set(err, PKI_ERR_INVALID, "renewal_of",
		    _("Certificate %llu was never issued by this Certificate Authority: "
		      "a renewal names the serial number of an issued certificate"),
		    serial);
	if (r != 0)
		goto out;
	if (strcmp(ci.subject, c->subject) != 0) {
		want = pki_sanitize(ci.subject);
		got = pki_sanitize(c->subject);
		r = pki_err_set(err, PKI_ERR_INVALID, "renewal_of",
		    _("The request's subject \"%s\" is not the subject of certificate %llu "
		      "(\"%s\"): a renewal keeps the subject exactly"),
		    got ? got : "", serial, want ? want : "");
		goto out;
	}
	if (ci.revoked_at != 0) {
		r = pki_err_set(err, PKI_ERR_NOT_RENEWAL, "renewal_of",
		    _("Certificate %llu is revoked: it cannot be renewed. Send the request as a "
		      "new request instead"),
		    serial);
		goto out;
	}
	if ((r = pki_renewal_compare(cder, cder_len, der, der_len, &same_key, &extra, err)) != 0)
		goto out;
	if (extra != NULL) {
		got = pki_sanitize(extra);
		r = pki_err_set(err, PKI_ERR_NOT_RENEWAL, "sans",
		    _("The request asks for %s, which certificate %llu does not have: a renewal "
		      "may not add names. Send the request as a new request instead"),
		    got ? got : "", serial);
		goto out;
	}
	if (!same_text(ci.contact_name, c->contact_name, false) ||
	    !same_text(ci.contact_email, c->contact_email, true) ||
	    !same_text(ci.contact_phone, c->contact_phone, false)) {
		want = contact_text(ci.contact_name, ci.contact_email, ci.contact_phone);
		got = contact_text(c->contact_name, c->contact_email, c->contact_phone);
		r = pki_err_set(err, PKI_ERR_NOT_RENEWAL, "contact",
		    _("The request's technical contact \"%s\" is not the contact of certificate "
		      "%llu (\"%s\"): a renewal keeps the contact. Send the request as a new "
		      "request instead"),
		    got ? got : "", serial, want ? want : "");
		goto out;
	}
	if (same_key)
		goto out; /* the request's own signature proved possession */
	if (pki_str_empty(c->renewal_proof)) {
		r = pki_err_set(err, PKI_ERR_NOT_RENEWAL, "renewal_proof",
		    _("The request has a new key and no proof of possession of the key of "
		      "certificate %llu: a renewal keeps that key or comes with a proof signed "
		      "with it (ncpki client renew makes one). Send the request as a new "
		      "request instead"),
		    serial);
		goto out;
	}
	if ((r = pki_renewal_proof_verify(cder, cder_len, c->renewal_of, der, der_len,
	         c->renewal_proof, &proven, err)) != 0)
		goto out;
	if (!proven)
		r = pki_err_set(err, PKI_ERR_NOT_RENEWAL, "renewal_proof",
		    _("The renewal proof is not a signature by the key of certificate %llu over "
		      "this request: it proves nothing. Send the request as a new request "
		      "instead"),
		    serial);
out:
	free(want);
	free(got);
	free(extra);
	free(cder);
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
    struct pki_csr_info *c, unsigned char **der, size_t *der_len, struct pki_error *err)
{
	int r;

	memset(c, 0, sizeof *c);
	*der = NULL;
	*der_len = 0;
	if ((r = check_meta(meta, err)) != 0)
		return r;
	if (meta->renewal_proof != NULL && meta->renewal_of == 0)
		return pki_err_set(err, PKI_ERR_INVALID, "renewal_proof",
		    _("A renewal proof goes with the serial number of the certificate renewed"));
	if (meta->renewal_proof != NULL && strlen(meta->renewal_proof) > PKI_RENEWAL_PROOF_MAX)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "renewal_proof",
		    _("The renewal proof is longer than %d characters"), PKI_RENEWAL_PROOF_MAX);
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
	c->renewal_proof = meta->renewal_proof != NULL ? strdup(meta->renewal_proof) : NULL;
	if ((meta->renewal_proof != NULL && c->renewal_proof == NULL) || !c->file_root ||
	    !c->contact_name || !c->contact_phone || !c->contact_email || !c->hostname ||
	    !c->instance) {
		pki_csr_info_clear(c);
		free(*der);
		*der = NULL;
		return pki_err_nomem(err);
	}
	return 0;
}

/* Inside the caller's write transaction: renewal, duplicate, row, audit. */
int
pki_csr_store_tx(pki_store *store, struct pki_csr_info *c, const unsigned char *der, size_t der_len,
    struct pki_error *err)
{
	int64_t dup = 0;
	int r;

	if (c->renewal_of != 0 && (r = check_renewal(store, c, der, der_len, err)) != 0)
		return r;
	if ((r = store->ops->csr_find_sha256(store, c->sha256, &dup, err)) == 0 && dup != 0)
		r = pki_err_set(err, PKI_ERR_DUPLICATE, "csr",
		    _("This Certificate Signing Request is already pending as request %lld"),
		    (long long)dup);
	if (r == 0)
		r = store->ops->csr_insert(store, c, der, der_len, err);
	/* The administrator hears of it in the next digest
	 * (pki_mail_csr_digest), not in a notice of its own. */
	if (r == 0)
		r = pki_audit(store, "csr-received", err, "request %lld \"%s\" %s, SHA-1 %s%s",
		    (long long)c->id, c->file_root, c->subject, c->sha1,
		    c->renewal_of != 0 ? ", a renewal" : "");
	return r;
}

int
pki_csr_submit(pki_store *store, const unsigned char *data, size_t len,
    const struct pki_csr_meta *meta, struct pki_csr_info *out, struct pki_error *err)
{
	struct pki_csr_info c;
	unsigned char *der = NULL;
	size_t der_len = 0;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_csr_prepare(data, len, meta, &c, &der, &der_len, err)) != 0)
		return r;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out;
	if ((r = pki_csr_store_tx(store, &c, der, der_len, err)) != 0) {
		store->ops->tx_rollback(store);
		goto out;
	}
	if ((r = store->ops->tx_commit(store, err)) != 0)
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
	return store->ops->csr_list(store, out, n, err);
}

int
pki_csr_count(pki_store *store, size_t *n, struct pki_error *err)
{
	return store->ops->csr_count(store, n, err);
}

int
pki_csr_get(pki_store *store, int64_t id, struct pki_csr_info *out, struct pki_error *err)
{
	return store->ops->csr_get(store, id, out, NULL, NULL, err);
}

int
pki_csr_delete(pki_store *store, int64_t id, struct pki_error *err)
{
	int r;

	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = store->ops->csr_delete(store, id, err)) != 0 ||
	    (r = pki_audit(store, "csr-deleted", err, "request %lld", (long long)id)) != 0) {
		store->ops->tx_rollback(store);
		return r;
	}
	return store->ops->tx_commit(store, err);
}

int
pki_renewal_proof_read(const char *path, char **out, struct pki_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0, i;
	int r;

	*out = NULL;
	if ((r = pki_file_read(path, PKI_RENEWAL_PROOF_MAX + 64, &data, &len, err)) != 0)
		return r;
	while (len > 0 && strchr(" \t\r\n", data[len - 1]) != NULL)
		len--;
	for (i = 0;
	     i < len && (data[i] == '\n' || data[i] == '\r' || (data[i] > ' ' && data[i] < 0x7f));
	     i++)
		;
	if (len == 0 || i < len) {
		free(data);
		return pki_err_set(err, PKI_ERR_INVALID, "renewal_proof",
		    _("The file \"%s\" is not a renewal proof (base64 text)"), path);
	}
	data[len] = '\0'; /* pki_file_read leaves room for it */
	*out = (char *)data;
	return 0;
}
