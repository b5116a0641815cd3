/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_csr.c: reading a PKCS#10 request file as the common tools write
 * it (the one reader of outside requests, pki_req_read) and deciding
 * whether ncpki will take the request: syntax, signature, signing digest,
 * key strength, a subject that is safe to show, and subjectAltNames of the
 * kinds ncpki issues; and the extensions a request asks for, in words.
 */
#include "x509/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#define MAX_SANS 100

/* ------------------------------------------------------ reading a request */

/*
 * One reader for a request however the common tools write it:
 * DER, or a PEM block labelled CERTIFICATE REQUEST or NEW CERTIFICATE
 * REQUEST with any text before or after it (GnuTLS certtool prints a dump
 * first, NSS certutil a header), a UTF-8 byte-order mark, CRLF line ends.
 * Inside the block only base64 is taken; a second request, a PEM block of
 * another kind, a version other than v1 and bytes after the request are
 * refused, each with its own message.
 */

#define LABEL_MAX 64

static bool
is_req_label(const char *label)
{
	return strcmp(label, "CERTIFICATE REQUEST") == 0 ||
	    strcmp(label, "NEW CERTIFICATE REQUEST") == 0;
}

/* The next line at *pos, without its line end and surrounding blanks. */
static bool
next_line(const unsigned char *d, size_t len, size_t *pos, const unsigned char **line, size_t *n)
{
	const unsigned char *nl;
	size_t s = *pos, e;

	if (s >= len)
		return false;
	nl = memchr(d + s, '\n', len - s);
	e = nl != NULL ? (size_t)(nl - d) : len;
	*pos = nl != NULL ? e + 1 : len;
	while (s < e && (d[s] == ' ' || d[s] == '\t'))
		s++;
	while (e > s && (d[e - 1] == '\r' || d[e - 1] == ' ' || d[e - 1] == '\t'))
		e--;
	*line = d + s;
	*n = e - s;
	return true;
}

/* "-----BEGIN label-----" (kind "BEGIN ") or "-----END label-----": the
 * label, printable ASCII, into label[LABEL_MAX + 1]. */
static bool
pem_boundary(const unsigned char *line, size_t n, const char *kind, char *label)
{
	size_t k = strlen(kind), ll;

	if (n < 5 + k + 5 || memcmp(line, "-----", 5) != 0 || memcmp(line + 5, kind, k) != 0 ||
	    memcmp(line + n - 5, "-----", 5) != 0)
		return false;
	ll = n - 5 - k - 5;
	if (ll == 0 || ll > LABEL_MAX)
		return false;
	for (size_t i = 0; i < ll; i++)
		if (line[5 + k + i] < 0x20 || line[5 + k + i] > 0x7E ||
		    (line[5 + k + i] == '-' && (i == 0 || i == ll - 1)))
			return false;
	memcpy(label, line + 5 + k, ll);
	label[ll] = '\0';
	return true;
}

/* Strict base64 of one line into out (room for n * 3 / 4 + 3 bytes): only
 * the alphabet, '=' only at the end of the whole text. *bits and *acc
 * carry across lines, *pad counts the '=' seen. */
static bool
b64_line(const unsigned char *s, size_t n, unsigned char *out, size_t *olen, uint32_t *acc,
    unsigned *bits, unsigned *pad)
{
	for (size_t i = 0; i < n; i++) {
		int v;

		if (s[i] == '=') {
			(*pad)++;
			continue;
		}
		if (*pad > 0 || (v = pki_base64_digit(s[i], false)) < 0)
			return false;
		*acc = (*acc << 6) | (uint32_t)v;
		*bits += 6;
		if (*bits >= 8) {
			*bits -= 8;
			out[(*olen)++] = (unsigned char)(*acc >> *bits);
		}
	}
	return true;
}

/* Complete quartets, at most two '=' that fill the last one, unused bits zero. */
static bool
b64_end(uint32_t acc, unsigned bits, unsigned pad)
{
	if (bits == 0)
		return pad == 0;
	if (bits == 6)
		return false;
	return (bits == 4 && pad == 2) || (bits == 2 && pad == 1) ? (acc & ((1u << bits) - 1)) == 0
	                                                          : false;
}

