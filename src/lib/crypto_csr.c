/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_csr.c: reading a PKCS#10 request and deciding whether ncpki will
 * take it: syntax, signature, signing digest, key strength, a subject that
 * is safe to show, and subjectAltNames of the kinds ncpki issues.
 */
#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#define MAX_SANS 100

int
pki_req_from_der(const unsigned char *der, size_t len, X509_REQ **out,
                 struct pki_error *err)
{
	const unsigned char *p = der;
	X509_REQ *req;

	*out = NULL;
	if (len > PKI_CSR_MAX_BYTES)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "csr",
		    _("The Certificate Signing Request is larger than %d bytes"), PKI_CSR_MAX_BYTES);
	req = d2i_X509_REQ(NULL, &p, (long)len);
	if (req != NULL && p != der + len) {
		X509_REQ_free(req);
		req = NULL;
	}
	ERR_clear_error();
	if (req == NULL)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The data is not a PKCS#10 Certificate Signing Request in PEM or DER form"));
	*out = req;
	return 0;
}

/* PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST") or DER. */
static int
req_read(const unsigned char *data, size_t len, X509_REQ **out, struct pki_error *err)
{
	size_t i = 0;

	*out = NULL;
	while (i < len && strchr(" \t\r\n", data[i]) != NULL && data[i] != '\0')
		i++;
	if (len - i < 10 || memcmp(data + i, "-----BEGIN", 10) != 0)
		return pki_req_from_der(data, len, out, err);
	BIO *b = BIO_new_mem_buf(data, (int)len);
	if (b != NULL)
		*out = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (*out == NULL)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The data is not a PKCS#10 Certificate Signing Request in PEM or DER form"));
	return 0;
}

static int
check_key(const EVP_PKEY *pk, struct pki_error *err)
{
	char group[64] = "";

	if (pk == NULL)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request's public key cannot be read"));
	if (EVP_PKEY_is_a(pk, "RSA")) {
		int bits = EVP_PKEY_get_bits(pk);
		if (bits < 2048)
			return pki_err_set(err, PKI_ERR_WEAK_KEY, "csr",
			    _("The request's RSA key has %d bits; at least 2048 are required"), bits);
		if (bits > 16384)
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's RSA key has %d bits; at most 16384 are accepted"), bits);
		return pki_key_check(pk, err);
	}
	if (EVP_PKEY_is_a(pk, "EC")) {
		EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group,
		    sizeof group, NULL);
		if (strcmp(group, "prime256v1") == 0 || strcmp(group, "secp384r1") == 0 ||
		    strcmp(group, "secp521r1") == 0)
			return pki_key_check(pk, err);
		return pki_err_set(err, PKI_ERR_WEAK_KEY, "csr",
		    _("The request's EC key uses the curve \"%s\"; only P-256, P-384 and P-521 are accepted"),
		    group[0] ? group : "?");
	}
	if (EVP_PKEY_is_a(pk, "ED25519") || EVP_PKEY_is_a(pk, "ED448"))
		return 0;
	return pki_err_set(err, PKI_ERR_WEAK_KEY, "csr",
	    _("The request's key type \"%s\" is not accepted; use RSA (2048 bits or more), EC P-256/P-384 or Ed25519"),
	    EVP_PKEY_get0_type_name(pk));
}

static int
check_signature(X509_REQ *req, const EVP_PKEY *pk, char **alg, struct pki_error *err)
{
	int sig_nid = X509_REQ_get_signature_nid(req), md_nid = NID_undef, pk_nid = NID_undef;

	*alg = NULL;
	if (X509_REQ_verify(req, (EVP_PKEY *)pk) != 1) {
		ERR_clear_error();
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request's signature does not verify: it was altered or not signed by its key"));
	}
	OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid);
	if (md_nid == NID_md5 || md_nid == NID_md4 || md_nid == NID_md2 ||
	    md_nid == NID_sha1 || md_nid == NID_mdc2 || md_nid == NID_ripemd160)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request is signed with %s; SHA-256 or better is required"),
		    OBJ_nid2sn(md_nid));
	*alg = strdup(sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "?");
	return *alg ? 0 : pki_err_nomem(err);
}

/* Every subject value must be text that is safe on a terminal. */
static int
check_subject(const X509_NAME *name, struct pki_error *err)
{
	for (int i = 0; i < X509_NAME_entry_count(name); i++) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
		const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
		unsigned char *utf8 = NULL;
		int n, r = 0;

		/* what the lint will ask of the certificate's subject */
		if (!pki_name_value_ok(ASN1_STRING_type(v), ASN1_STRING_get0_data(v),
		        (size_t)ASN1_STRING_length(v)))
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a value its string type does not allow "
			      "(a PrintableString takes letters, digits, the space and '()+,-./:=? "
			      "only; UTF8String takes any text)"));
		n = ASN1_STRING_to_UTF8(&utf8, v);

		if (n < 0) {
			ERR_clear_error();
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a value that is not valid text"));
		}
		if ((size_t)n != strlen((char *)utf8))
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a NUL character"));
		else if (pki_check_text((char *)utf8, 256, "subject", err) != 0)
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject contains control characters or terminal escape sequences, or text that is not UTF-8"));
		OPENSSL_free(utf8);
		if (r != 0)
			return r;
	}
	return 0;
}

