/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_cert.c: building certificates. The self-signed CA certificate of
 * a new CA server, and the leaf built from a request for one of the guide's
 * three usages. Only what the usage grants goes in: the request's own
 * extensions are never copied, except its validated subjectAltNames.
 */
#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>

void
pki_cert_info_clear(struct pki_cert_info *c)
{
	if (c == NULL)
		return;
	free(c->file_root);
	free(c->subject);
	free(c->issuer);
	free(c->sans);
	free(c->hostname);
	free(c->instance);
	free(c->contact_name);
	free(c->contact_phone);
	free(c->contact_email);
	free(c->pem);
	memset(c, 0, sizeof *c);
}

void
pki_cert_info_array_free(struct pki_cert_info **arr, size_t n)
{
	if (arr == NULL || *arr == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		pki_cert_info_clear(&(*arr)[i]);
	free(*arr);
	*arr = NULL;
}

int
pki_add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value, struct pki_error *err)
{
	X509_EXTENSION *e = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	int ok = e != NULL && X509_add_ext(x, e, -1);

	X509_EXTENSION_free(e);
	if (!ok)
		return pki_err_crypto(err, _("Cannot add a certificate extension"));
	return 0;
}

static int
add_name_entry(X509_NAME *n, const char *field, const char *value, struct pki_error *err)
{
	if (pki_str_empty(value))
		return 0;
	if (!X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8, (const unsigned char *)value,
	        -1, -1, 0))
		return pki_err_crypto(err, _("Cannot encode the subject"));
	return 0;
}

static int
set_validity(X509 *x, time_t from, time_t to, struct pki_error *err)
{
	if (ASN1_TIME_set(X509_getm_notBefore(x), from) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(x), to) == NULL)
		return pki_err_crypto(err, _("Cannot set the validity period"));
	return 0;
}

int
pki_dn_to_name(const struct pki_dn *dn, X509_NAME **out, struct pki_error *err)
{
	X509_NAME *name = X509_NAME_new();
	char cc[3] = "";
	int r;

	*out = NULL;
	if (name == NULL)
		return pki_err_nomem(err);
	if (!pki_str_empty(dn->country)) {
		cc[0] = (char)(dn->country[0] & ~0x20);
		cc[1] = (char)(dn->country[1] & ~0x20);
	}
	/* RFC 5280 order: C, ST, L, O, OU, CN. */
	if ((r = add_name_entry(name, "C", cc, err)) != 0 ||
	    (r = add_name_entry(name, "ST", dn->state, err)) != 0 ||
	    (r = add_name_entry(name, "L", dn->locality, err)) != 0 ||
	    (r = add_name_entry(name, "O", dn->org, err)) != 0 ||
	    (r = add_name_entry(name, "OU", dn->ou, err)) != 0 ||
	    (r = add_name_entry(name, "CN", dn->cn, err)) != 0) {
		X509_NAME_free(name);
		return r;
	}
	*out = name;
	return 0;
}