struct pem_found {
	unsigned char *der; /* the first request's DER; malloc'd */
	size_t der_len;
	int requests; /* request blocks seen */
	bool any; /* a BEGIN line seen */
};

/* Decodes the block whose BEGIN line is `begin_line`, from *pos up to its
 * END line; *pos then follows the END line. */
static int
pem_block(const unsigned char *d, size_t len, size_t *pos, size_t *lineno, const char *label,
    size_t begin_line, unsigned char **der, size_t *der_len, struct pki_error *err)
{
	const unsigned char *line;
	char end_label[LABEL_MAX + 1];
	unsigned char *buf;
	size_t n, olen = 0;
	uint32_t acc = 0;
	unsigned bits = 0, pad = 0;

	*der = NULL;
	*der_len = 0;
	if ((buf = malloc((len - *pos) / 4 * 3 + 3)) == NULL)
		return pki_err_nomem(err);
	while (next_line(d, len, pos, &line, &n)) {
		(*lineno)++;
		if (n >= 5 && memcmp(line, "-----", 5) == 0) {
			if (!pem_boundary(line, n, "END ", end_label) ||
			    strcmp(end_label, label) != 0)
				break;
			if (!b64_end(acc, bits, pad) || olen == 0) {
				free(buf);
				return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
				    _("The PEM block \"%s\" that begins on line %zu is not whole "
				      "base64 (its last group of four characters is cut short)"),
				    label, begin_line);
			}
			*der = buf;
			*der_len = olen;
			return 0;
		}
		if (!b64_line(line, n, buf, &olen, &acc, &bits, &pad)) {
			free(buf);
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("Line %zu, inside the PEM block \"%s\", holds characters that are "
			      "not base64"),
			    *lineno, label);
		}
	}
	free(buf);
	return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
	    _("The PEM block \"%s\" that begins on line %zu does not end with "
	      "\"-----END %s-----\""),
	    label, begin_line, label);
}

/* Every PEM block of the text: the requests counted, the first kept;
 * a block of another kind refused. */
static int
pem_scan(const unsigned char *d, size_t len, struct pem_found *f, struct pki_error *err)
{
	const unsigned char *line;
	char label[LABEL_MAX + 1];
	size_t pos = 0, n, lineno = 0;
	int r;

	memset(f, 0, sizeof *f);
	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		pos = 3; /* UTF-8 byte-order mark */
	while (next_line(d, len, &pos, &line, &n)) {
		unsigned char *der;
		size_t der_len, begin_line = ++lineno;

		if (!pem_boundary(line, n, "BEGIN ", label))
			continue; /* text around the blocks */
		f->any = true;
		if (!is_req_label(label))
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("Line %zu begins a PEM block \"%s\": only a Certificate Signing "
			      "Request (\"CERTIFICATE REQUEST\") is accepted here"),
			    begin_line, label);
		if ((r = pem_block(d, len, &pos, &lineno, label, begin_line, &der, &der_len,
		         err)) != 0)
			return r;
		if (f->requests++ == 0) {
			f->der = der;
			f->der_len = der_len;
		} else {
			free(der);
		}
	}
	return 0;
}

/* The TLV at *p: its header checked as definite-length DER within limit. */
static bool
der_tlv(const unsigned char **p, const unsigned char *limit, int want_tag, bool constructed,
    const unsigned char **content, const unsigned char **end)
{
	const unsigned char *q = *p;
	long len;
	int tag, cls, ret;

	if (limit <= q)
		return false;
	ret = ASN1_get_object(&q, &len, &tag, &cls, limit - q);
	if ((ret & 0x80) || (ret & 1) || tag != want_tag || cls != V_ASN1_UNIVERSAL ||
	    ((ret & V_ASN1_CONSTRUCTED) != 0) != constructed || len > limit - q)
		return false;
	*content = q;
	*end = q + len;
	*p = q + len;
	return true;
}

