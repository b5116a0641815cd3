/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lint.c: lint before sign, as Let's Encrypt's Boulder does. signer.c
 * builds the certificate and encodes its TBSCertificate; pki_lint_tbs_der
 * decodes those bytes field by field (Boulder signs with a throwaway key
 * to lint a complete certificate: the TBSCertificate alone costs no
 * signature) and checks them against the rules below, and pki_lint_final
 * checks the signature algorithm; only a certificate that passes is
 * signed with the CA key, those very bytes. pki_lint_cert runs every rule on a stored, signed
 * certificate (`ncpki check`). A refusal names the rule it broke.
 *
 * The rules (RFC 5280 section in brackets):
 *   serial      positive, at most 20 octets [4.1.2.2]
 *   sigalg      SHA-256/384/512 with RSA or ECDSA, or Ed25519 (final)
 *   time        UTCTime through 2049, GeneralizedTime from 2050 [4.1.2.5];
 *               notBefore before notAfter; within the issuer's validity
 *   aki         authority key identifier present, the issuer's SKI [4.2.1.1]
 *   ca          a CA certificate has critical basicConstraints, keyCertSign
 *               and a subject key identifier [4.2.1.9, 4.2.1.3, 4.2.1.2]
 *   keycertsign keyCertSign only with cA [4.2.1.3]
 *   dupext      no extension twice [4.2]
 *   subject     not empty unless a critical subjectAltName is there [4.1.2.6];
 *               byte for byte the request's validated subject
 *   usage       only the extensions and key purposes the usage grants
 *   der         the encoding re-encodes identically (DER, not BER) (final)
 */
#include <config.h>

#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto.h"
#include "i18n.h"

static int
refuse(struct pki_error *err, const char *rule, const char *what)
{
	return pki_err_set(err, PKI_ERR_INVALID, "lint",
	    _("it breaks lint rule \"%s\" (%s)"), rule, what);
}

static bool
time_encoding_ok(const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return false;
	if (tm.tm_year + 1900 < 2050)
		return ASN1_STRING_type(t) == V_ASN1_UTCTIME;
	return ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME;
}

static bool
same_octets(const ASN1_OCTET_STRING *a, const ASN1_OCTET_STRING *b)
{
	return a != NULL && b != NULL && ASN1_OCTET_STRING_cmp(a, b) == 0;
}

static bool
same_name(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	if (!X509_NAME_get0_der((X509_NAME *)a, &da, &la) ||
	    !X509_NAME_get0_der((X509_NAME *)b, &db, &lb))
		return false;
	return la == lb && memcmp(da, db, la) == 0;
}

/* The extensions a certificate of this usage may carry. */
static bool
ext_allowed(int nid, enum pki_usage u)
{
	switch (nid) {
	case NID_basic_constraints:
	case NID_key_usage:
	case NID_subject_key_identifier:
	case NID_authority_key_identifier:
	case NID_subject_alt_name:
	case NID_crl_distribution_points:
	case NID_info_access:
		return true;
	case NID_ext_key_usage:
		return u != PKI_USAGE_INTERMEDIATE;
	case NID_id_pkix_OCSP_noCheck:
		return u == PKI_USAGE_OCSP;
	default:
		return false;
	}
}

static int
check_usage(X509 *x, enum pki_usage u, struct pki_error *err)
{
	uint32_t flags = X509_get_extension_flags(x);
	uint32_t ku = X509_get_key_usage(x);
	uint32_t want_xku = 0;
	EXTENDED_KEY_USAGE *eku;
	int neku = 0, bits = 0;

	switch (u) {
	case PKI_USAGE_TLS:
		want_xku = XKU_SSL_SERVER | XKU_SSL_CLIENT;
		break;
	case PKI_USAGE_CODESIGN:
		want_xku = XKU_CODE_SIGN;
		break;
	case PKI_USAGE_INTERMEDIATE:
		break;
	case PKI_USAGE_OCSP:
		want_xku = XKU_OCSP_SIGN;
		break;
	default:
		return refuse(err, "usage", _("unknown usage"));
	}
	if ((u == PKI_USAGE_INTERMEDIATE) != ((flags & EXFLAG_CA) != 0))
		return refuse(err, "usage", u == PKI_USAGE_INTERMEDIATE
		    ? _("an intermediate CA must have cA set")
		    : _("only an intermediate CA may have cA set"));
	if (u != PKI_USAGE_INTERMEDIATE && (ku & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) != 0)
		return refuse(err, "usage", _("keyCertSign or cRLSign on a certificate that is not a CA"));
	eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	if (eku != NULL)
		neku = sk_ASN1_OBJECT_num(eku);
	EXTENDED_KEY_USAGE_free(eku);
	for (uint32_t f = want_xku; f != 0; f &= f - 1)
		bits++;
	if (want_xku == 0 ? neku != 0
	                  : (X509_get_extended_key_usage(x) != want_xku || neku != bits))
		return refuse(err, "usage", _("the extended key usages are not exactly those the usage grants"));
	return 0;
}

