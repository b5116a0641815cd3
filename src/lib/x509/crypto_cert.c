/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_cert.c: building certificates: the leaf built from a request for
 * one of the usages' profiles (profile.c), as a TBSCertificate that the
 * signer signs. (A new CA's self-signed certificate is signed with the
 * new key: src/lib/sign/ca_cert.c.) Only what the usage grants goes in: the request's own
 * extensions are never copied, except its validated subjectAltNames.
 */
#include "x509/crypto.h"

#include <arpa/inet.h>
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
	if (!X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8, (const unsigned char *)value, -1,
	        -1, 0))
		return pki_err_crypto(err, _("Cannot encode the subject"));
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

static bool
is_rsa(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	return OBJ_obj2nid(obj) == NID_rsaEncryption || OBJ_obj2nid(obj) == NID_rsassaPss;
}

/* A Common Name as the subjectAltName it stands for: an IPv4 or IPv6
 * address as an iPAddress, a host name as a dNSName. NULL when it is
 * neither (*err says why) or on a failed allocation. */
static GENERAL_NAME *
cn_general_name(const char *cn, struct pki_error *err)
{
	unsigned char ip[16];
	int iplen = 0, type;
	GENERAL_NAME *g;
	ASN1_STRING *v;

	if (inet_pton(AF_INET, cn, ip) == 1)
		iplen = 4;
	else if (inet_pton(AF_INET6, cn, ip) == 1)
		iplen = 16;
	type = iplen > 0 ? GEN_IPADD : GEN_DNS;
	if (type == GEN_DNS && !pki_hostname_syntax(cn, true)) {
		char *shown;

		if (strchr(cn, '*') != NULL)
			return (pki_check_dns_name(cn, true, "cn", err), NULL);
		shown = pki_sanitize(cn);
		pki_err_set(err, PKI_ERR_INVALID, "cn",
		    _("The request's Common Name \"%s\" is neither a host name nor an IP "
		      "address: a TLS certificate's Common Name must be one of its "
		      "subjectAltNames (use the code signing usage for other names)"),
		    shown ? shown : "");
		free(shown);
		return NULL;
	}
	if ((g = GENERAL_NAME_new()) == NULL ||
	    (v = type == GEN_IPADD ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new()) == NULL) {
		GENERAL_NAME_free(g);
		pki_err_nomem(err);
		return NULL;
	}
	if (!ASN1_STRING_set(v, type == GEN_IPADD ? (const void *)ip : cn,
	        type == GEN_IPADD ? iplen : (int)strlen(cn))) {
		ASN1_STRING_free(v);
		GENERAL_NAME_free(g);
		pki_err_nomem(err);
		return NULL;
	}
	GENERAL_NAME_set0_value(g, type, v);
	return g;
}

/* g is among gens: an address by its octets, a host name in any case. */
static bool
gens_has(const GENERAL_NAMES *gens, const GENERAL_NAME *g)
{
	for (int i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *h = sk_GENERAL_NAME_value(gens, i);
		const ASN1_STRING *a, *b;

		if (h->type != g->type || (g->type != GEN_DNS && g->type != GEN_IPADD))
			continue;
		a = g->type == GEN_DNS ? g->d.dNSName : g->d.iPAddress;
		b = h->type == GEN_DNS ? h->d.dNSName : h->d.iPAddress;
		if (ASN1_STRING_length(a) == ASN1_STRING_length(b) &&
		    (g->type == GEN_DNS
		            ? OPENSSL_strncasecmp((const char *)ASN1_STRING_get0_data(a),
		                  (const char *)ASN1_STRING_get0_data(b),
		                  (size_t)ASN1_STRING_length(a)) == 0
		            : memcmp(ASN1_STRING_get0_data(a), ASN1_STRING_get0_data(b),
		                  (size_t)ASN1_STRING_length(a)) == 0))
			return true;
	}
	return false;
}

/* A copy of gens (NULL: an empty list); NULL on a failed allocation. */
static GENERAL_NAMES *
gens_copy(const GENERAL_NAMES *gens)
{
	GENERAL_NAMES *c = GENERAL_NAMES_new();

	for (int i = 0; c != NULL && gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = GENERAL_NAME_dup(sk_GENERAL_NAME_value(gens, i));

		if (g == NULL || sk_GENERAL_NAME_push(c, g) <= 0) {
			GENERAL_NAME_free(g);
			GENERAL_NAMES_free(c);
			c = NULL;
		}
	}
	return c;
}