int
pki_req_from_der(const unsigned char *der, size_t len, X509_REQ **out, struct pki_error *err)
{
	const unsigned char *p = der, *limit = der + len, *req_end, *q, *info, *info_end, *c, *e;
	ASN1_INTEGER *version = NULL;
	int64_t v = -1;
	X509_REQ *req;

	*out = NULL;
	if (len > PKI_CSR_MAX_BYTES)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "csr",
		    _("The Certificate Signing Request is larger than %d bytes"),
		    PKI_CSR_MAX_BYTES);
	/* CertificationRequest ::= SEQUENCE { info, signatureAlgorithm, signature } */
	if (!der_tlv(&p, limit, V_ASN1_SEQUENCE, true, &q, &req_end))
		goto bad;
	if (req_end != limit)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    dngettext(PACKAGE,
		        "The Certificate Signing Request is followed by %zu more byte: "
		        "a request file holds the request alone",
		        "The Certificate Signing Request is followed by %zu more bytes: "
		        "a request file holds the request alone",
		        (unsigned long)(limit - req_end)),
		    (size_t)(limit - req_end));
	if (!der_tlv(&q, req_end, V_ASN1_SEQUENCE, true, &info, &info_end) ||
	    !der_tlv(&q, req_end, V_ASN1_SEQUENCE, true, &c, &e) ||
	    !der_tlv(&q, req_end, V_ASN1_BIT_STRING, false, &c, &e))
		goto bad;
	if (q != req_end)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request holds extra data after its signature"));
	/* version INTEGER { v1(0) } */
	c = info;
	if (!der_tlv(&c, info_end, V_ASN1_INTEGER, false, &q, &e))
		goto bad;
	c = info;
	version = d2i_ASN1_INTEGER(NULL, &c, e - info);
	if (version == NULL || ASN1_INTEGER_get_int64(&v, version) != 1 || v != 0) {
		ASN1_INTEGER_free(version);
		ERR_clear_error();
		if (v > 0 && v < 1000)
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The Certificate Signing Request says it is version %d (value %d); "
			      "PKCS#10 has only version 1 (value 0)"),
			    (int)v + 1, (int)v);
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request's version is not version 1 (value 0), "
		      "the only version PKCS#10 has"));
	}
	ASN1_INTEGER_free(version);
	p = der;
	req = d2i_X509_REQ(NULL, &p, (long)len);
	if (req != NULL && p != limit) {
		X509_REQ_free(req);
		req = NULL;
	}
	ERR_clear_error();
	if (req == NULL)
		goto bad;
	*out = req;
	return 0;
bad:
	ERR_clear_error();
	return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
	    _("The data is not a PKCS#10 Certificate Signing Request in PEM or DER form"));
}

int
pki_req_read(const unsigned char *data, size_t len, X509_REQ **out, struct pki_error *err)
{
	struct pem_found f;
	int r;

	*out = NULL;
	if (len > PKI_CSR_MAX_BYTES)
		return pki_err_set(err, PKI_ERR_TOO_LARGE, "csr",
		    _("The Certificate Signing Request is larger than %d bytes"),
		    PKI_CSR_MAX_BYTES);
	/* DER begins with a SEQUENCE of a long-form length: never text. */
	if (len >= 2 && data[0] == 0x30 && data[1] >= 0x81 && data[1] <= 0x84)
		return pki_req_from_der(data, len, out, err);
	if ((r = pem_scan(data, len, &f, err)) != 0)
		goto out;
	if (!f.any) {
		r = pki_req_from_der(data, len, out, err);
		goto out;
	}
	if (f.requests > 1) {
		r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    dngettext(PACKAGE,
		        "The data holds %d Certificate Signing Request; give one at a time",
		        "The data holds %d Certificate Signing Requests; give one at a time",
		        (unsigned long)f.requests),
		    f.requests);
		goto out;
	}
	r = pki_req_from_der(f.der, f.der_len, out, err);