static int
lint_decoded(X509 *x, const X509 *issuer, const X509_NAME *subject, enum pki_usage u,
             struct pki_error *err)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
	const ASN1_TIME *nb = X509_get0_notBefore(x), *na = X509_get0_notAfter(x);
	uint32_t flags, ku;
	int n, crit, idx;

	/* serial */
	if (ASN1_STRING_type(sn) == V_ASN1_NEG_INTEGER || ASN1_STRING_length(sn) == 0 ||
	    (ASN1_STRING_length(sn) == 1 && ASN1_STRING_get0_data(sn)[0] == 0))
		return refuse(err, "serial", _("the serial number is not positive"));
	if (ASN1_STRING_length(sn) > 20)
		return refuse(err, "serial", _("the serial number is longer than 20 octets"));
	/* time */
	if (!time_encoding_ok(nb) || !time_encoding_ok(na))
		return refuse(err, "time", _("a validity time is not encoded as RFC 5280 requires"));
	if (ASN1_TIME_compare(nb, na) >= 0)
		return refuse(err, "time", _("notBefore is not before notAfter"));
	if (ASN1_TIME_compare(na, X509_get0_notAfter(issuer)) > 0)
		return refuse(err, "time", _("notAfter is past the issuer's notAfter"));
	if (ASN1_TIME_compare(nb, X509_get0_notBefore(issuer)) < 0)
		return refuse(err, "time", _("notBefore is before the issuer's notBefore: is the clock right?"));
	/* dupext */
	n = X509_get_ext_count(x);
	for (int i = 0; i < n; i++) {
		const ASN1_OBJECT *oi = X509_EXTENSION_get_object(X509_get_ext(x, i));
		for (int j = i + 1; j < n; j++)
			if (OBJ_cmp(oi, X509_EXTENSION_get_object(X509_get_ext(x, j))) == 0)
				return refuse(err, "dupext", _("an extension appears twice"));
		if (!ext_allowed(OBJ_obj2nid(oi), u))
			return refuse(err, "usage", _("an extension the usage does not grant"));
	}
	/* aki: X509_check_purpose fills the cached extension values */
	if (X509_check_purpose(x, -1, 0) != 1 || (X509_get_extension_flags(x) & EXFLAG_INVALID))
		return refuse(err, "der", _("an extension cannot be decoded"));
	if (X509_get0_authority_key_id(x) == NULL)
		return refuse(err, "aki", _("no authority key identifier"));
	if (X509_get0_subject_key_id((X509 *)issuer) != NULL &&
	    !same_octets(X509_get0_authority_key_id(x), X509_get0_subject_key_id((X509 *)issuer)))
		return refuse(err, "aki", _("the authority key identifier is not the issuer's"));
	/* ca, keycertsign */
	flags = X509_get_extension_flags(x);
	ku = X509_get_key_usage(x);
	if (flags & EXFLAG_CA) {
		idx = X509_get_ext_by_NID(x, NID_basic_constraints, -1);
		crit = idx >= 0 ? X509_EXTENSION_get_critical(X509_get_ext(x, idx)) : 0;
		if (!crit)
			return refuse(err, "ca", _("a CA certificate without critical basicConstraints"));
		if (!(flags & EXFLAG_KUSAGE) || !(ku & KU_KEY_CERT_SIGN))
			return refuse(err, "ca", _("a CA certificate without keyCertSign"));
		if (X509_get0_subject_key_id(x) == NULL)
			return refuse(err, "ca", _("a CA certificate without a subject key identifier"));
	} else if ((flags & EXFLAG_KUSAGE) && (ku & KU_KEY_CERT_SIGN)) {
		return refuse(err, "keycertsign", _("keyCertSign without cA"));
	}
	/* subject */
	if (X509_NAME_entry_count(X509_get_subject_name(x)) == 0) {
		idx = X509_get_ext_by_NID(x, NID_subject_alt_name, -1);
		if (idx < 0 || !X509_EXTENSION_get_critical(X509_get_ext(x, idx)))
			return refuse(err, "subject", _("an empty subject without a critical subjectAltName"));
	}
	if (subject != NULL && !same_name(X509_get_subject_name(x), subject))
		return refuse(err, "subject", _("the subject is not the request's validated subject"));
	return check_usage(x, u, err);
}

