/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keygen.c: a new key pair and its PKCS#10 request, as the CA client's
 * "Submit Certificate Signing Request" and ncpkid's own TLS set-up make
 * them. The request is checked by the same intake rules the CA applies
 * before any file is written.
 */
#include "x509/crypto.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#define MAX_REQ_SANS 100

void
pki_csr_generated_clear(struct pki_csr_generated *g)
{
	if (g == NULL)
		return;
	free(g->key_path);
	free(g->csr_path);
	free(g->pem);
	memset(g, 0, sizeof *g);
}

/* "DNS:x", "IP:x", "email:x", "URI:x" → a checked GENERAL_NAME. */
static GENERAL_NAME *
san_parse(const char *s, struct pki_error *err)
{
	const char *v = strchr(s, ':');
	unsigned char ip[16];
	GENERAL_NAME *g = NULL;
	int type = -1, iplen = 0;
	bool ok = false;

	if (v != NULL) {
		size_t n = (size_t)(v - s);
		v++;
		if (n == 3 && strncasecmp(s, "DNS", 3) == 0) {
			type = GEN_DNS;
			ok = pki_hostname_syntax(v, true);
		} else if (n == 2 && strncasecmp(s, "IP", 2) == 0) {
			type = GEN_IPADD;
			if (inet_pton(AF_INET, v, ip) == 1)
				iplen = 4;
			else if (inet_pton(AF_INET6, v, ip) == 1)
				iplen = 16;
			ok = iplen > 0;
		} else if (n == 5 && strncasecmp(s, "email", 5) == 0) {
			type = GEN_EMAIL;
			ok = pki_email_syntax(v);
		} else if (n == 3 && strncasecmp(s, "URI", 3) == 0) {
			type = GEN_URI;
			ok = strchr(v, ':') != NULL && strlen(v) < 1024;
			for (const char *p = v; ok && *p; p++)
				ok = *p > ' ' && *p < 0x7F;
		}
	}
	if (!ok && type == GEN_DNS && strchr(v, '*') != NULL) {
		pki_check_dns_name(v, true, "sans", err); /* says what is wrong */
		return NULL;
	}
	if (!ok) {
		char *shown = pki_sanitize(s);
		pki_err_set(err, PKI_ERR_INVALID, "sans",
		    _("\"%s\" is not a subjectAltName ncpki accepts: use DNS:host, IP:address, "
		      "email:address or URI:uri"),
		    shown ? shown : "");
		free(shown);
		return NULL;
	}
	if ((g = GENERAL_NAME_new()) == NULL) {
		pki_err_nomem(err);
		return NULL;
	}
	ASN1_STRING *str = type == GEN_IPADD ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new();
	if (str == NULL ||
	    !ASN1_STRING_set(str, type == GEN_IPADD ? (const void *)ip : v,
	        type == GEN_IPADD ? iplen : (int)strlen(v))) {
		ASN1_STRING_free(str);
		GENERAL_NAME_free(g);
		pki_err_nomem(err);
		return NULL;
	}
	GENERAL_NAME_set0_value(g, type, str);
	return g;
}

int
pki_san_check(const char *san, struct pki_error *err)
{
	GENERAL_NAME *g = san_parse(san != NULL ? san : "", err);

	if (g == NULL)
		return err != NULL && err->code != 0 ? err->code : PKI_ERR_INVALID;
	GENERAL_NAME_free(g);
	return 0;
}

/* The subject and subjectAltName of rq, or of certificate tmpl when given. */
static int
build_request(const struct pki_csr_request *rq, const X509 *tmpl, EVP_PKEY *pk, X509_REQ **out,
    struct pki_error *err)
{
	X509_REQ *req = X509_REQ_new();
	X509_NAME *name = NULL;
	GENERAL_NAMES *gens = NULL;
	STACK_OF(X509_EXTENSION) *exts = NULL;
	int r = 0, crit = 0;