/*
 * The subjectAltNames of a TLS certificate: the request's, and each Common
 * Name as the name it stands for (CA/Browser Forum BR 7.1.4.3: a CN is
 * one of the SANs), so that no CN stands alone and an address never
 * becomes a dNSName. *out NULL: the request's are complete as they are;
 * else caller frees.
 */
static int
tls_sans(const X509_NAME *subject, const GENERAL_NAMES *req_sans, GENERAL_NAMES **out,
    struct pki_error *err)
{
	GENERAL_NAMES *all = NULL;
	int i = -1, r = 0;

	*out = NULL;
	while ((i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0) {
		unsigned char *utf8 = NULL;
		GENERAL_NAME *g;

		if (ASN1_STRING_to_UTF8(&utf8,
		        X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i))) < 0) {
			r = pki_err_crypto(err, _("Cannot read the request's Common Name"));
			break;
		}
		g = cn_general_name((char *)utf8, err);
		OPENSSL_free(utf8);
		if (g == NULL) {
			r = err->code ? err->code : PKI_ERR_INVALID;
			break;
		}
		if (gens_has(req_sans, g) || gens_has(all, g)) {
			GENERAL_NAME_free(g);
			continue;
		}
		if (all == NULL && (all = gens_copy(req_sans)) == NULL) {
			GENERAL_NAME_free(g);
			r = pki_err_nomem(err);
			break;
		}
		/* the Common Name first, as a client that reads one name would */
		if (sk_GENERAL_NAME_insert(all, g, 0) <= 0) {
			GENERAL_NAME_free(g);
			r = pki_err_nomem(err);
			break;
		}
	}
	ERR_clear_error();
	if (r != 0)
		GENERAL_NAMES_free(all);
	else
		*out = all;
	return r;
}

/* ------------------------------------------- the TBSCertificate, in DER */

/* An Extension: extnID, critical (only when TRUE: FALSE is the DEFAULT),
 * extnValue wrapping what the caller put from `value_from` on. */