static bool
ia5_ok(const ASN1_STRING *v, char *buf, size_t bufsz)
{
	int n = ASN1_STRING_length(v);

	if (n <= 0 || (size_t)n >= bufsz)
		return false;
	memcpy(buf, ASN1_STRING_get0_data(v), (size_t)n);
	buf[n] = '\0';
	return strlen(buf) == (size_t)n;
}

int
pki_gens_check(const GENERAL_NAMES *gens, struct pki_error *err)
{
	char buf[1024];
	int n = sk_GENERAL_NAME_num(gens), i;

	if (n > MAX_SANS)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The request asks for %d subjectAltNames; at most %d are accepted"), n, MAX_SANS);
	for (i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		switch (g->type) {
		case GEN_DNS:
			if (!ia5_ok(g->d.dNSName, buf, sizeof buf) || !pki_hostname_syntax(buf, true))
				goto bad;
			break;
		case GEN_EMAIL:
			if (!ia5_ok(g->d.rfc822Name, buf, sizeof buf) || !pki_email_syntax(buf))
				goto bad;
			break;
		case GEN_URI: {
			if (!ia5_ok(g->d.uniformResourceIdentifier, buf, sizeof buf) ||
			    strchr(buf, ':') == NULL)
				goto bad;
			for (const char *p = buf; *p; p++)
				if (*p <= ' ' || *p >= 0x7F)
					goto bad;
			break;
		}
		case GEN_IPADD: {
			int len = ASN1_STRING_length(g->d.iPAddress);
			if (len != 4 && len != 16)
				goto bad;
			break;
		}
		default:
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request asks for a subjectAltName of a kind ncpki does not issue (only DNS, IP, email and URI)"));
		}
	}
	return 0;
bad:
	return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
	    _("The request asks for a malformed subjectAltName (entry %d)"), i + 1);
}

int
pki_req_sans(X509_REQ *req, GENERAL_NAMES **out, struct pki_error *err)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	int r = 0;

	*out = NULL;
	for (int i = 0; exts && i < sk_X509_EXTENSION_num(exts); i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(exts, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) != NID_subject_alt_name)
			continue;
		if (*out != NULL) {
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request carries two subjectAltName extensions"));
			break;
		}
		if ((*out = X509V3_EXT_d2i(e)) == NULL) {
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subjectAltName extension cannot be read"));
			break;
		}
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	ERR_clear_error();
	if (r != 0) {
		GENERAL_NAMES_free(*out);
		*out = NULL;
	}
	return r;
}

/* ----------------------------------------- stored requests, read lightly */

/* Steps into a constructed TLV of the given tag and class; *end is its end. */
bool
pki_der_enter(const unsigned char **p, const unsigned char *limit, int want_tag,
              int want_class, const unsigned char **end)
{
	const unsigned char *q = *p;
	long len;
	int tag, cls, ret;

	if (limit <= q)
		return false;
	ret = ASN1_get_object(&q, &len, &tag, &cls, limit - q);
	if ((ret & 0x80) || !(ret & V_ASN1_CONSTRUCTED) || (ret & 1) || tag != want_tag ||
	    cls != want_class || q + len > limit)
		return false;
	*p = q;
	*end = q + len;
	return true;
}

static bool
skip(const unsigned char **p, const unsigned char *limit)
{
	const unsigned char *q = *p;
	long len;
	int tag, cls, ret;

	ret = ASN1_get_object(&q, &len, &tag, &cls, limit - q);
	if ((ret & 0x80) || (ret & 1) || q + len > limit)
		return false;
	*p = q + len;
	return true;
}

static GENERAL_NAMES *
sans_from_attribute(const X509_ATTRIBUTE *a)
{
	const ASN1_TYPE *t = X509_ATTRIBUTE_get0_type((X509_ATTRIBUTE *)a, 0);
	STACK_OF(X509_EXTENSION) *exts;
	GENERAL_NAMES *gens;
	const unsigned char *q;

	if (t == NULL || t->type != V_ASN1_SEQUENCE)
		return NULL;
	q = t->value.sequence->data;
	exts = d2i_X509_EXTENSIONS(NULL, &q, t->value.sequence->length);
	gens = exts ? X509V3_get_d2i(exts, NID_subject_alt_name, NULL, NULL) : NULL;
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return gens;
}

void
pki_req_parts_clear(struct pki_req_parts *p)
{
	X509_NAME_free(p->subject);
	X509_ALGOR_free(p->key_alg);
	ASN1_BIT_STRING_free(p->key_bits);
	GENERAL_NAMES_free(p->sans);
	memset(p, 0, sizeof *p);
}