	*out = NULL;
	if (req == NULL)
		return pki_err_nomem(err);
	if (tmpl != NULL) {
		if ((name = X509_NAME_dup(X509_get_subject_name(tmpl))) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		gens = X509_get_ext_d2i(tmpl, NID_subject_alt_name, &crit, NULL);
		if (gens == NULL && crit != -1) {
			r = pki_err_crypto(err, _("Cannot read the certificate's subjectAltName"));
			goto out;
		}
	} else if ((r = pki_dn_to_name(&rq->subject, &name, err)) != 0)
		goto out;
	if (!X509_REQ_set_version(req, X509_REQ_VERSION_1) ||
	    !X509_REQ_set_subject_name(req, name) || !X509_REQ_set_pubkey(req, pk)) {
		r = pki_err_crypto(err, _("Cannot build the Certificate Signing Request"));
		goto out;
	}
	if (tmpl == NULL && rq->nsans > 0) {
		if ((gens = GENERAL_NAMES_new()) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		for (size_t i = 0; i < rq->nsans; i++) {
			GENERAL_NAME *g = san_parse(rq->sans[i], err);
			if (g == NULL) {
				r = err ? err->code : PKI_ERR_INVALID;
				goto out;
			}
			sk_GENERAL_NAME_push(gens, g);
		}
	}
	if (gens != NULL) {
		if ((exts = sk_X509_EXTENSION_new_null()) == NULL ||
		    !X509V3_add1_i2d(&exts, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) ||
		    !X509_REQ_add_extensions(req, exts)) {
			r = pki_err_crypto(err, _("Cannot add the subjectAltName to the request"));
			goto out;
		}
	}
	if (X509_REQ_sign(req, pk, pki_sign_md(pk)) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the Certificate Signing Request"));
		goto out;
	}
	*out = req;
	req = NULL;
out:
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	X509_REQ_free(req);
	return r;
}

static int
key_pem(const pki_key *key, const char *pw, size_t pwlen, char **pem, size_t *len,
    struct pki_error *err)
{
	BIO *b;
	char *data;
	long n;
	int r = 0;

	if (pw != NULL && pwlen > 0)
		return pki_key_to_pem(key, pw, pwlen, pem, len, err);
	*pem = NULL;
	if ((b = BIO_new(BIO_s_secmem())) == NULL ||
	    !PEM_write_bio_PrivateKey(b, CPKEY(key), NULL, NULL, 0, NULL, NULL)) {
		BIO_free(b);
		return pki_err_crypto(err, _("Cannot encode the private key"));
	}
	n = BIO_get_mem_data(b, &data);
	if ((*pem = malloc((size_t)n + 1)) == NULL)
		r = pki_err_nomem(err);
	else {
		memcpy(*pem, data, (size_t)n);
		(*pem)[n] = '\0';
		*len = (size_t)n;
	}
	BIO_free(b);
	return r;
}

/*
 * tmpl NULL: a request for rq's subject and SANs; else for the subject and
 * SANs of certificate tmpl (a renewal). given NULL: a new key of rq's type;
 * else that key, whose file (key_file, key_file_len) is written verbatim.
 */
static int
generate(const struct pki_csr_request *rq, const X509 *tmpl, const pki_key *given,
    const unsigned char *key_file, size_t key_file_len, struct pki_csr_generated *out,
    struct pki_error *err)
{
	struct pki_csr_info info;
	pki_key *key = NULL;
	X509_REQ *req = NULL;
	unsigned char *der = NULL, *checked = NULL;
	char *kpem = NULL;
	size_t klen = 0, checked_len = 0;
	int n, r;

	memset(out, 0, sizeof *out);
	memset(&info, 0, sizeof info);
	if ((r = pki_check_file_root(rq->root, "root", err)) != 0 ||
	    (tmpl == NULL && (r = pki_dn_check(&rq->subject, err)) != 0))
		return r;
	if (pki_str_empty(rq->dir))
		return pki_err_set(err, PKI_ERR_INVALID, "dir", _("A directory is required"));
	if (rq->password != NULL && rq->password_len > 0 &&
	    (r = pki_check_password(rq->password, rq->password_len, "password", err)) != 0)
		return r;
	if (rq->nsans > MAX_REQ_SANS)
		return pki_err_set(err, PKI_ERR_INVALID, "sans",
		    _("At most %d subjectAltNames can be requested"), MAX_REQ_SANS);
	/* Every SAN before the key, which may take seconds to make. */
	for (size_t i = 0; tmpl == NULL && i < rq->nsans; i++)
		if ((r = pki_san_check(rq->sans[i], err)) != 0)
			return r;
	if ((out->key_path = pki_path_join3(rq->dir, rq->root, ".key")) == NULL ||
	    (out->csr_path = pki_path_join3(rq->dir, rq->root, ".csr")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (pki_path_exists(out->key_path) || pki_path_exists(out->csr_path)) {
		r = pki_err_set(err, PKI_ERR_EXISTS, "root",
		    _("\"%s\" or \"%s\" already exists: choose another file name root"),
		    out->key_path, out->csr_path);
		goto out;
	}
	if ((given == NULL && (r = pki_key_generate(rq->key_type, &key, err)) != 0) ||
	    (r = build_request(rq, tmpl, PKEY(given != NULL ? given : key), &req, err)) != 0)
		goto out;
	if ((n = i2d_X509_REQ(req, &der)) <= 0) {
		r = pki_err_crypto(err, _("Cannot encode the Certificate Signing Request"));
		goto out;
	}
	/* The CA will apply these rules: apply them before anything is written. */
	if ((r = pki_csr_parse(der, (size_t)n, &info, &checked, &checked_len, err)) != 0)
		goto out;
	if ((r = pki_mkdir_p(rq->dir, 0700, err)) != 0 ||
	    (given == NULL &&
	        (r = key_pem(key, rq->password, rq->password_len, &kpem, &klen, err)) != 0) ||
	    (r = pki_file_write_atomic(out->key_path, given != NULL ? (const void *)key_file : kpem,
	         given != NULL ? key_file_len : klen, 0600, err)) != 0 ||
	    (r = pki_file_write_atomic(out->csr_path, info.pem, strlen(info.pem), 0644, err)) != 0)
		goto out;
	memcpy(out->sha1, info.sha1, sizeof out->sha1);
	memcpy(out->sha256, info.sha256, sizeof out->sha256);
	out->pem = info.pem;
	info.pem = NULL;
out:
	pki_secret_free(kpem, klen);
	pki_csr_info_clear(&info);
	free(checked);
	OPENSSL_free(der);
	X509_REQ_free(req);
	pki_key_free(&key);
	if (r != 0)
		pki_csr_generated_clear(out);
	return r;
}

int
pki_csr_generate(const struct pki_csr_request *rq, struct pki_csr_generated *out,
    struct pki_error *err)
{
	return generate(rq, NULL, NULL, NULL, 0, out, err);
}

int
pki_csr_generate_renewal(const struct pki_csr_request *rq, const pki_x509 *cert, const pki_key *key,
    const unsigned char *key_file, size_t key_file_len, struct pki_csr_generated *out,
    struct pki_error *err)
{
	return generate(rq, CX509P(cert), key, key_file, key_file_len, out, err);
}
