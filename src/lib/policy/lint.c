/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lint.c: lint before sign, as Let's Encrypt's Boulder does. signer.c
 * builds the certificate and encodes its TBSCertificate; pki_lint_tbs_der
 * reads those very bytes (Boulder signs with a throwaway key to lint a
 * complete certificate: the TBSCertificate alone costs no signature) and
 * checks them against the rules below, and pki_lint_final checks the
 * signature algorithm; only a certificate that passes is signed with the
 * CA key, those bytes. pki_lint_cert runs every rule on a stored, signed
 * certificate (`ncpki check`). A refusal names the rule it broke.
 *
 * The bytes are read directly, not decoded into an X509 and encoded again
 * (that would be a third of a certificate's cost): every TLV is walked
 * once for DER (definite, minimal lengths; BOOLEAN 00/FF; minimal INTEGERs;
 * BIT STRINGs with clean padding; primitive strings; no DEFAULT value
 * encoded; a SET OF in DER order), and each field the rules need is read
 * from its own bytes.
 *
 * The rules (RFC 5280 section in brackets):
 *   serial      positive, at most 20 octets [4.1.2.2]
 *   sigalg      SHA-256/384/512 with RSA or ECDSA, or Ed25519 (final)
 *   time        UTCTime through 2049, GeneralizedTime from 2050 [4.1.2.5];
 *               notBefore before notAfter; within the issuer's validity
 *   validity    no longer than the profile's maximum (profile.c: TLS 398
 *               days, code signing 460, intermediate 1825)
 *   issuer      the issuer's subject, byte for byte [4.1.2.4]
 *   aki         authority key identifier present, the issuer's SKI [4.2.1.1]
 *   ca          a CA certificate has critical basicConstraints, keyCertSign
 *               and a subject key identifier [4.2.1.9, 4.2.1.3, 4.2.1.2]
 *   keycertsign keyCertSign only with cA [4.2.1.3]
 *   dupext      no extension twice [4.2]
 *   subject     not empty unless a critical subjectAltName is there, never
 *               empty in a CA certificate [4.1.2.6];
 *               byte for byte the request's validated subject; each value a
 *               string of its type (UTF-8, PrintableString's alphabet, ...),
 *               a PrintableString or UTF8String (IA5String for an
 *               emailAddress or domainComponent), text with no control,
 *               invisible, bidirectional-control or non-character; a CN
 *               of at most 64 characters; C two capital letters [A.1]
 *   cn-san      (TLS) each CN is one of the subjectAltNames: an address as
 *               an iPAddress, a host name as a dNSName (CA/B BR 7.1.4.3)
 *   wildcard    a dNSName is a host name; a wildcard only as the whole
 *               leftmost label, never directly under a public suffix
 *   usage       only the extensions, key usages and key purposes the
 *               usage's profile grants (profile.c, which the builder reads)
 *   der         DER, not BER, every field where RFC 5280 puts it
 */
#include <config.h>

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "x509/crypto.h"
#include "i18n.h"

static int
refuse(struct pki_error *err, const char *rule, const char *what)
{
	return pki_err_set(err, PKI_ERR_INVALID, "lint", _("it breaks lint rule \"%s\" (%s)"), rule,
	    what);
}

/* ------------------------------------------------------------ DER reading */

/* One TLV: its tag octet (class, constructed bit and a number below 31)
 * and its contents. */
struct tlv {
	unsigned char tag;
	const unsigned char *v; /* contents */
	size_t n;
	const unsigned char *all; /* the whole TLV, tag to end */
	size_t all_len;
};

/* Reads the TLV at *p (before end) in DER: a low tag number, a definite
 * length in the fewest octets. Advances *p past it. */
static bool
tlv_read(const unsigned char **p, const unsigned char *end, struct tlv *t)
{
	const unsigned char *q = *p;
	size_t n, k;

	if (end - q < 2 || (q[0] & 0x1f) == 0x1f)
		return false;
	t->tag = *q++;
	n = *q++;
	if (n & 0x80) {
		k = n & 0x7f;
		/* long form: 1-4 octets, no leading zero, only when >= 128 */
		if (k == 0 || k > 4 || (size_t)(end - q) < k || q[0] == 0)
			return false;
		for (n = 0; k > 0; k--)
			n = (n << 8) | *q++;
		if (n < 0x80)
			return false;
	}
	if ((size_t)(end - q) < n)
		return false;
	t->v = q;
	t->n = n;
	t->all = *p;
	t->all_len = (size_t)(q + n - *p);
	*p = q + n;
	return true;
}

/* The next TLV must have this tag. */
static bool
tlv_want(const unsigned char **p, const unsigned char *end, unsigned char tag, struct tlv *t)
{
	return *p < end && **p == tag && tlv_read(p, end, t);
}

/* Every TLV in [p, end) is DER, recursively. */
static bool
der_ok(const unsigned char *p, const unsigned char *end, int depth)
{
	struct tlv t;

	if (depth > 24)
		return false;
	while (p < end) {
		if (!tlv_read(&p, end, &t))
			return false;
		if (t.tag & V_ASN1_CONSTRUCTED) {
			/* universal types are constructed only as SEQUENCE and SET */
			if ((t.tag & 0xc0) == 0 && t.tag != 0x30 && t.tag != 0x31)
				return false;
			if (!der_ok(t.v, t.v + t.n, depth + 1))
				return false;
			continue;
		}
		switch (t.tag) {
		case 0x00: /* end-of-contents: BER only */
		case 0x10: /* SEQUENCE and SET are constructed */
		case 0x11:
			return false;
		case V_ASN1_BOOLEAN:
			if (t.n != 1 || (t.v[0] != 0x00 && t.v[0] != 0xff))
				return false;
			break;
		case V_ASN1_INTEGER:
		case V_ASN1_ENUMERATED:
			if (t.n == 0 ||
			    (t.n > 1 &&
			        ((t.v[0] == 0x00 && !(t.v[1] & 0x80)) ||
			            (t.v[0] == 0xff && (t.v[1] & 0x80)))))
				return false;
			break;
		case V_ASN1_BIT_STRING:
			if (t.n == 0 || t.v[0] > 7 || (t.n == 1 && t.v[0] != 0) ||
			    (t.n > 1 && (t.v[t.n - 1] & ((1u << t.v[0]) - 1)) != 0))
				return false;
			break;
		case V_ASN1_NULL:
			if (t.n != 0)
				return false;
			break;
		case V_ASN1_OBJECT:
			if (t.n == 0 || (t.v[t.n - 1] & 0x80))
				return false;
			for (size_t i = 0; i < t.n; i++) /* no padded subidentifier */
				if (t.v[i] == 0x80 && (i == 0 || !(t.v[i - 1] & 0x80)))
					return false;
			break;
		default:
			break;
		}
	}
	return true;
}

/* ----------------------------------------------------------------- fields */

static bool
digits(const unsigned char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* A Time as RFC 5280 4.1.2.5 has it: UTCTime YYMMDDHHMMSSZ before 2050,
 * GeneralizedTime YYYYMMDDHHMMSSZ from 2050. -1: not a time; -2: a time
 * in the other encoding. */
static int
time_read(const struct tlv *t, time_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm;
	int y, mo, d, h, mi, s, leap;
	const unsigned char *v = t->v;

	if (t->tag == V_ASN1_UTCTIME && t->n == 13 && digits(v, 2, &y)) {
		y += y < 50 ? 2000 : 1900;
		v += 2;
	} else if (t->tag == V_ASN1_GENERALIZEDTIME && t->n == 15 && digits(v, 4, &y)) {
		v += 4;
	} else {
		return -1;
	}
	if (v[10] != 'Z' || !digits(v, 2, &mo) || !digits(v + 2, 2, &d) || !digits(v + 4, 2, &h) ||
	    !digits(v + 6, 2, &mi) || !digits(v + 8, 2, &s) || mo < 1 || mo > 12 || d < 1 ||
	    h > 23 || mi > 59 || s > 59)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return -1;
	if ((y < 2050) != (t->tag == V_ASN1_UTCTIME))
		return -2;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = timegm(&tm);
	return 0;
}

/* The extensions the rules know, by the contents of their OID. */
enum ext_kind {
	EXT_BC,
	EXT_KU,
	EXT_SKI,
	EXT_AKI,
	EXT_SAN,
	EXT_CRLDP,
	EXT_EKU,
	EXT_AIA,
	EXT_OCSP_NOCHECK,
	EXT_OTHER,
};

static const struct {
	enum ext_kind kind;
	unsigned char len;
	unsigned char oid[9];
} known_exts[] = {
	{ EXT_BC, 3, { 0x55, 0x1d, 0x13 } },
	{ EXT_KU, 3, { 0x55, 0x1d, 0x0f } },
	{ EXT_SKI, 3, { 0x55, 0x1d, 0x0e } },
	{ EXT_AKI, 3, { 0x55, 0x1d, 0x23 } },
	{ EXT_SAN, 3, { 0x55, 0x1d, 0x11 } },
	{ EXT_CRLDP, 3, { 0x55, 0x1d, 0x1f } },
	{ EXT_EKU, 3, { 0x55, 0x1d, 0x25 } },
	{ EXT_AIA, 8, { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 } },
	{ EXT_OCSP_NOCHECK, 9, { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05 } },
};

static enum ext_kind
ext_kind_of(const struct tlv *oid)
{
	for (size_t i = 0; i < sizeof known_exts / sizeof known_exts[0]; i++)
		if (oid->n == known_exts[i].len && memcmp(oid->v, known_exts[i].oid, oid->n) == 0)
			return known_exts[i].kind;
	return EXT_OTHER;
}

/* The extensions a certificate of this profile may carry. */
static bool
ext_allowed(enum ext_kind k, const struct pki_profile *prof)
{
	switch (k) {
	case EXT_BC:
	case EXT_KU:
	case EXT_SKI:
	case EXT_AKI:
	case EXT_SAN:
	case EXT_CRLDP:
	case EXT_AIA:
		return true;
	case EXT_EKU:
		return prof->ext_key_usage != 0;
	case EXT_OCSP_NOCHECK:
		return prof->ocsp_nocheck;
	default:
		return false;
	}
}

/* id-kp-serverAuth .1, clientAuth .2, codeSigning .3, OCSPSigning .9 */
static const unsigned char kp_prefix[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03 };
enum { KP_OTHER = 1u << 8 }; /* a purpose no profile grants */

static unsigned
kp_bit(const struct tlv *oid)
{
	if (oid->n != sizeof kp_prefix + 1 || memcmp(oid->v, kp_prefix, sizeof kp_prefix) != 0)
		return KP_OTHER;
	switch (oid->v[sizeof kp_prefix]) {
	case 1:
		return PKI_KP_SERVER;
	case 2:
		return PKI_KP_CLIENT;
	case 3:
		return PKI_KP_CODE;
	case 9:
		return PKI_KP_OCSP;
	default:
		return KP_OTHER;
	}
}

/* What the rules read from the extensions. */
struct exts {
	bool bc, bc_critical, ca;
	bool ku;
	unsigned ku_bits; /* bit 0: digitalSignature ... bit 8 */
	bool ski;
	const unsigned char *aki_id; /* keyIdentifier [0], or NULL */
	size_t aki_id_len;
	bool aki;
	bool san, san_critical;
	const unsigned char *san_v; /* the GeneralNames' contents */
	size_t san_n;
	bool eku;
	unsigned kp; /* PKI_KP_* bits, KP_OTHER */
	int n_kp;
};

/* One extension's value, DER already checked. false: it does not decode. */
static bool
ext_read(enum ext_kind k, bool critical, const struct tlv *val, struct exts *e)
{
	const unsigned char *p = val->v, *end = val->v + val->n, *q, *qend;
	struct tlv t, u;

	switch (k) {
	case EXT_BC:
		if (!tlv_want(&p, end, 0x30, &t) || p != end)
			return false;
		q = t.v;
		qend = t.v + t.n;
		e->bc = true;
		e->bc_critical = critical;
		if (q < qend && *q == V_ASN1_BOOLEAN) {
			if (!tlv_read(&q, qend, &u) || u.v[0] != 0xff) /* DEFAULT FALSE */
				return false;
			e->ca = true;
		}
		if (q < qend && (!tlv_want(&q, qend, V_ASN1_INTEGER, &u) || (u.v[0] & 0x80)))
			return false; /* pathLenConstraint: not negative */
		return q == qend;
	case EXT_KU:
		if (!tlv_want(&p, end, V_ASN1_BIT_STRING, &t) || p != end || t.n < 2 || t.n > 3 ||
		    t.v[t.n - 1] == 0) /* a named bit list ends with a one */
			return false;
		e->ku = true;
		for (size_t i = 1; i < t.n; i++)
			for (int b = 0; b < 8; b++)
				if (t.v[i] & (0x80 >> b))
					e->ku_bits |= 1u << ((i - 1) * 8 + (size_t)b);
		return true;
	case EXT_SKI:
		e->ski = tlv_want(&p, end, V_ASN1_OCTET_STRING, &t) && p == end && t.n > 0;
		return e->ski;
	case EXT_AKI:
		if (!tlv_want(&p, end, 0x30, &t) || p != end)
			return false;
		e->aki = true;
		q = t.v;
		if (q < t.v + t.n && *q == 0x80) {
			if (!tlv_read(&q, t.v + t.n, &u))
				return false;
			e->aki_id = u.v;
			e->aki_id_len = u.n;
		}
		return true;
	case EXT_SAN:
		if (!tlv_want(&p, end, 0x30, &t) || p != end || t.n == 0)
			return false;
		e->san = true;
		e->san_critical = critical;
		e->san_v = t.v;
		e->san_n = t.n;
		return true;
	case EXT_EKU:
		if (!tlv_want(&p, end, 0x30, &t) || p != end || t.n == 0)
			return false;
		e->eku = true;
		for (q = t.v; q < t.v + t.n; e->n_kp++) {
			if (!tlv_want(&q, t.v + t.n, V_ASN1_OBJECT, &u))
				return false;
			e->kp |= kp_bit(&u);
		}
		return true;
	case EXT_OCSP_NOCHECK:
		return tlv_want(&p, end, V_ASN1_NULL, &t) && p == end;
	default:
		/* crlDistributionPoints, authorityInfoAccess: a SEQUENCE */
		return tlv_want(&p, end, 0x30, &t) && p == end;
	}
}

/* Extensions ::= SEQUENCE OF Extension, in order: dupext and usage for each
 * (in that order), then every value decoded. */
static int
exts_read(const struct tlv *seq, const struct pki_profile *prof, struct exts *e,
    struct pki_error *err)
{
	const unsigned char *end = seq->v + seq->n, *p;
	struct tlv ext, oid, crit, val, o2, x2;
	bool critical;

	memset(e, 0, sizeof *e);
	for (p = seq->v; p < end;) {
		const unsigned char *q, *qend, *r;

		if (!tlv_want(&p, end, 0x30, &ext))
			return refuse(err, "der", _("an extension cannot be decoded"));
		q = ext.v;
		qend = ext.v + ext.n;
		if (!tlv_want(&q, qend, V_ASN1_OBJECT, &oid))
			return refuse(err, "der", _("an extension cannot be decoded"));
		critical = false;
		if (q < qend && *q == V_ASN1_BOOLEAN) {
			/* DER: critical FALSE is the DEFAULT, never encoded */
			if (!tlv_read(&q, qend, &crit) || crit.v[0] != 0xff)
				return refuse(err, "der", _("an extension cannot be decoded"));
			critical = true;
		}
		if (!tlv_want(&q, qend, V_ASN1_OCTET_STRING, &val) || q != qend ||
		    !der_ok(val.v, val.v + val.n, 0))
			return refuse(err, "der", _("an extension cannot be decoded"));
		/* dupext: the same OID later on */
		for (r = p; r < end;) {
			const unsigned char *s;

			if (!tlv_want(&r, end, 0x30, &x2))
				break;
			s = x2.v;
			if (tlv_want(&s, x2.v + x2.n, V_ASN1_OBJECT, &o2) && o2.n == oid.n &&
			    memcmp(o2.v, oid.v, oid.n) == 0)
				return refuse(err, "dupext", _("an extension appears twice"));
		}
		if (!ext_allowed(ext_kind_of(&oid), prof))
			return refuse(err, "usage", _("an extension the usage does not grant"));
		if (!ext_read(ext_kind_of(&oid), critical, &val, e))
			return refuse(err, "der", _("an extension cannot be decoded"));
	}
	return 0;
}

/* UTF-8 as RFC 3629 has it: no overlong form, no surrogate, at most U+10FFFF. */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

/* An attribute value: a string type X.520 and RFC 5280 use, whose
 * contents are of that type. */
bool
pki_name_value_ok(int type, const unsigned char *s, size_t n)
{
	const struct tlv tv = { (unsigned char)type, s, n, NULL, 0 }, *v = &tv;
	size_t i;

	if (type < 0 || type > 30)
		return false;
	switch (v->tag) {
	case V_ASN1_UTF8STRING:
		return utf8_ok(v->v, v->n);
	case V_ASN1_PRINTABLESTRING:
		for (i = 0; i < v->n; i++)
			if (!((v->v[i] >= 'A' && v->v[i] <= 'Z') ||
			        (v->v[i] >= 'a' && v->v[i] <= 'z') ||
			        (v->v[i] >= '0' && v->v[i] <= '9') ||
			        strchr(" '()+,-./:=?", v->v[i]) != NULL) ||
			    v->v[i] == '\0')
				return false;
		return true;
	case V_ASN1_IA5STRING:
		for (i = 0; i < v->n; i++)
			if (v->v[i] >= 0x80)
				return false;
		return true;
	case V_ASN1_NUMERICSTRING:
		for (i = 0; i < v->n; i++)
			if (!(v->v[i] >= '0' && v->v[i] <= '9') && v->v[i] != ' ')
				return false;
		return true;
	case V_ASN1_T61STRING:
		return true;
	case V_ASN1_BMPSTRING: /* UCS-2: no surrogate */
		if (v->n % 2 != 0)
			return false;
		for (i = 0; i < v->n; i += 2)
			if (v->v[i] >= 0xd8 && v->v[i] <= 0xdf)
				return false;
		return true;
	case V_ASN1_UNIVERSALSTRING: /* UCS-4: a code point, no surrogate */
		if (v->n % 4 != 0)
			return false;
		for (i = 0; i < v->n; i += 4) {
			unsigned long cp = ((unsigned long)v->v[i] << 24) |
			    ((unsigned long)v->v[i + 1] << 16) | ((unsigned long)v->v[i + 2] << 8) |
			    v->v[i + 3];

			if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
				return false;
		}
		return true;
	default:
		return false;
	}
}

/* DER orders a SET OF by its members' encodings, the shorter first where
 * one is the other's beginning. */
static bool
der_set_order(const struct tlv *a, const struct tlv *b)
{
	size_t n = a->all_len < b->all_len ? a->all_len : b->all_len;
	int c = memcmp(a->all, b->all, n);

	return c < 0 || (c == 0 && a->all_len <= b->all_len);
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName, each a non-empty SET OF
 * { type OBJECT IDENTIFIER, value }, in DER order, each value
 * pki_name_value_ok. */
static bool
name_ok(const struct tlv *name)
{
	const unsigned char *p = name->v, *end = name->v + name->n;
	struct tlv rdn, atv, type, value, prev = { 0, NULL, 0, NULL, 0 };

	while (p < end) {
		const unsigned char *q, *qend;
		bool first = true;

		if (!tlv_want(&p, end, 0x31, &rdn) || rdn.n == 0)
			return false;
		for (q = rdn.v, qend = rdn.v + rdn.n; q < qend; prev = atv, first = false) {
			const unsigned char *r;

			if (!tlv_want(&q, qend, 0x30, &atv) ||
			    (!first && !der_set_order(&prev, &atv)))
				return false;
			r = atv.v;
			if (!tlv_want(&r, atv.v + atv.n, V_ASN1_OBJECT, &type) ||
			    !tlv_read(&r, atv.v + atv.n, &value) || r != atv.v + atv.n ||
			    !pki_name_value_ok(value.tag, value.v, value.n))
				return false;
		}
	}
	return true;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER,
 * parameters ANY OPTIONAL }. */
static bool
alg_ok(const struct tlv *alg)
{
	const unsigned char *p = alg->v, *end = alg->v + alg->n;
	struct tlv oid, params;

	return tlv_want(&p, end, V_ASN1_OBJECT, &oid) &&
	    (p == end || (tlv_read(&p, end, &params) && p == end));
}

/* A Name's whole TLV against a decoded name's DER. */
static bool
same_name(const struct tlv *name, const X509_NAME *want)
{
	const unsigned char *d;
	size_t l;

	return X509_NAME_get0_der((X509_NAME *)want, &d, &l) && l == name->all_len &&
	    memcmp(d, name->all, l) == 0;
}

static bool
same_octets(const unsigned char *a, size_t la, const ASN1_OCTET_STRING *b)
{
	return a != NULL && b != NULL && (size_t)ASN1_STRING_length(b) == la &&
	    memcmp(a, ASN1_STRING_get0_data(b), la) == 0;
}

/* attribute types, by the contents of their OID */
static const unsigned char at_cn[] = { 0x55, 0x04, 0x03 };
static const unsigned char at_c[] = { 0x55, 0x04, 0x06 };
static const unsigned char at_email[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01 };
static const unsigned char at_dc[] = { 0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19 };

static bool
oid_is(const struct tlv *oid, const unsigned char *want, size_t n)
{
	return oid->n == n && memcmp(oid->v, want, n) == 0;
}

/* A value's bytes as a C string in buf (they are UTF-8, or ASCII, by their
 * type); false when it does not fit or holds a NUL. */
static bool
value_text(const struct tlv *v, char *buf, size_t bufsz)
{
	if (v->n >= bufsz || memchr(v->v, '\0', v->n) != NULL)
		return false;
	memcpy(buf, v->v, v->n);
	buf[v->n] = '\0';
	return true;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The values of a Name (name_ok already) as ncpki issues them; NULL when
 * they are, else what is wrong. */
static const char *
name_values_why(const struct tlv *name)
{
	const unsigned char *p = name->v, *end = name->v + name->n, *q, *r;
	struct tlv rdn, atv, type, value;
	struct pki_error scratch;
	char buf[1025];

	while (p < end && tlv_want(&p, end, 0x31, &rdn))
		for (q = rdn.v; q < rdn.v + rdn.n && tlv_want(&q, rdn.v + rdn.n, 0x30, &atv);) {
			r = atv.v;
			if (!tlv_want(&r, atv.v + atv.n, V_ASN1_OBJECT, &type) ||
			    !tlv_read(&r, atv.v + atv.n, &value))
				return _(
				    "the subject is not a well-formed name (each value a string of its type)");
			if (value.tag != V_ASN1_PRINTABLESTRING && value.tag != V_ASN1_UTF8STRING &&
			    !(value.tag == V_ASN1_IA5STRING &&
			        (oid_is(&type, at_email, sizeof at_email) ||
			            oid_is(&type, at_dc, sizeof at_dc))))
				return _(
				    "a subject value is neither a PrintableString nor a UTF8String");
			if (!value_text(&value, buf, sizeof buf) ||
			    pki_check_text(buf, sizeof buf, "subject", &scratch) != 0)
				return _(
				    "a subject value holds a control, invisible or bidirectional-control character, or a non-character");
			if (oid_is(&type, at_cn, sizeof at_cn) && utf8_chars(buf) > 64)
				return _("the Common Name is longer than 64 characters");
			if (oid_is(&type, at_c, sizeof at_c) &&
			    (value.tag != V_ASN1_PRINTABLESTRING || value.n != 2 || buf[0] < 'A' ||
			        buf[0] > 'Z' || buf[1] < 'A' || buf[1] > 'Z'))
				return _(
				    "the country is not two capital letters in a PrintableString");
		}
	return NULL;
}

/* Each dNSName in the subjectAltName is a host name, a wildcard only as
 * the whole leftmost label and not directly under a public suffix. */
static int
san_names_check(const struct exts *e, struct pki_error *err)
{
	const unsigned char *p = e->san_v, *end = e->san_v + e->san_n;
	struct tlv g;
	char buf[256];

	while (p < end && tlv_read(&p, end, &g)) {
		if (g.tag != 0x82) /* dNSName [2] IA5String */
			continue;
		if (!value_text(&g, buf, sizeof buf) || !pki_hostname_syntax(buf, true))
			return refuse(err, "wildcard",
			    memchr(g.v, '*', g.n) != NULL
			        ? _("a wildcard that is not the whole leftmost label, or directly under a public suffix")
			        : _("a dNSName that is not a host name"));
	}
	return 0;
}

/* cn-san: each Common Name among the subjectAltNames, an IP address as
 * an iPAddress [7], a host name as a dNSName [2] in any case. */
static int
cn_san_check(const struct tlv *name, const struct exts *e, struct pki_error *err)
{
	const unsigned char *p = name->v, *end = name->v + name->n, *q, *r, *s;
	struct tlv rdn, atv, type, value, g;
	unsigned char ip[16];
	char cn[256];

	while (p < end && tlv_want(&p, end, 0x31, &rdn))
		for (q = rdn.v; q < rdn.v + rdn.n && tlv_want(&q, rdn.v + rdn.n, 0x30, &atv);) {
			size_t iplen = 0;
			bool found = false;

			r = atv.v;
			if (!tlv_want(&r, atv.v + atv.n, V_ASN1_OBJECT, &type) ||
			    !tlv_read(&r, atv.v + atv.n, &value) ||
			    !oid_is(&type, at_cn, sizeof at_cn))
				continue;
			if (!value_text(&value, cn, sizeof cn))
				return refuse(err, "cn-san",
				    _("the Common Name is not among the subjectAltNames"));
			if (inet_pton(AF_INET, cn, ip) == 1)
				iplen = 4;
			else if (inet_pton(AF_INET6, cn, ip) == 1)
				iplen = 16;
			for (s = e->san_v; e->san && !found && s < e->san_v + e->san_n &&
			     tlv_read(&s, e->san_v + e->san_n, &g);)
				found = iplen > 0
				    ? g.tag == 0x87 && g.n == iplen && memcmp(g.v, ip, iplen) == 0
				    : g.tag == 0x82 && g.n == value.n &&
				        strncasecmp((const char *)g.v, cn, g.n) == 0;
			if (!found)
				return refuse(err, "cn-san",
				    iplen > 0
				        ? _("the Common Name is an IP address that is not an iPAddress subjectAltName")
				        : _("the Common Name is not among the subjectAltNames"));
		}
	return 0;
}

/* The TBSCertificate's fields (RFC 5280 4.1), each a TLV of the bytes. */
struct tbs {
	struct tlv serial, sigalg, issuer, not_before, not_after, subject, spki, exts;
	bool has_exts;
};

/* version [0] EXPLICIT (v2 or v3; v1 is the DEFAULT, never encoded), serial,
 * signature, issuer, validity, subject, subjectPublicKeyInfo, extensions
 * [3] EXPLICIT (v3 only). The unique identifiers [1] [2] are never issued:
 * they do not read here. */
static bool
tbs_read(const unsigned char *der, size_t len, struct tbs *t)
{
	const unsigned char *p = der, *end = der + len, *q;
	struct tlv seq, v, vi, val, alg, bits;
	long version = 0;

	memset(t, 0, sizeof *t);
	if (!der_ok(der, der + len, 0) || !tlv_want(&p, end, 0x30, &seq) || p != end)
		return false;
	p = seq.v;
	end = seq.v + seq.n;
	if (p < end && *p == 0xa0) {
		if (!tlv_read(&p, end, &v) ||
		    (q = v.v, !tlv_want(&q, v.v + v.n, V_ASN1_INTEGER, &vi)) || q != v.v + v.n ||
		    vi.n != 1 || vi.v[0] < 1 || vi.v[0] > 2)
			return false;
		version = vi.v[0];
	}
	if (!tlv_want(&p, end, V_ASN1_INTEGER, &t->serial) ||
	    !tlv_want(&p, end, 0x30, &t->sigalg) || !tlv_want(&p, end, 0x30, &t->issuer) ||
	    !tlv_want(&p, end, 0x30, &val) || !tlv_want(&p, end, 0x30, &t->subject) ||
	    !tlv_want(&p, end, 0x30, &t->spki))
		return false;
	q = val.v;
	if (!tlv_read(&q, val.v + val.n, &t->not_before) ||
	    !tlv_read(&q, val.v + val.n, &t->not_after) || q != val.v + val.n)
		return false;
	q = t->spki.v;
	if (!alg_ok(&t->sigalg) || !tlv_want(&q, t->spki.v + t->spki.n, 0x30, &alg) ||
	    !alg_ok(&alg) || !tlv_want(&q, t->spki.v + t->spki.n, V_ASN1_BIT_STRING, &bits) ||
	    q != t->spki.v + t->spki.n)
		return false;
	if (p < end && *p == 0xa3) {
		if (version != 2 || !tlv_read(&p, end, &v))
			return false;
		q = v.v;
		if (!tlv_want(&q, v.v + v.n, 0x30, &t->exts) || q != v.v + v.n || t->exts.n == 0)
			return false;
		t->has_exts = true;
	}
	return p == end;
}

int
pki_lint_tbs_der(const unsigned char *der, size_t len, const X509 *issuer, const X509_NAME *subject,
    enum pki_usage u, struct pki_error *err)
{
	struct tbs t;
	struct exts e;
	time_t nb, na;
	const ASN1_OCTET_STRING *issuer_ski;
	const struct pki_profile *prof = pki_profile_of(u);
	const char *why;
	int r, bits = 0;
	size_t mag;

	if (prof == NULL)
		return refuse(err, "usage", _("unknown usage"));
	if (!tbs_read(der, len, &t))
		return refuse(err, "der", _("the certificate does not decode"));
	/* serial */
	mag = t.serial.n - (t.serial.n > 1 && t.serial.v[0] == 0 ? 1 : 0);
	if ((t.serial.v[0] & 0x80) || (t.serial.n == 1 && t.serial.v[0] == 0))
		return refuse(err, "serial", _("the serial number is not positive"));
	if (mag > 20)
		return refuse(err, "serial", _("the serial number is longer than 20 octets"));
	/* time */
	if (time_read(&t.not_before, &nb) != 0 || time_read(&t.not_after, &na) != 0)
		return refuse(err, "time",
		    _("a validity time is not encoded as RFC 5280 requires"));
	if (nb >= na)
		return refuse(err, "time", _("notBefore is not before notAfter"));
	if (na > pki_asn1_time(X509_get0_notAfter(issuer)))
		return refuse(err, "time", _("notAfter is past the issuer's notAfter"));
	if (nb < pki_asn1_time(X509_get0_notBefore(issuer)))
		return refuse(err, "time",
		    _("notBefore is before the issuer's notBefore: is the clock right?"));
	/* issuer */
	if (!same_name(&t.issuer, X509_get_subject_name(issuer)))
		return refuse(err, "issuer",
		    _("the issuer is not the Certificate Authority's subject"));
	/* dupext, usage (extensions), der */
	memset(&e, 0, sizeof e);
	if (t.has_exts && (r = exts_read(&t.exts, prof, &e, err)) != 0)
		return r;
	/* aki */
	if (!e.aki || e.aki_id == NULL)
		return refuse(err, "aki", _("no authority key identifier"));
	issuer_ski = X509_get0_subject_key_id((X509 *)issuer);
	if (issuer_ski != NULL && !same_octets(e.aki_id, e.aki_id_len, issuer_ski))
		return refuse(err, "aki", _("the authority key identifier is not the issuer's"));
	/* ca, keycertsign */
	if (e.ca) {
		if (!e.bc_critical)
			return refuse(err, "ca",
			    _("a CA certificate without critical basicConstraints"));
		if (!e.ku || !(e.ku_bits & PKI_KU_KEY_CERT_SIGN))
			return refuse(err, "ca", _("a CA certificate without keyCertSign"));
		if (!e.ski)
			return refuse(err, "ca",
			    _("a CA certificate without a subject key identifier"));
	} else if (e.ku && (e.ku_bits & PKI_KU_KEY_CERT_SIGN)) {
		return refuse(err, "keycertsign", _("keyCertSign without cA"));
	}
	/* subject */
	if (t.subject.n == 0 && (e.ca || prof->subject_required))
		return refuse(err, "subject", _("a CA certificate with an empty subject"));
	if (t.subject.n == 0 && !(e.san && e.san_critical))
		return refuse(err, "subject",
		    _("an empty subject without a critical subjectAltName"));
	if (!name_ok(&t.subject))
		return refuse(err, "subject",
		    _("the subject is not a well-formed name (each value a string of its type)"));
	if ((why = name_values_why(&t.subject)) != NULL)
		return refuse(err, "subject", why);
	if (subject != NULL && !same_name(&t.subject, subject))
		return refuse(err, "subject",
		    _("the subject is not the request's validated subject"));
	/* wildcard, cn-san */
	if (e.san && (r = san_names_check(&e, err)) != 0)
		return r;
	if (prof->cn_is_san && (r = cn_san_check(&t.subject, &e, err)) != 0)
		return r;
	/* usage: what the profile grants, and nothing else */
	if (prof->ca != e.ca)
		return refuse(err, "usage",
		    prof->ca ? _("an intermediate CA must have cA set")
		             : _("only an intermediate CA may have cA set"));
	if (!prof->ca && (e.ku_bits & (PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN)))
		return refuse(err, "usage",
		    _("keyCertSign or cRLSign on a certificate that is not a CA"));
	if (e.ku && (e.ku_bits & ~(prof->key_usage | prof->key_usage_rsa)) != 0)
		return refuse(err, "usage", _("a key usage the usage does not grant"));
	for (unsigned f = prof->ext_key_usage; f != 0; f &= f - 1)
		bits++;
	if (prof->ext_key_usage == 0 ? e.n_kp != 0
	                             : (!e.eku || e.kp != prof->ext_key_usage || e.n_kp != bits))
		return refuse(err, "usage",
		    _("the extended key usages are not exactly those the usage grants"));
	/* validity: the profile's maximum */
	if (na - nb > (time_t)prof->max_days * 86400)
		return refuse(err, "validity", _("the validity is longer than its usage allows"));
	return 0;
}

/*
 * Lint before sign of a certificate x built but not signed: its
 * TBSCertificate is encoded (with an Ed25519 AlgorithmIdentifier as the
 * placeholder the CA's signature algorithm then replaces) and linted.
 * signer.c lints the very TBSCertificate bytes it signs with
 * pki_lint_tbs_der instead.
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
pki_lint_sigalg(const X509_ALGOR *alg, struct pki_error *err)
{
	const ASN1_OBJECT *obj;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	switch (OBJ_obj2nid(obj)) {
	case NID_sha256WithRSAEncryption:
	case NID_sha384WithRSAEncryption:
	case NID_sha512WithRSAEncryption:
	case NID_ecdsa_with_SHA256:
	case NID_ecdsa_with_SHA384:
	case NID_ecdsa_with_SHA512:
	case NID_ED25519:
		return 0;
	default:
		return refuse(err, "sigalg",
		    _("the signature algorithm is not SHA-256/384/512 or Ed25519"));
	}
}

int
pki_lint_final(X509 *x, struct pki_error *err)
{
	const X509_ALGOR *alg;

	X509_get0_signature(NULL, &alg, x);
	return pki_lint_sigalg(alg, err);
}

int
pki_lint_cert(X509 *x, const unsigned char *der, size_t len, const X509 *issuer,
    const X509_NAME *subject, enum pki_usage u, struct pki_error *err)
{
	const unsigned char *p = der, *q;
	struct tlv cert, tbs;
	int r;

	if ((r = pki_lint_final(x, err)) != 0)
		return r;
	/* the TBSCertificate as signed: the first element of the outer SEQUENCE */
	if (!tlv_want(&p, der + len, 0x30, &cert) || p != der + len ||
	    (q = cert.v, !tlv_want(&q, cert.v + cert.n, 0x30, &tbs)))
		return refuse(err, "der", _("the certificate does not decode"));
	return pki_lint_tbs_der(tbs.all, tbs.all_len, issuer, subject, u, err);
}