int
pki_req_parts_parse(const unsigned char *der, size_t len, struct pki_req_parts *out,
                    struct pki_error *err)
{
	const unsigned char *p = der, *end = der + len, *req_end, *info_end, *spki_end, *attr_end;

	memset(out, 0, sizeof *out);
	if (len > PKI_CSR_MAX_BYTES ||
	    !pki_der_enter(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &req_end) ||
	    !pki_der_enter(&p, req_end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &info_end) ||
	    !skip(&p, info_end) /* version */ ||
	    (out->subject = d2i_X509_NAME(NULL, &p, info_end - p)) == NULL ||
	    (out->spki = p, !pki_der_enter(&p, info_end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL,
	                                   &spki_end)) ||
	    (out->key_alg = d2i_X509_ALGOR(NULL, &p, spki_end - p)) == NULL ||
	    (out->key_bits = d2i_ASN1_BIT_STRING(NULL, &p, spki_end - p)) == NULL ||
	    p != spki_end)
		goto bad;
	out->spki_len = (size_t)(spki_end - out->spki);
	/* attributes [0]: find extensionRequest's subjectAltName */
	if (p < info_end) {
		if (!pki_der_enter(&p, info_end, 0, V_ASN1_CONTEXT_SPECIFIC, &attr_end))
			goto bad;
		while (p < attr_end) {
			X509_ATTRIBUTE *a = d2i_X509_ATTRIBUTE(NULL, &p, attr_end - p);
			if (a == NULL)
				goto bad;
			if (OBJ_obj2nid(X509_ATTRIBUTE_get0_object(a)) == NID_ext_req &&
			    out->sans == NULL)
				out->sans = sans_from_attribute(a);
			X509_ATTRIBUTE_free(a);
		}
	}
	ERR_clear_error();
	return 0;
bad:
	ERR_clear_error();
	pki_req_parts_clear(out);
	return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
	    _("The stored Certificate Signing Request cannot be read"));
}

void
pki_csr_info_clear(struct pki_csr_info *c)
{
	if (c == NULL)
		return;
	free(c->file_root);
	free(c->subject);
	free(c->key_desc);
	free(c->sans);
	free(c->sig_alg);
	free(c->contact_name);
	free(c->contact_phone);
	free(c->contact_email);
	free(c->hostname);
	free(c->instance);
	free(c->pem);
	free(c->renewal_proof);
	memset(c, 0, sizeof *c);
}

void
pki_csr_info_array_free(struct pki_csr_info **arr, size_t n)
{
	if (arr == NULL || *arr == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		pki_csr_info_clear(&(*arr)[i]);
	free(*arr);
	*arr = NULL;
}

int
pki_csr_parse(const unsigned char *data, size_t len, struct pki_csr_info *info,
              unsigned char **der, size_t *der_len, struct pki_error *err)
{
	X509_REQ *req = NULL;
	GENERAL_NAMES *gens = NULL;
	unsigned char *buf = NULL;
	const EVP_PKEY *pk;
	int r, n;

	memset(info, 0, sizeof *info);
	*der = NULL;
	*der_len = 0;
	if (len > PKI_CSR_MAX_BYTES)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "csr",
		    _("The Certificate Signing Request is larger than %d bytes"), PKI_CSR_MAX_BYTES);
	if ((r = req_read(data, len, &req, err)) != 0)
		return r;
	pk = X509_REQ_get0_pubkey(req);
	if ((r = check_key(pk, err)) != 0 || (r = check_signature(req, pk, &info->sig_alg, err)) != 0 ||
	    (r = check_subject(X509_REQ_get_subject_name(req), err)) != 0 ||
	    (r = pki_req_sans(req, &gens, err)) != 0 ||
	    (gens != NULL && (r = pki_gens_check(gens, err)) != 0))
		goto out;
	if (X509_NAME_entry_count(X509_REQ_get_subject_name(req)) == 0 && gens == NULL) {
		r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request has neither a subject nor a subjectAltName"));
		goto out;
	}
	info->subject = pki_name_string(X509_REQ_get_subject_name(req));
	info->key_desc = pki_pkey_desc(pk);
	info->sans = gens ? pki_gens_describe(gens) : strdup("");
	if ((n = i2d_X509_REQ(req, &buf)) <= 0) {
		r = pki_err_crypto(err, _("Cannot encode the Certificate Signing Request"));
		goto out;
	}
	if (!info->subject || !info->key_desc || !info->sans ||
	    (*der = malloc((size_t)n)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	memcpy(*der, buf, (size_t)n);
	*der_len = (size_t)n;
	if ((r = pki_fp_der(*der, *der_len, info->sha1, info->sha256, err)) != 0)
		goto out;
	if ((info->pem = pki_der_to_pem("CERTIFICATE REQUEST", *der, *der_len)) == NULL)
		r = pki_err_nomem(err);
out:
	OPENSSL_free(buf);
	GENERAL_NAMES_free(gens);
	X509_REQ_free(req);
	if (r != 0) {
		pki_csr_info_clear(info);
		free(*der);
		*der = NULL;
		*der_len = 0;
	}
	return r;
}