static const unsigned char oid_bc[] = { 0x55, 0x1d, 0x13 };
static const unsigned char oid_ku[] = { 0x55, 0x1d, 0x0f };
static const unsigned char oid_eku[] = { 0x55, 0x1d, 0x25 };
static const unsigned char oid_ski[] = { 0x55, 0x1d, 0x0e };
static const unsigned char oid_aki[] = { 0x55, 0x1d, 0x23 };
static const unsigned char oid_crldp[] = { 0x55, 0x1d, 0x1f };
static const unsigned char oid_aia[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 };
static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };
static const unsigned char oid_nocheck[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05 };
static const unsigned char oid_ad_ocsp[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01 };
static const unsigned char oid_ad_ca_issuers[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02 };
/* id-kp-: serverAuth .1, clientAuth .2, codeSigning .3, OCSPSigning .9 */
static const unsigned char kp_server[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const unsigned char kp_client[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
static const unsigned char kp_code[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03 };
static const unsigned char kp_ocsp[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09 };

static size_t
ext_begin(struct pki_der *b, const unsigned char *oid, size_t oid_len, bool critical)
{
	size_t at = b->len;

	pki_der_tlv(b, V_ASN1_OBJECT, oid, oid_len);
	if (critical)
		pki_der_put(b, "\x01\x01\xff", 3);
	return at;
}

static void
ext_end(struct pki_der *b, size_t at, size_t value_from)
{
	pki_der_wrap(b, value_from, V_ASN1_OCTET_STRING);
	pki_der_wrap(b, at, 0x30);
}

/* keyUsage (PKI_KU_* bits) as a named BIT STRING: no trailing zero bits. */
static void
ext_key_usage(struct pki_der *b, unsigned bits)
{
	size_t at = ext_begin(b, oid_ku, sizeof oid_ku, true), vf = b->len;
	unsigned char v[2] = { 0, 0 };

	for (int i = 0; i < 8; i++) /* bit 0 is the most significant */
		if (bits & (1u << i))
			v[1] |= (unsigned char)(0x80 >> i);
	while (v[0] < 7 && !(v[1] & (1u << v[0])))
		v[0]++;
	pki_der_tlv(b, V_ASN1_BIT_STRING, v, 2);
	ext_end(b, at, vf);
}

_Static_assert(PKI_KP_SERVER == 1 && PKI_KP_CLIENT == 2 && PKI_KP_CODE == 4 && PKI_KP_OCSP == 8,
    "ext_eku lists the purposes in the order of their bits");

/* extendedKeyUsage: the PKI_KP_* purposes in kps, in the order of their bits. */
static void
ext_eku(struct pki_der *b, unsigned kps)
{
	static const unsigned char *const oids[] = { kp_server, kp_client, kp_code, kp_ocsp };
	size_t at = ext_begin(b, oid_eku, sizeof oid_eku, false), vf = b->len;

	for (size_t i = 0; i < sizeof oids / sizeof *oids; i++)
		if (kps & (1u << i))
			pki_der_tlv(b, V_ASN1_OBJECT, oids[i], sizeof kp_server);
	pki_der_wrap(b, vf, 0x30);
	ext_end(b, at, vf);
}

/* A GeneralName uniformResourceIdentifier [6]. */
static void
put_uri(struct pki_der *b, const char *uri)
{
	pki_der_tlv(b, 0x86, uri, strlen(uri));
}

/* crlDistributionPoints and authorityInfoAccess, when the CA has the URLs
 * (checked by pki_server_set_urls). */
static void
ext_revocation_pointers(struct pki_der *b, const struct pki_issue_req *ir)
{
	size_t at, vf, dp;

	if (!pki_str_empty(ir->crl_url)) {
		/* SEQUENCE OF DistributionPoint { [0] { fullName [0] { URI } } } */
		at = ext_begin(b, oid_crldp, sizeof oid_crldp, false);
		vf = b->len;
		put_uri(b, ir->crl_url);
		pki_der_wrap(b, vf, 0xa0);
		pki_der_wrap(b, vf, 0xa0);
		pki_der_wrap(b, vf, 0x30);
		pki_der_wrap(b, vf, 0x30);
		ext_end(b, at, vf);
	}
	if (pki_str_empty(ir->ocsp_url) && pki_str_empty(ir->ca_issuers_url))
		return;
	at = ext_begin(b, oid_aia, sizeof oid_aia, false);
	vf = b->len;
	if (!pki_str_empty(ir->ocsp_url)) {
		dp = b->len;
		pki_der_tlv(b, V_ASN1_OBJECT, oid_ad_ocsp, sizeof oid_ad_ocsp);
		put_uri(b, ir->ocsp_url);
		pki_der_wrap(b, dp, 0x30);
	}
	if (!pki_str_empty(ir->ca_issuers_url)) {
		dp = b->len;
		pki_der_tlv(b, V_ASN1_OBJECT, oid_ad_ca_issuers, sizeof oid_ad_ca_issuers);
		put_uri(b, ir->ca_issuers_url);
		pki_der_wrap(b, dp, 0x30);
	}
	pki_der_wrap(b, vf, 0x30);
	ext_end(b, at, vf);
}

/* A Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
static void
put_time(struct pki_der *b, time_t t)
{
	unsigned char tlv[17];

	pki_der_put(b, tlv, pki_der_time(tlv, t, false));
}

/* The serialNumber: the counter, or the random serial's octets. */
static bool
put_serial(struct pki_der *b, const struct pki_issue_req *ir)
{
	unsigned char v[21], *o = v + 1;
	size_t n = 0;

	if (ir->serial_number[0] != '\0') {
		if ((n = pki_serial_hex_bytes(ir->serial_number, o)) == 0)
			return false;
	} else {
		for (int i = 7; i >= 0; i--)
			if (n > 0 || (ir->serial >> (8 * i)) & 0xff || i == 0)
				o[n++] = (unsigned char)(ir->serial >> (8 * i));
	}
	if (o[0] & 0x80) { /* positive: a leading zero octet */
		v[0] = 0;
		o = v;
		n++;
	}
	pki_der_tlv(b, V_ASN1_INTEGER, o, n);
	return true;
}

int
pki_tbs_build(const X509 *ca, const struct pki_req_parts *req, const struct pki_issue_req *ir,
    const unsigned char *alg, size_t alg_len, struct pki_tbs_out *out, struct pki_error *err)
{
	const struct pki_profile *prof = pki_profile_of(ir->usage);
	struct pki_der b = { NULL, 0, 0, false };
	time_t ca_end = pki_asn1_time(X509_get0_notAfter(ca)), end;
	bool empty_subject = X509_NAME_entry_count(req->subject) == 0;
	const unsigned char *issuer_der, *subject_der;
	size_t issuer_len, subject_len, at, vf, exts_at;
	const ASN1_OCTET_STRING *ca_ski;
	unsigned char md[EVP_MAX_MD_SIZE], *sans_der = NULL;
	unsigned int mdlen = 0;
	GENERAL_NAMES *with_cn = NULL;
	const GENERAL_NAMES *sans = req->sans;
	long ca_pathlen = X509_get_pathlen((X509 *)ca);
	int sans_len = 0, r = 0;

	memset(out, 0, sizeof *out);
	if (prof == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "usage", _("Unknown certificate usage"));
	/* Each usage has its longest validity. */
	if (ir->days > prof->max_days)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("A certificate for %s is valid for at most %ld days: %ld days were "
		      "asked for"),
		    _(prof->label), prof->max_days, ir->days);
	/* Never past the CA certificate's own end: the CA's default validity is
	 * cut there, a validity asked for this certificate is refused. */
	end = ir->now + (time_t)ir->days * 86400;
	if (end > ca_end && ca_end > ir->now && ir->days_explicit) {
		char when[32];
		struct tm tm;

		if (gmtime_r(&ca_end, &tm) == NULL ||
		    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
			snprintf(when, sizeof when, "?");
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("%ld days would outlive the issuing Certificate Authority's certificate, "
		      "which ends %s: ask for fewer days"),
		    ir->days, when);
	}
	if (end > ca_end)
		end = ca_end;
	if (end <= ir->now)
		return pki_err_set(err, PKI_ERR_INVALID, "days",
		    _("The Certificate Authority's certificate has expired; it cannot issue"));
	/* A CA certificate always names its subject. */
	if (prof->subject_required && empty_subject)
		return pki_err_set(err, PKI_ERR_INVALID, "subject",
		    _("The request's subject is empty: an Intermediate Certificate Authority's "
		      "certificate must have a subject (a CN at least)"));
	if (prof->ca) {
		/* pathLenConstraint 0 on this CA: no CA may be issued below it. */
		if (ca_pathlen == 0)
			return pki_err_set(err, PKI_ERR_INVALID, "usage",
			    _("This Certificate Authority's certificate has a path length "
			      "constraint of 0: it cannot issue an Intermediate Certificate Authority"));
		/* Never more than this CA's own constraint leaves. */
		if (ca_pathlen > 0 && ir->pathlen > ca_pathlen - 1)
			return pki_err_set(err, PKI_ERR_INVALID, "pathlen",
			    _("This Certificate Authority's certificate has a path length "
			      "constraint of %ld: an intermediate below it can have at most %ld"),
			    ca_pathlen, ca_pathlen - 1);
	}
	/* subjectAltName: the request's, checked again; for TLS, with the CN */
	if (sans != NULL && sk_GENERAL_NAME_num(sans) == 0)
		sans = NULL; /* an empty one, stored before intake refused it */
	if (sans != NULL && (r = pki_gens_check(sans, err)) != 0)
		return r;
	if (prof->cn_is_san) {
		if ((r = tls_sans(req->subject, sans, &with_cn, err)) != 0)
			return r;
		if (with_cn != NULL)
			sans = with_cn;
	}
	if (sans != NULL && (sans_len = i2d_GENERAL_NAMES(sans, &sans_der)) <= 0) {
		r = pki_err_crypto(err, _("Cannot add the subjectAltName"));
		goto out;
	}
	if (!X509_NAME_get0_der(X509_get_subject_name(ca), &issuer_der, &issuer_len) ||
	    !X509_NAME_get0_der(req->subject, &subject_der, &subject_len) || req->spki == NULL ||
	    !EVP_Digest(ASN1_STRING_get0_data(req->key_bits),
	        (size_t)ASN1_STRING_length(req->key_bits), md, &mdlen, EVP_sha1(), NULL)) {
		r = pki_err_crypto(err, _("Cannot build the certificate"));
		goto out;
	}
	/* version v3, serial, signature, issuer, validity, subject, key */
	pki_der_put(&b, "\xa0\x03\x02\x01\x02", 5);
	if (!put_serial(&b, ir)) {
		r = pki_err_set(err, PKI_ERR_INVALID, NULL, _("Cannot build the certificate"));
		goto out;
	}
	pki_der_put(&b, alg, alg_len);
	pki_der_put(&b, issuer_der, issuer_len);
	at = b.len;
	put_time(&b, ir->now);
	put_time(&b, end);
	pki_der_wrap(&b, at, 0x30);
	pki_der_put(&b, subject_der, subject_len);
	pki_der_put(&b, req->spki, req->spki_len);
	/* extensions: what the profile grants, in the order OpenSSL's were */
	exts_at = b.len;
	at = ext_begin(&b, oid_bc, sizeof oid_bc, true);
	vf = b.len;
	if (prof->ca) {
		unsigned char pl = (unsigned char)(ir->pathlen > 0 ? ir->pathlen : 0);

		pki_der_put(&b, "\x01\x01\xff", 3);
		pki_der_tlv(&b, V_ASN1_INTEGER, &pl, 1); /* PKI_PATHLEN_MAX < 128 */
	}
	pki_der_wrap(&b, vf, 0x30);
	ext_end(&b, at, vf);
	ext_key_usage(&b, prof->key_usage | (is_rsa(req->key_alg) ? prof->key_usage_rsa : 0));
	if (prof->ext_key_usage != 0)
		ext_eku(&b, prof->ext_key_usage);
	if (prof->ocsp_nocheck) {
		at = ext_begin(&b, oid_nocheck, sizeof oid_nocheck, false);
		vf = b.len;
		pki_der_put(&b, "\x05\x00", 2);
		ext_end(&b, at, vf);
	}
	/* subjectKeyIdentifier: SHA-1 of the key bits (RFC 5280 4.2.1.2 (1)) */
	at = ext_begin(&b, oid_ski, sizeof oid_ski, false);
	vf = b.len;
	pki_der_tlv(&b, V_ASN1_OCTET_STRING, md, mdlen);
	ext_end(&b, at, vf);
	/* authorityKeyIdentifier: the CA's subjectKeyIdentifier, or its key's hash */
	at = ext_begin(&b, oid_aki, sizeof oid_aki, false);
	vf = b.len;
	if ((ca_ski = X509_get0_subject_key_id((X509 *)ca)) != NULL) {
		pki_der_tlv(&b, 0x80, ASN1_STRING_get0_data(ca_ski),
		    (size_t)ASN1_STRING_length(ca_ski));
	} else {
		const ASN1_BIT_STRING *ca_key = X509_get0_pubkey_bitstr(ca);
		unsigned char kid[EVP_MAX_MD_SIZE];
		unsigned int kidlen = 0;

		if (ca_key == NULL ||
		    !EVP_Digest(ASN1_STRING_get0_data(ca_key), (size_t)ASN1_STRING_length(ca_key),
		        kid, &kidlen, EVP_sha1(), NULL)) {
			r = pki_err_crypto(err, _("Cannot add a certificate extension"));
			goto out;
		}
		pki_der_tlv(&b, 0x80, kid, kidlen);
	}
	pki_der_wrap(&b, vf, 0x30);
	ext_end(&b, at, vf);
	if (prof->revocation_pointers)
		ext_revocation_pointers(&b, ir);
	if (sans != NULL) { /* critical when the subject is empty */
		at = ext_begin(&b, oid_san, sizeof oid_san, empty_subject);
		vf = b.len;
		pki_der_put(&b, sans_der, (size_t)sans_len);
		ext_end(&b, at, vf);
	}
	pki_der_wrap(&b, exts_at, 0x30);
	pki_der_wrap(&b, exts_at, 0xa3);
	pki_der_wrap(&b, 0, 0x30);
	if (b.failed || (sans != NULL && (out->sans = pki_gens_describe(sans)) == NULL) ||
	    (sans == NULL && (out->sans = strdup("")) == NULL)) {
		r = pki_err_nomem(err);
		goto out;
	}
	out->der = b.p;
	out->len = b.len;
	out->not_before = ir->now;
	out->not_after = end;
	b.p = NULL;
out:
	free(b.p);
	OPENSSL_free(sans_der);
	GENERAL_NAMES_free(with_cn);
	if (r != 0) {
		free(out->sans);
		memset(out, 0, sizeof *out);
	}
	return r;
}