int
pki_cert_self_signed(const pki_key *key, const struct pki_dn *dn, long days,
                     pki_x509 **out, struct pki_error *err)
{
	EVP_PKEY *pk = PKEY(key);
	X509 *x = X509_new();
	X509_NAME *name = NULL;
	X509V3_CTX ctx;
	unsigned char rnd[16];
	BIGNUM *bn = NULL;
	time_t now = time(NULL);
	int r = 0;

	*out = NULL;
	if (x == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pki_dn_to_name(dn, &name, err)) != 0)
		goto out;
	/* 126 random bits (CA/Browser Forum BR 7.1 asks for 64 at least): the
	 * CA's own never meets the counter's small serials. */
	if (RAND_bytes(rnd, sizeof rnd) != 1) {
		r = pki_err_crypto(err, _("Cannot draw a random serial number"));
		goto out;
	}
	rnd[0] = (unsigned char)((rnd[0] & 0x3f) | 0x40);
	if ((bn = BN_bin2bn(rnd, sizeof rnd, NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL ||
	    !X509_set_version(x, X509_VERSION_3) ||
	    !X509_set_subject_name(x, name) || !X509_set_issuer_name(x, name) ||
	    !X509_set_pubkey(x, pk)) {
		r = pki_err_crypto(err, _("Cannot build the CA certificate"));
		goto out;
	}
	if ((r = set_validity(x, now, now + (time_t)days * 86400, err)) != 0)
		goto out;
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	if ((r = pki_add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE", err)) != 0 ||
	    (r = pki_add_ext(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign", err)) != 0 ||
	    (r = pki_add_ext(x, &ctx, NID_subject_key_identifier, "hash", err)) != 0 ||
	    (r = pki_add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always", err)) != 0)
		goto out;
	if (X509_sign(x, pk, pki_sign_md(pk)) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the CA certificate"));
		goto out;
	}
	*out = (pki_x509 *)x;
	x = NULL;
out:
	BN_free(bn);
	X509_NAME_free(name);
	X509_free(x);
	return r;
}

static bool
is_rsa(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	return OBJ_obj2nid(obj) == NID_rsaEncryption || OBJ_obj2nid(obj) == NID_rsassaPss;
}

/* keyUsage for an end entity: what the key type can do. */
static const char *
leaf_key_usage(const X509_ALGOR *alg, enum pki_usage u)
{
	if (u == PKI_USAGE_TLS && is_rsa(alg))
		return "critical,digitalSignature,keyEncipherment";
	return "critical,digitalSignature";
}

/* A Common Name usable as a DNS name, for a TLS request that named none. */
static char *
cn_as_dns(const X509_NAME *n)
{
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	unsigned char *utf8 = NULL;
	char *out = NULL;

	if (i < 0 || ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	        X509_NAME_get_entry(n, i))) < 0) {
		ERR_clear_error();
		return NULL;
	}
	if (pki_hostname_syntax((char *)utf8, true) && strchr((char *)utf8, '.') != NULL)
		out = pki_strfmt("DNS:%s", (char *)utf8);
	OPENSSL_free(utf8);
	return out;
}

/*
 * Copies the request's SubjectPublicKeyInfo into the certificate as it is:
 * no decode to an EVP_PKEY and re-encode (X509_set_pubkey), which in
 * OpenSSL 3 costs several ECDSA signatures.
 */
int
pki_spki_set(X509 *x, const X509_ALGOR *alg, const ASN1_BIT_STRING *key_bits,
             struct pki_error *err)
{
	const ASN1_OBJECT *obj;
	const void *pval;
	void *pval_copy = NULL;
	unsigned char *bits;
	int ptype, n = ASN1_STRING_length(key_bits);

	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	if (ptype == V_ASN1_OBJECT)
		pval_copy = OBJ_dup(pval);
	else if (ptype == V_ASN1_SEQUENCE)
		pval_copy = ASN1_STRING_dup(pval);
	else if (ptype != V_ASN1_NULL && ptype != V_ASN1_UNDEF)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The request's key parameters are of an unexpected kind"));
	if ((bits = OPENSSL_malloc(n > 0 ? (size_t)n : 1)) == NULL) {
		if (ptype == V_ASN1_OBJECT)
			ASN1_OBJECT_free(pval_copy);
		else
			ASN1_STRING_free(pval_copy);
		return pki_err_nomem(err);
	}
	memcpy(bits, ASN1_STRING_get0_data(key_bits), (size_t)n);
	if (!X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(x), OBJ_dup(obj), ptype, pval_copy,
	        bits, n)) {
		OPENSSL_free(bits);
		return pki_err_crypto(err, _("Cannot set the certificate's public key"));
	}
	return 0;
}

/* crlDistributionPoints and authorityInfoAccess, when the CA has the URLs
 * (checked by pki_server_set_urls: http(s), no ',' to split the value). */
static int
add_revocation_pointers(X509 *x, X509V3_CTX *ctx, const struct pki_issue_req *ir,
                        struct pki_error *err)
{
	char *v = NULL;
	int r = 0;

	if (!pki_str_empty(ir->crl_url)) {
		if ((v = pki_strfmt("URI:%s", ir->crl_url)) == NULL)
			return pki_err_nomem(err);
		r = pki_add_ext(x, ctx, NID_crl_distribution_points, v, err);
		free(v);
		if (r != 0)
			return r;
	}
	if (pki_str_empty(ir->ocsp_url) && pki_str_empty(ir->ca_issuers_url))
		return 0;
	v = pki_strfmt("%s%s%s%s%s",
	    pki_str_empty(ir->ocsp_url) ? "" : "OCSP;URI:",
	    pki_str_empty(ir->ocsp_url) ? "" : ir->ocsp_url,
	    !pki_str_empty(ir->ocsp_url) && !pki_str_empty(ir->ca_issuers_url) ? "," : "",
	    pki_str_empty(ir->ca_issuers_url) ? "" : "caIssuers;URI:",
	    pki_str_empty(ir->ca_issuers_url) ? "" : ir->ca_issuers_url);
	if (v == NULL)
		return pki_err_nomem(err);
	r = pki_add_ext(x, ctx, NID_info_access, v, err);
	free(v);
	return r;
}

int
pki_cert_build(const X509 *ca, const struct pki_req_parts *req,
               const struct pki_issue_req *ir, X509 **out, struct pki_error *err)
{
	X509 *x = X509_new();
	X509V3_CTX ctx;
	time_t ca_end = pki_asn1_time(X509_get0_notAfter(ca)), end;
	bool empty_subject = X509_NAME_entry_count(req->subject) == 0;
	int r = 0;

	*out = NULL;
	if (x == NULL)
		return pki_err_nomem(err);
	/* Never past the CA certificate's own end. */
	end = ir->now + (time_t)ir->days * 86400;
	if (end > ca_end)
		end = ca_end;
	if (end <= ir->now) {
		r = pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("The Certificate Authority's certificate has expired; it cannot issue"));
		goto out;
	}
	if (ir->serial_number[0] != '\0' &&
	    (r = pki_asn1_serial_set_hex(X509_get_serialNumber(x), ir->serial_number, err)) != 0)
		goto out;
	if (!X509_set_version(x, X509_VERSION_3) ||
	    (ir->serial_number[0] == '\0' &&
	     !ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), ir->serial)) ||
	    !X509_set_subject_name(x, req->subject) ||
	    !X509_set_issuer_name(x, X509_get_subject_name(ca))) {
		r = pki_err_crypto(err, _("Cannot build the certificate"));
		goto out;
	}
	if ((r = pki_spki_set(x, req->key_alg, req->key_bits, err)) != 0 || (r = set_validity(x, ir->now, end, err)) != 0)
		goto out;
	X509V3_set_ctx(&ctx, (X509 *)ca, x, NULL, NULL, 0);
	switch (ir->usage) {
	case PKI_USAGE_TLS:
		r = pki_add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_key_usage, leaf_key_usage(req->key_alg, ir->usage), err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_ext_key_usage, "serverAuth,clientAuth", err);
		break;
	case PKI_USAGE_INTERMEDIATE:
		/* pathLenConstraint 0 on this CA: no CA may be issued below it. */
		if (X509_get_pathlen((X509 *)ca) == 0) {
			r = pki_err_set(err, PKI_ERR_INVALID, "usage",
			    _("This Certificate Authority's certificate has a path length "
			      "constraint of 0: it cannot issue an Intermediate Certificate Authority"));
			break;
		}
		/* hier: never more than this CA's own constraint leaves. */
		if (X509_get_pathlen((X509 *)ca) > 0 &&
		    ir->pathlen > X509_get_pathlen((X509 *)ca) - 1) {
			r = pki_err_set(err, PKI_ERR_INVALID, "pathlen",
			    _("This Certificate Authority's certificate has a path length "
			      "constraint of %ld: an intermediate below it can have at most %ld"),
			    X509_get_pathlen((X509 *)ca), X509_get_pathlen((X509 *)ca) - 1);
			break;
		}
		{
			char bc[64];
			snprintf(bc, sizeof bc, "critical,CA:TRUE,pathlen:%d",
			    ir->pathlen > 0 ? ir->pathlen : 0);
			r = pki_add_ext(x, &ctx, NID_basic_constraints, bc, err);
		}
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign", err);
		break;
	case PKI_USAGE_CODESIGN:
		r = pki_add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_ext_key_usage, "codeSigning", err);
		break;
	case PKI_USAGE_OCSP:
		/* The delegated OCSP responder (RFC 6960 4.2.2.2): id-pkix-ocsp-nocheck
		 * says its own status is not to be asked, as its life is short. */
		r = pki_add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_ext_key_usage, "OCSPSigning", err);
		if (r == 0)
			r = pki_add_ext(x, &ctx, NID_id_pkix_OCSP_noCheck, "ignored", err);
		break;
	default:
		r = pki_err_set(err, PKI_ERR_INVALID, "usage", _("Unknown certificate usage"));
	}
	if (r != 0)
		goto out;
	if ((r = pki_add_ext(x, &ctx, NID_subject_key_identifier, "hash", err)) != 0 ||
	    (r = pki_add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always", err)) != 0)
		goto out;
	/* An OCSP signer is not checked for revocation (ocsp-nocheck). */
	if (ir->usage != PKI_USAGE_OCSP && (r = add_revocation_pointers(x, &ctx, ir, err)) != 0)
		goto out;
	/* subjectAltName: the request's, checked again; critical with no subject. */
	if (req->sans != NULL) {
		if ((r = pki_gens_check(req->sans, err)) != 0)
			goto out;
		if (!X509_add1_ext_i2d(x, NID_subject_alt_name, req->sans, empty_subject ? 1 : 0,
		        X509V3_ADD_DEFAULT)) {
			r = pki_err_crypto(err, _("Cannot add the subjectAltName"));
			goto out;
		}
	} else if (ir->usage == PKI_USAGE_TLS) {
		char *dns = cn_as_dns(req->subject);
		if (dns != NULL)
			r = pki_add_ext(x, &ctx, NID_subject_alt_name, dns, err);
		free(dns);
		if (r != 0)
			goto out;
	}
	*out = x;
	x = NULL;
out:
	X509_free(x);
	return r;
}