/*
 * Lints y, decoded from the encoding (what is linted is what the bytes
 * say), and checks that its TBSCertificate re-encodes to the same bytes
 * (tbs, tbs_len: the TBSCertificate as it is in the encoding).
 */
static int
lint_reencode(X509 *y, const unsigned char *tbs, size_t tbs_len, const X509 *issuer,
              const X509_NAME *subject, enum pki_usage u, struct pki_error *err)
{
	unsigned char *re = NULL;
	int rlen, r;

	r = lint_decoded(y, issuer, subject, u, err);
	if (r == 0) {
		rlen = i2d_re_X509_tbs(y, &re);
		if (rlen <= 0 || (size_t)rlen != tbs_len || memcmp(tbs, re, tbs_len) != 0)
			r = refuse(err, "der", _("the encoding does not re-encode identically"));
	}
	OPENSSL_free(re);
	return r;
}

/* The parts of a TBSCertificate, each decoded from its own bytes. */
struct tbs_parts {
	ASN1_INTEGER *version, *serial;
	X509_ALGOR *sigalg, *key_alg;
	X509_NAME *issuer, *subject;
	ASN1_TIME *not_before, *not_after;
	ASN1_BIT_STRING *key_bits;
	STACK_OF(X509_EXTENSION) *exts;
};

static void
tbs_parts_clear(struct tbs_parts *t)
{
	ASN1_INTEGER_free(t->version);
	ASN1_INTEGER_free(t->serial);
	X509_ALGOR_free(t->sigalg);
	X509_ALGOR_free(t->key_alg);
	X509_NAME_free(t->issuer);
	X509_NAME_free(t->subject);
	ASN1_TIME_free(t->not_before);
	ASN1_TIME_free(t->not_after);
	ASN1_BIT_STRING_free(t->key_bits);
	sk_X509_EXTENSION_pop_free(t->exts, X509_EXTENSION_free);
}

/* RFC 5280 4.1: version [0] EXPLICIT (optional), serial, signature, issuer,
 * validity, subject, subjectPublicKeyInfo, extensions [3] EXPLICIT (the
 * unique identifiers [1] [2] are never issued: they do not decode here). */
static bool
tbs_parts_decode(const unsigned char *tbs, size_t len, struct tbs_parts *t)
{
	const unsigned char *p = tbs, *end, *v_end, *k_end, *e_end;

	memset(t, 0, sizeof *t);
	if (!pki_der_enter(&p, tbs + len, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &end) ||
	    end != tbs + len)
		return false;
	if (pki_der_enter(&p, end, 0, V_ASN1_CONTEXT_SPECIFIC, &v_end) &&
	    ((t->version = d2i_ASN1_INTEGER(NULL, &p, v_end - p)) == NULL || p != v_end))
		return false;
	if ((t->serial = d2i_ASN1_INTEGER(NULL, &p, end - p)) == NULL ||
	    (t->sigalg = d2i_X509_ALGOR(NULL, &p, end - p)) == NULL ||
	    (t->issuer = d2i_X509_NAME(NULL, &p, end - p)) == NULL ||
	    !pki_der_enter(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &v_end) ||
	    (t->not_before = d2i_ASN1_TIME(NULL, &p, v_end - p)) == NULL ||
	    (t->not_after = d2i_ASN1_TIME(NULL, &p, v_end - p)) == NULL || p != v_end ||
	    (t->subject = d2i_X509_NAME(NULL, &p, end - p)) == NULL ||
	    !pki_der_enter(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, &k_end) ||
	    (t->key_alg = d2i_X509_ALGOR(NULL, &p, k_end - p)) == NULL ||
	    (t->key_bits = d2i_ASN1_BIT_STRING(NULL, &p, k_end - p)) == NULL || p != k_end)
		return false;
	if (pki_der_enter(&p, end, 3, V_ASN1_CONTEXT_SPECIFIC, &e_end) &&
	    ((t->exts = d2i_X509_EXTENSIONS(NULL, &p, e_end - p)) == NULL || p != e_end))
		return false;
	return p == end;
}

/*
 * The certificate a TBSCertificate says, decoded field by field as
 * d2i_X509 would, except that the public key stays its algorithm and bits:
 * d2i_X509 decodes the key with OpenSSL 3's decoders, which costs several
 * ECDSA signatures; no rule reads the key, and the re-encoding check
 * covers its bytes. NULL when it does not decode.
 */