out:
	free(f.der);
	return r;
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
			    _("The request's RSA key has %d bits; at least 2048 are required"),
			    bits);
		if (bits > 16384)
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's RSA key has %d bits; at most 16384 are accepted"),
			    bits);
		return pki_key_check(pk, err);
	}
	if (EVP_PKEY_is_a(pk, "EC")) {
		EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
		    NULL);
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
	if (md_nid == NID_md5 || md_nid == NID_md4 || md_nid == NID_md2 || md_nid == NID_sha1 ||
	    md_nid == NID_mdc2 || md_nid == NID_ripemd160)
		return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The Certificate Signing Request is signed with %s; SHA-256 or better is required"),
		    OBJ_nid2sn(md_nid));
	*alg = strdup(sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "?");
	return *alg ? 0 : pki_err_nomem(err);
}

/* The value types a name keeps as they are: PrintableString and
 * UTF8String, and IA5String where PKCS#9 and RFC 4519 ask for it (an
 * emailAddress, a domainComponent). */
static bool
kept_type(int nid, int type)
{
	if (nid == NID_countryName)
		return type == V_ASN1_PRINTABLESTRING;
	return type == V_ASN1_PRINTABLESTRING || type == V_ASN1_UTF8STRING ||
	    (type == V_ASN1_IA5STRING &&
	        (nid == NID_pkcs9_emailAddress || nid == NID_domainComponent));
}

/* A subject value, as UTF-8 text, checked: safe on a terminal, readable as
 * it is (no invisible, bidirectional-control or non-character), a Common
 * Name of at most 64 characters (RFC 5280 ub-common-name), a country of
 * two capital letters that ISO 3166 assigns. */
static int
check_value(int nid, const char *utf8, struct pki_error *err)
{
	const char *sn = nid != NID_undef ? OBJ_nid2sn(nid) : "?";
	char *label = pki_strfmt(_("The request's subject %s"), sn);
	int r = 0;

	if (label == NULL)
		return pki_err_nomem(err);
	if (pki_check_text(utf8, nid == NID_commonName ? 64 : 256, label, err) != 0)
		r = PKI_ERR_BAD_CSR;
	else if (nid == NID_commonName && strchr(utf8, '*') != NULL &&
	    pki_check_dns_name(utf8, true, "csr", err) != 0)
		r = PKI_ERR_BAD_CSR; /* a wildcard CN is a wildcard host name */
	else if (nid == NID_countryName &&
	    (strlen(utf8) != 2 || utf8[0] < 'A' || utf8[0] > 'Z' || utf8[1] < 'A' ||
	        utf8[1] > 'Z' || pki_check_country(utf8, "csr", err) != 0)) {
		char *shown = pki_sanitize(utf8);
		r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
		    _("The request's country (C) \"%s\" is not a two-letter ISO 3166 code in "
		      "capitals, such as US or FR"),
		    shown ? shown : "");
		free(shown);
	}
	free(label);
	if (r != 0) {
		err->code = PKI_ERR_BAD_CSR;
		snprintf(err->field, sizeof err->field, "csr");
	}
	return r;
}

/* Every subject value must be text that is safe on a terminal and that
 * ncpki can issue as a PrintableString or a UTF8String. */
static int
check_subject(const X509_NAME *name, struct pki_error *err)
{
	for (int i = 0; i < X509_NAME_entry_count(name); i++) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
		const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		unsigned char *utf8 = NULL;
		int n, r = 0;

		/* what the lint will ask of the certificate's subject */
		if (!pki_name_value_ok(ASN1_STRING_type(v), ASN1_STRING_get0_data(v),
		        (size_t)ASN1_STRING_length(v)))
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a value its string type does not allow "
			      "(a PrintableString takes letters, digits, the space and '()+,-./:=? "
			      "only; UTF8String takes any text)"));
		/* a BMPString, T61String, UniversalString...: converted to UTF-8
		 * when issued (pki_name_normalize), or refused here */
		n = ASN1_STRING_to_UTF8(&utf8, v);

		if (n < 0) {
			ERR_clear_error();
			return pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a value that is not valid text"));
		}
		if ((size_t)n != strlen((char *)utf8))
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subject holds a NUL character"));
		else
			r = check_value(nid, (char *)utf8, err);
		OPENSSL_free(utf8);
		if (r != 0)
			return r;
	}
	return 0;
}