static X509 *
tbs_decode(const unsigned char *tbs, size_t len)
{
	struct tbs_parts t;
	struct pki_error ignored;
	const X509_ALGOR *outer;
	X509 *y = NULL;
	bool ok = false;

	if (!tbs_parts_decode(tbs, len, &t) || (y = X509_new()) == NULL ||
	    (t.version != NULL && (ASN1_INTEGER_get(t.version) < X509_VERSION_1 ||
	                           ASN1_INTEGER_get(t.version) > X509_VERSION_3)))
		goto out;
	if (!X509_set_version(y, t.version != NULL ? ASN1_INTEGER_get(t.version) : X509_VERSION_1) ||
	    !X509_set_serialNumber(y, t.serial) ||
	    !X509_ALGOR_copy((X509_ALGOR *)X509_get0_tbs_sigalg(y), t.sigalg) ||
	    !X509_set_issuer_name(y, t.issuer) || !X509_set1_notBefore(y, t.not_before) ||
	    !X509_set1_notAfter(y, t.not_after) || !X509_set_subject_name(y, t.subject) ||
	    pki_spki_set(y, t.key_alg, t.key_bits, &ignored) != 0)
		goto out;
	/* The outer signature algorithm too, as in a decoded certificate:
	 * X509_check_purpose reads it. */
	X509_get0_signature(NULL, &outer, y);
	if (!X509_ALGOR_copy((X509_ALGOR *)outer, t.sigalg))
		goto out;
	for (int i = 0; i < sk_X509_EXTENSION_num(t.exts); i++)
		if (!X509_add_ext(y, sk_X509_EXTENSION_value(t.exts, i), -1))
			goto out;
	ok = true;
out:
	tbs_parts_clear(&t);
	if (!ok) {
		X509_free(y);
		y = NULL;
	}
	ERR_clear_error();
	return y;
}

int
pki_lint_tbs_der(const unsigned char *tbs, size_t len, const X509 *issuer,
                 const X509_NAME *subject, enum pki_usage u, struct pki_error *err)
{
	X509 *y = tbs_decode(tbs, len);
	int r;

	if (y == NULL)
		return refuse(err, "der", _("the certificate does not decode"));
	r = lint_reencode(y, tbs, len, issuer, subject, u, err);
	X509_free(y);
	return r;
}

/*
 * Lint before sign of a certificate x built but not signed: its
 * TBSCertificate is encoded (with an Ed25519 AlgorithmIdentifier as the
 * placeholder the CA's signature algorithm then replaces), decoded field
 * by field and linted. signer.c lints the very TBSCertificate bytes it
 * signs with pki_lint_tbs_der instead.
 */
int
pki_lint_tbs(X509 *x, const X509 *issuer, const X509_NAME *subject, enum pki_usage u,
             struct pki_error *err)
{
	unsigned char *tbs = NULL;
	X509_ALGOR *alg = (X509_ALGOR *)X509_get0_tbs_sigalg(x);
	int tl, r;

	if (!X509_ALGOR_set0(alg, OBJ_nid2obj(NID_ED25519), V_ASN1_UNDEF, NULL) ||
	    (tl = i2d_re_X509_tbs(x, &tbs)) <= 0)
		return pki_err_crypto(err, _("Cannot encode the certificate"));
	r = pki_lint_tbs_der(tbs, (size_t)tl, issuer, subject, u, err);
	OPENSSL_free(tbs);
	return r;
}

int
pki_lint_final(X509 *x, struct pki_error *err)
{
	switch (X509_get_signature_nid(x)) {
	case NID_sha256WithRSAEncryption:
	case NID_sha384WithRSAEncryption:
	case NID_sha512WithRSAEncryption:
	case NID_ecdsa_with_SHA256:
	case NID_ecdsa_with_SHA384:
	case NID_ecdsa_with_SHA512:
	case NID_ED25519:
		return 0;
	default:
		return refuse(err, "sigalg", _("the signature algorithm is not SHA-256/384/512 or Ed25519"));
	}
}

int
pki_lint_cert(X509 *x, const unsigned char *der, size_t len, const X509 *issuer,
              const X509_NAME *subject, enum pki_usage u, struct pki_error *err)
{
	const unsigned char *p, *tbs = NULL;
	long hlen;
	int tag, cls, r;
	size_t tlen = 0;

	if ((r = pki_lint_final(x, err)) != 0)
		return r;
	/* the TBSCertificate as signed: the first element of the outer SEQUENCE */
	p = der;
	if (!(ASN1_get_object(&p, &hlen, &tag, &cls, (long)len) & 0x80)) {
		tbs = p;
		if (!(ASN1_get_object(&p, &hlen, &tag, &cls, der + len - p) & 0x80))
			tlen = (size_t)(p - tbs) + (size_t)hlen;
	}
	if (tlen == 0)
		return refuse(err, "der", _("the certificate does not decode"));
	return lint_reencode(x, tbs, tlen, issuer, subject, u, err);
}