int
pki_name_normalize(const X509_NAME *in, X509_NAME **out, struct pki_error *err)
{
	X509_NAME *name = NULL;
	int i, n = X509_NAME_entry_count(in), prev_set = -1;

	*out = NULL;
	for (i = 0; i < n; i++) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(in, i);
		if (!kept_type(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)),
		        ASN1_STRING_type(X509_NAME_ENTRY_get_data(e))))
			break;
	}
	if (i == n)
		return 0; /* the fast path: the request's bytes as they are */
	if ((name = X509_NAME_new()) == NULL)
		return pki_err_nomem(err);
	for (i = 0; i < n; i++) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(in, i);
		const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
		const ASN1_OBJECT *obj = X509_NAME_ENTRY_get_object(e);
		int nid = OBJ_obj2nid(obj), set = X509_NAME_ENTRY_set(e), len, ok;
		unsigned char *utf8 = NULL;

		if (kept_type(nid, ASN1_STRING_type(v))) {
			ok = X509_NAME_add_entry_by_OBJ(name, obj, ASN1_STRING_type(v),
			    ASN1_STRING_get0_data(v), ASN1_STRING_length(v), -1,
			    set == prev_set ? -1 : 0);
		} else if ((len = ASN1_STRING_to_UTF8(&utf8, v)) < 0) {
			ok = 0;
		} else {
			int type =
			    nid == NID_countryName ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING;

			if (type == V_ASN1_PRINTABLESTRING &&
			    !pki_name_value_ok(type, utf8, (size_t)len))
				type = V_ASN1_UTF8STRING; /* refused at intake anyway */
			ok = X509_NAME_add_entry_by_OBJ(name, obj, type, utf8, len, -1,
			    set == prev_set ? -1 : 0);
		}
		OPENSSL_free(utf8);
		prev_set = set;
		if (!ok) {
			X509_NAME_free(name);
			return pki_err_crypto(err, _("Cannot convert the subject to UTF8String"));
		}
	}
	*out = name;
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
		    _("The request asks for %d subjectAltNames; at most %d are accepted"), n,
		    MAX_SANS);
	for (i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		switch (g->type) {
		case GEN_DNS:
			if (!ia5_ok(g->d.dNSName, buf, sizeof buf))
				goto bad;
			if (pki_check_dns_name(buf, true, "csr", err) != 0) {
				err->code = PKI_ERR_BAD_CSR;
				return err->code;
			}
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
		if (sk_GENERAL_NAME_num(*out) == 0) {
			r = pki_err_set(err, PKI_ERR_BAD_CSR, "csr",
			    _("The request's subjectAltName extension is empty: name at least one "
			      "host name, IP address, email address or URI in it, or leave it out"));
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

/* ------------------------------------------------- requested extensions */

/* One extension in words: "name: value" or "name (critical): value", the
 * value as OpenSSL prints it with its lines joined by "; ". */
static char *
extension_line(X509_EXTENSION *e)
{
	char name[128], *text = NULL, *line = NULL;
	BIO *bio = BIO_new(BIO_s_mem());
	const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(e);
	long len;
	char *mem;
	size_t o = 0;

	if (OBJ_obj2txt(name, sizeof name, X509_EXTENSION_get_object(e), 0) <= 0)
		snprintf(name, sizeof name, "?");
	if (bio == NULL)
		return NULL;
	if (X509V3_EXT_print(bio, e, 0, 0) != 1) {
		(void)BIO_reset(bio);
		BIO_printf(bio,
		    dngettext(PACKAGE, "(%d byte, not decoded)", "(%d bytes, not decoded)",
		        (unsigned long)ASN1_STRING_length(v)),
		    ASN1_STRING_length(v));
	}
	len = BIO_get_mem_data(bio, &mem);
	if (len >= 0 && (text = malloc((size_t)len * 2 + 1)) != NULL) {
		for (long i = 0; i < len; i++) {
			if (mem[i] == '\r')
				continue;
			if (mem[i] == '\n') {
				while (o > 0 && text[o - 1] == ' ')
					o--;
				if (i + 1 < len) {
					text[o++] = ';';
					text[o++] = ' ';
				}
				while (i + 1 < len && mem[i + 1] == ' ')
					i++;
				continue;
			}
			text[o++] = mem[i];
		}
		text[o] = '\0';
		line = X509_EXTENSION_get_critical(e)
		    /* TRANSLATORS: a requested extension: its name, then its value. */
		    ? pki_strfmt(_("%s (critical): %s"), name, text)
		    : pki_strfmt("%s: %s", name, text);
	}
	free(text);
	BIO_free(bio);
	return line;
}

int
pki_csr_extensions(const char *pem, char ***lines, size_t *n, struct pki_error *err)
{
	STACK_OF(X509_EXTENSION) *exts = NULL;
	X509_REQ *req = NULL;
	int r, count;

	*lines = NULL;
	*n = 0;
	if ((r = pki_req_read((const unsigned char *)pem, strlen(pem), &req, err)) != 0)
		return r;
	exts = X509_REQ_get_extensions(req);
	count = exts != NULL ? sk_X509_EXTENSION_num(exts) : 0;
	if (count > 0 && (*lines = calloc((size_t)count, sizeof **lines)) == NULL)
		r = pki_err_nomem(err);
	for (int i = 0; r == 0 && i < count; i++) {
		if (((*lines)[i] = extension_line(sk_X509_EXTENSION_value(exts, i))) == NULL)
			r = pki_err_nomem(err);
		else
			*n = (size_t)i + 1;
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	X509_REQ_free(req);
	ERR_clear_error();
	if (r != 0) {
		pki_pem_array_free(lines, *n);
		*n = 0;
	}
	return r;
}

/* ----------------------------------------- stored requests, read lightly */

/* Steps into a constructed TLV of the given tag and class; *end is its end. */
bool
pki_der_enter(const unsigned char **p, const unsigned char *limit, int want_tag, int want_class,
    const unsigned char **end)
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
	STACK_OF(X509_EXTENSION) * exts;
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
	X509_NAME *conv = NULL;

	memset(out, 0, sizeof *out);
	if (len > PKI_CSR_MAX_BYTES ||
	    !pki_der_enter(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &req_end) ||
	    !pki_der_enter(&p, req_end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &info_end) ||
	    !skip(&p, info_end) /* version */ ||
	    (out->subject = d2i_X509_NAME(NULL, &p, info_end - p)) == NULL ||
	    (out->spki = p,
	        !pki_der_enter(&p, info_end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &spki_end)) ||
	    (out->key_alg = d2i_X509_ALGOR(NULL, &p, spki_end - p)) == NULL ||
	    (out->key_bits = d2i_ASN1_BIT_STRING(NULL, &p, spki_end - p)) == NULL || p != spki_end)
		goto bad;
	out->spki_len = (size_t)(spki_end - out->spki);
	/* a BMPString or T61String subject is issued as UTF8String */
	if (pki_name_normalize(out->subject, &conv, err) != 0) {
		pki_req_parts_clear(out);
		return err->code;
	}
	if (conv != NULL) {
		X509_NAME_free(out->subject);
		out->subject = conv;
	}
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
pki_csr_parse(const unsigned char *data, size_t len, struct pki_csr_info *info, unsigned char **der,
    size_t *der_len, struct pki_error *err)
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
		    _("The Certificate Signing Request is larger than %d bytes"),
		    PKI_CSR_MAX_BYTES);
	if ((r = pki_req_read(data, len, &req, err)) != 0)
		return r;
	pk = X509_REQ_get0_pubkey(req);
	if ((r = check_key(pk, err)) != 0 ||
	    (r = check_signature(req, pk, &info->sig_alg, err)) != 0 ||
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
