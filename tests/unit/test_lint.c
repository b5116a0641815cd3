/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lint.c: lint before sign and the public-key rules (issue 6). Each
 * test builds, with OpenSSL's own calls, a certificate that breaks one rule
 * (or a public key that breaks one key rule) and checks that the library
 * refuses it naming that rule; a well-formed certificate and key pass.
 * And the signer's hygiene: no core dumps while the CA key is unlocked;
 * the encodings the issuing path writes itself (DER, PEM) and the audit
 * chain's link hash against values computed apart.
 */
#include "config.h"

#include "testutil.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "x509/crypto.h"

struct lt {
	EVP_PKEY *ca_key, *leaf_key, *lint_key;
	X509 *ca;
	X509_NAME *subject;
};

static time_t now_t;

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	assert_true(X509_add_ext(x, e, -1));
	X509_EXTENSION_free(e);
}

static X509_NAME *
name_of(const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)"Example", -1, -1,
	    0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	return n;
}

static int
lt_setup(void **state)
{
	struct lt *t = calloc(1, sizeof *t);
	X509_NAME *n;

	now_t = time(NULL);
	t->ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	t->leaf_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	t->lint_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	t->ca = X509_new();
	X509_set_version(t->ca, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(t->ca), 1);
	n = name_of("Lint Test CA");
	X509_set_subject_name(t->ca, n);
	X509_set_issuer_name(t->ca, n);
	X509_NAME_free(n);
	X509_time_adj_ex(X509_getm_notBefore(t->ca), 0, -60, &now_t);
	X509_time_adj_ex(X509_getm_notAfter(t->ca), 3650, 0, &now_t);
	X509_set_pubkey(t->ca, t->ca_key);
	add_ext(t->ca, t->ca, NID_basic_constraints, "critical,CA:TRUE");
	add_ext(t->ca, t->ca, NID_key_usage, "critical,keyCertSign,cRLSign");
	add_ext(t->ca, t->ca, NID_subject_key_identifier, "hash");
	assert_true(X509_sign(t->ca, t->ca_key, EVP_sha256()) > 0);
	t->subject = name_of("host.example.com");
	*state = t;
	return 0;
}

static int
lt_teardown(void **state)
{
	struct lt *t = *state;

	EVP_PKEY_free(t->ca_key);
	EVP_PKEY_free(t->leaf_key);
	EVP_PKEY_free(t->lint_key);
	X509_free(t->ca);
	X509_NAME_free(t->subject);
	free(t);
	return 0;
}

/* Which parts of a good TLS leaf to leave out or change. */
enum { NO_AKI = 1, NO_SAN = 2, NO_EKU = 4, NO_BC = 8, NO_KU = 16, NO_SKI = 32 };

static X509 *
leaf(struct lt *t, unsigned omit)
{
	X509 *x = X509_new();

	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_set_subject_name(x, t->subject);
	X509_set_issuer_name(x, X509_get_subject_name(t->ca));
	X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &now_t);
	X509_time_adj_ex(X509_getm_notAfter(x), 365, 0, &now_t);
	X509_set_pubkey(x, t->leaf_key);
	if (!(omit & NO_BC))
		add_ext(x, t->ca, NID_basic_constraints, "critical,CA:FALSE");
	if (!(omit & NO_KU))
		add_ext(x, t->ca, NID_key_usage, "critical,digitalSignature");
	if (!(omit & NO_EKU))
		add_ext(x, t->ca, NID_ext_key_usage, "serverAuth,clientAuth");
	if (!(omit & NO_SKI))
		add_ext(x, t->ca, NID_subject_key_identifier, "hash");
	if (!(omit & NO_AKI))
		add_ext(x, t->ca, NID_authority_key_identifier, "keyid:always");
	if (!(omit & NO_SAN))
		add_ext(x, t->ca, NID_subject_alt_name, "DNS:host.example.com");
	return x;
}

/* leaf(t, omit) with one more extension, nid's value added last. */
static X509 *
leaf_with(struct lt *t, unsigned omit, int nid, const char *value)
{
	X509 *x = leaf(t, omit);

	add_ext(x, t->ca, nid, value);
	return x;
}

/* An intermediate's basic constraints and key usage, as ncpki issues them. */
#define BC_CA0 "critical,CA:TRUE,pathlen:0"
#define KU_CA "critical,keyCertSign,cRLSign"

/* The leaf made a CA's: leaf(t, omit) without extended key usage, its basic
 * constraints bc and key usage ku added last. */
static X509 *
ca_leaf(struct lt *t, unsigned omit, const char *bc, const char *ku)
{
	X509 *x = leaf_with(t, omit | NO_BC | NO_KU | NO_EKU, NID_basic_constraints, bc);

	add_ext(x, t->ca, NID_key_usage, ku);
	return x;
}

/* Signs with the throwaway key and lints; returns the message ("" if passed). */
static const char *
lint(struct lt *t, X509 *x, enum pki_usage u, const X509_NAME *subject)
{
	static struct pki_error err;
	int r;

	memset(&err, 0, sizeof err);
	assert_true(X509_sign(x, t->lint_key, NULL) > 0);
	r = pki_lint_tbs(x, t->ca, subject, u, &err);
	X509_free(x);
	if (r == 0)
		return "";
	assert_int_equal(r, PKI_ERR_INVALID);
	return err.msg;
}

#define assert_rule(msg, rule) \
	do { \
		const char *m_ = (msg); \
		if (strstr(m_, "\"" rule "\"") == NULL) \
			fail_msg("expected rule %s, got: \"%s\"", rule, m_); \
	} while (0)

static void
test_good_leaf_passes(void **state)
{
	struct lt *t = *state;
	X509 *x = leaf(t, 0);
	struct pki_error err;

	memset(&err, 0, sizeof err);
	assert_true(X509_sign(x, t->lint_key, NULL) > 0);
	assert_int_equal(pki_lint_tbs(x, t->ca, t->subject, PKI_USAGE_TLS, &err), 0);
	assert_true(X509_sign(x, t->ca_key, EVP_sha256()) > 0);
	assert_int_equal(pki_lint_final(x, &err), 0);
	X509_free(x);
}

static void
test_serial(void **state)
{
	struct lt *t = *state;
	X509 *x = leaf(t, 0);
	BIGNUM *bn = BN_new();

	ASN1_INTEGER_set(X509_get_serialNumber(x), 0);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "serial");
	x = leaf(t, 0);
	ASN1_INTEGER_set(X509_get_serialNumber(x), -5);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "serial");
	/* 21 octets */
	x = leaf(t, 0);
	BN_set_bit(bn, 165);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "serial");
	BN_free(bn);
}

static void
test_time(void **state)
{
	struct lt *t = *state;
	X509 *x = leaf(t, 0);

	/* past the issuer's notAfter */
	X509_time_adj_ex(X509_getm_notAfter(x), 4000, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "time");
	/* GeneralizedTime for a date before 2050 */
	x = leaf(t, 0);
	assert_true(ASN1_TIME_set_string(X509_getm_notAfter(x), "20300101000000Z"));
	assert_int_equal(ASN1_STRING_type(X509_get0_notAfter(x)), V_ASN1_GENERALIZEDTIME);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "time");
	/* before the issuer's notBefore (a clock set back) */
	x = leaf(t, 0);
	X509_time_adj_ex(X509_getm_notBefore(x), -1, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "time");
	/* notBefore after notAfter */
	x = leaf(t, 0);
	X509_time_adj_ex(X509_getm_notBefore(x), 400, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "time");
}

/* Issue 14: each usage's longest validity, to the day. */
static void
test_validity_max(void **state)
{
	struct lt *t = *state;
	X509 *x;

	x = leaf(t, 0);
	X509_time_adj_ex(X509_getm_notAfter(x), PKI_TLS_DAYS_MAX, 0, &now_t);
	assert_string_equal(lint(t, x, PKI_USAGE_TLS, t->subject), "");
	x = leaf(t, 0);
	X509_time_adj_ex(X509_getm_notAfter(x), PKI_TLS_DAYS_MAX + 1, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "validity");
	x = leaf_with(t, NO_EKU, NID_ext_key_usage, "codeSigning");
	X509_time_adj_ex(X509_getm_notAfter(x), PKI_CODESIGN_DAYS_MAX, 0, &now_t);
	assert_string_equal(lint(t, x, PKI_USAGE_CODESIGN, t->subject), "");
	x = leaf_with(t, NO_EKU, NID_ext_key_usage, "codeSigning");
	X509_time_adj_ex(X509_getm_notAfter(x), PKI_CODESIGN_DAYS_MAX + 1, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_CODESIGN, t->subject), "validity");
	x = ca_leaf(t, 0, BC_CA0, KU_CA);
	X509_time_adj_ex(X509_getm_notAfter(x), PKI_INTERMEDIATE_DAYS_MAX + 1, 0, &now_t);
	assert_rule(lint(t, x, PKI_USAGE_INTERMEDIATE, t->subject), "validity");
}

static void
test_aki(void **state)
{
	struct lt *t = *state;

	assert_rule(lint(t, leaf(t, NO_AKI), PKI_USAGE_TLS, t->subject), "aki");
}

static void
test_ca_rules(void **state)
{
	struct lt *t = *state;
	X509 *x;

	/* basicConstraints cA not critical */
	x = ca_leaf(t, 0, "CA:TRUE,pathlen:0", KU_CA);
	assert_rule(lint(t, x, PKI_USAGE_INTERMEDIATE, t->subject), "ca");
	/* no keyCertSign */
	x = ca_leaf(t, 0, BC_CA0, "critical,cRLSign");
	assert_rule(lint(t, x, PKI_USAGE_INTERMEDIATE, t->subject), "ca");
	/* no subject key identifier */
	x = ca_leaf(t, NO_SKI, BC_CA0, KU_CA);
	assert_rule(lint(t, x, PKI_USAGE_INTERMEDIATE, t->subject), "ca");
	/* a good intermediate passes */
	x = ca_leaf(t, 0, BC_CA0, KU_CA);
	assert_string_equal(lint(t, x, PKI_USAGE_INTERMEDIATE, t->subject), "");
	/* keyCertSign without cA */
	x = leaf_with(t, NO_KU, NID_key_usage, "critical,digitalSignature,keyCertSign");
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "keycertsign");
	/* cA on a TLS certificate (what a CSR asking for CA:TRUE would want) */
	x = leaf_with(t, NO_BC | NO_KU, NID_basic_constraints, "critical,CA:TRUE");
	add_ext(x, t->ca, NID_key_usage, "critical,keyCertSign");
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "usage");
}

static void
test_dupext_and_usage(void **state)
{
	struct lt *t = *state;
	X509 *x;

	x = leaf_with(t, 0, NID_subject_alt_name, "DNS:other.example.com");
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "dupext");
	/* an extra key purpose */
	x = leaf_with(t, NO_EKU, NID_ext_key_usage, "serverAuth,clientAuth,codeSigning");
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "usage");
	/* the TLS purposes on a code signing certificate */
	assert_rule(lint(t, leaf(t, 0), PKI_USAGE_CODESIGN, t->subject), "usage");
	/* an extension no usage grants */
	x = leaf_with(t, 0, NID_netscape_comment, "hello");
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "usage");
	/* a key usage the profile does not grant (nonRepudiation on TLS, or
	 * keyEncipherment on code signing), while the profile's own pass */
	x = leaf_with(t, NO_KU, NID_key_usage, "critical,digitalSignature,nonRepudiation");
	assert_string_equal(strstr(lint(t, x, PKI_USAGE_TLS, t->subject),
	                        "a key usage the usage does not grant") != NULL
	        ? "found"
	        : "missing",
	    "found");
	x = leaf_with(t, NO_KU, NID_key_usage, "critical,digitalSignature,keyEncipherment");
	assert_string_equal(lint(t, x, PKI_USAGE_TLS, t->subject), "");
	x = leaf_with(t, NO_KU | NO_EKU, NID_key_usage,
	    "critical,digitalSignature,keyEncipherment");
	add_ext(x, t->ca, NID_ext_key_usage, "codeSigning");
	assert_rule(lint(t, x, PKI_USAGE_CODESIGN, t->subject), "usage");
}

/* The builder and the lint read one profile per usage. */
static void
test_profiles(void **state)
{
	(void)state;
	assert_null(pki_profile_of(PKI_USAGE__COUNT));
	for (int u = 0; u < PKI_USAGE__COUNT; u++) {
		const struct pki_profile *p = pki_profile_of((enum pki_usage)u);
		enum pki_usage back;

		assert_non_null(p);
		assert_int_equal(pki_usage_parse(p->name, &back), 0);
		assert_int_equal(back, u);
		assert_int_equal(pki_usage_max_days((enum pki_usage)u), p->max_days);
		/* a CA signs certificates and nothing but CAs does */
		assert_int_equal(p->ca, (p->key_usage & PKI_KU_KEY_CERT_SIGN) != 0);
		assert_true(p->key_usage != 0);
	}
	assert_true(pki_profile_of(PKI_USAGE_TLS)->cn_is_san);
	assert_true(pki_profile_of(PKI_USAGE_OCSP)->ocsp_nocheck);
	assert_false(pki_profile_of(PKI_USAGE_OCSP)->revocation_pointers);
}

static void
test_subject(void **state)
{
	struct lt *t = *state;
	X509 *x;
	X509_NAME *empty = X509_NAME_new(), *other = name_of("other.example.com");

	/* not the request's subject */
	assert_rule(lint(t, leaf(t, 0), PKI_USAGE_TLS, other), "subject");
	/* empty subject, subjectAltName not critical */
	x = leaf(t, 0);
	X509_set_subject_name(x, empty);
	assert_rule(lint(t, x, PKI_USAGE_TLS, empty), "subject");
	/* empty subject and no subjectAltName */
	x = leaf(t, NO_SAN);
	X509_set_subject_name(x, empty);
	assert_rule(lint(t, x, PKI_USAGE_TLS, empty), "subject");
	/* empty subject with a critical subjectAltName passes */
	x = leaf(t, NO_SAN);
	X509_set_subject_name(x, empty);
	add_ext(x, t->ca, NID_subject_alt_name, "critical,DNS:host.example.com");
	assert_string_equal(lint(t, x, PKI_USAGE_TLS, empty), "");
	/* issue 14: never a CA certificate with an empty subject, even with
	 * a critical subjectAltName */
	x = leaf(t, NO_BC | NO_KU | NO_EKU | NO_SAN);
	X509_set_subject_name(x, empty);
	add_ext(x, t->ca, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
	add_ext(x, t->ca, NID_key_usage, "critical,keyCertSign,cRLSign");
	add_ext(x, t->ca, NID_subject_alt_name, "critical,DNS:host.example.com");
	assert_rule(lint(t, x, PKI_USAGE_INTERMEDIATE, empty), "subject");
	X509_NAME_free(empty);
	X509_NAME_free(other);
}

/* A leaf for the subject n with the subjectAltName san (NULL: none). */
static X509 *
leaf_named(struct lt *t, X509_NAME *n, const char *san)
{
	X509 *x = leaf(t, NO_SAN);

	X509_set_subject_name(x, n);
	if (san != NULL)
		add_ext(x, t->ca, NID_subject_alt_name, san);
	X509_NAME_free(n);
	return x;
}

/* A subject of one attribute of this string type. */
static X509_NAME *
name_typed(const char *field, int type, const char *value, int len)
{
	X509_NAME *n = X509_NAME_new();

	assert_true(
	    X509_NAME_add_entry_by_txt(n, field, type, (const unsigned char *)value, len, -1, 0));
	return n;
}

/* Issue 14: names. */
static void
test_names(void **state)
{
	struct lt *t = *state;
	char cn65[66];

	/* cn-san: a CN that is an IP address is an iPAddress, not a dNSName */
	assert_rule(lint(t, leaf_named(t, name_of("192.0.2.10"), "DNS:192.0.2.10"), PKI_USAGE_TLS,
	                NULL),
	    "cn-san");
	assert_string_equal(lint(t, leaf_named(t, name_of("192.0.2.10"), "IP:192.0.2.10"),
	                        PKI_USAGE_TLS, NULL),
	    "");
	assert_rule(lint(t, leaf_named(t, name_of("2001:db8::1"), "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "cn-san");
	assert_string_equal(lint(t, leaf_named(t, name_of("2001:db8::1"), "IP:2001:db8:0::1"),
	                        PKI_USAGE_TLS, NULL),
	    "");
	/* a CN not among the SANs, or with none at all */
	assert_rule(lint(t, leaf_named(t, name_of("host.example.com"), "DNS:other.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "cn-san");
	assert_rule(lint(t, leaf_named(t, name_of("host.example.com"), NULL), PKI_USAGE_TLS, NULL),
	    "cn-san");
	assert_string_equal(lint(t,
	                        leaf_named(t, name_of("HOST.example.com"),
	                            "DNS:other.example.com,DNS:host.example.COM"),
	                        PKI_USAGE_TLS, NULL),
	    "");
	/* wildcard */
	assert_string_equal(lint(t, leaf_named(t, name_of("*.example.com"), "DNS:*.example.com"),
	                        PKI_USAGE_TLS, NULL),
	    "");
	assert_rule(lint(t, leaf_named(t, name_of("*.com"), "DNS:*.com"), PKI_USAGE_TLS, NULL),
	    "wildcard");
	assert_rule(lint(t,
	                leaf_named(t, name_of("host.example.com"),
	                    "DNS:host.example.com,DNS:*.co.uk"),
	                PKI_USAGE_TLS, NULL),
	    "wildcard");
	assert_rule(lint(t,
	                leaf_named(t, name_of("host.example.com"),
	                    "DNS:host.example.com,DNS:f*.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "wildcard");
	/* subject values: a 65-character CN, a three-letter or lower-case
	 * country, a BMPString, a T61String, hidden characters */
	memset(cn65, 'a', 65);
	cn65[65] = '\0';
	assert_rule(lint(t,
	                leaf_named(t, name_typed("CN", V_ASN1_UTF8STRING, cn65, -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_rule(lint(t,
	                leaf_named(t, name_typed("C", V_ASN1_PRINTABLESTRING, "USA", -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_rule(lint(t,
	                leaf_named(t, name_typed("C", V_ASN1_PRINTABLESTRING, "us", -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_string_equal(lint(t,
	                        leaf_named(t, name_typed("C", V_ASN1_PRINTABLESTRING, "US", -1),
	                            "DNS:host.example.com"),
	                        PKI_USAGE_TLS, NULL),
	    "");
	assert_rule(lint(t,
	                leaf_named(t,
	                    name_typed("CN", V_ASN1_BMPSTRING,
	                        "\0h\0o\0s\0t\0.\0e\0x\0a\0m\0p\0l\0e\0.\0c\0o\0m", 32),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_rule(lint(t,
	                leaf_named(t, name_typed("O", V_ASN1_T61STRING, "Example", -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_rule(lint(t,
	                leaf_named(t,
	                    name_typed("O", V_ASN1_UTF8STRING,
	                        "Evil\xe2\x80\xae"
	                        "corp",
	                        -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	assert_rule(lint(t,
	                leaf_named(t, name_typed("O", V_ASN1_UTF8STRING, "Pay\xe2\x80\x8bPal", -1),
	                    "DNS:host.example.com"),
	                PKI_USAGE_TLS, NULL),
	    "subject");
	/* an emailAddress stays an IA5String */
	assert_string_equal(lint(t,
	                        leaf_named(t,
	                            name_typed("emailAddress", V_ASN1_IA5STRING, "ops@example.com",
	                                -1),
	                            "DNS:host.example.com"),
	                        PKI_USAGE_TLS, NULL),
	    "");
}

/* The TBSCertificate of a good leaf, as pki_lint_tbs encodes it. */
static unsigned char *
good_tbs(struct lt *t, int *len)
{
	X509 *x = leaf(t, 0);
	unsigned char *tbs = NULL;

	assert_true(X509_sign(x, t->lint_key, NULL) > 0);
	*len = i2d_re_X509_tbs(x, &tbs);
	assert_true(*len > 0);
	X509_free(x);
	return tbs;
}

static const char *
lint_der(struct lt *t, const unsigned char *der, size_t len)
{
	static struct pki_error err;
	int r;

	memset(&err, 0, sizeof err);
	r = pki_lint_tbs_der(der, len, t->ca, t->subject, PKI_USAGE_TLS, &err);
	if (r == 0)
		return "";
	assert_int_equal(r, PKI_ERR_INVALID);
	return err.msg;
}

static void
test_der_and_issuer(void **state)
{
	struct lt *t = *state;
	unsigned char *tbs, buf[4096];
	X509 *x;
	X509_NAME *other = name_of("Another CA");
	int len;

	/* the bytes as encoded pass */
	tbs = good_tbs(t, &len);
	assert_string_equal(lint_der(t, tbs, (size_t)len), "");
	/* 30 82 LL LL | a0 03 02 01 02 | 02 02 10 92 (serial 4242): the
	 * serial's length in the long form, then a needless leading zero;
	 * each is BER, not DER */
	assert_int_equal(tbs[0], 0x30);
	assert_int_equal(tbs[1], 0x82);
	assert_memory_equal(tbs + 9, "\x02\x02\x10\x92", 4);
	assert_true((size_t)len + 1 <= sizeof buf);
	memcpy(buf, tbs, 9);
	memcpy(buf + 9, "\x02\x81\x02\x10\x92", 5);
	memcpy(buf + 14, tbs + 13, (size_t)len - 13);
	buf[3] = (unsigned char)(buf[3] + 1); /* the outer length, one more */
	assert_int_not_equal(buf[3], 0);
	assert_rule(lint_der(t, buf, (size_t)len + 1), "der");
	memcpy(buf + 9, "\x02\x03\x00\x10\x92", 5);
	assert_rule(lint_der(t, buf, (size_t)len + 1), "der");
	/* cut short, and one byte of garbage after */
	assert_rule(lint_der(t, tbs, (size_t)len - 1), "der");
	memcpy(buf, tbs, (size_t)len);
	buf[len] = 0;
	assert_rule(lint_der(t, buf, (size_t)len + 1), "der");
	OPENSSL_free(tbs);
	/* issued in another CA's name */
	x = leaf(t, 0);
	X509_set_issuer_name(x, other);
	assert_rule(lint(t, x, PKI_USAGE_TLS, t->subject), "issuer");
	X509_NAME_free(other);
	/* a subject value outside its string type: '@' in a PrintableString */
	other = X509_NAME_new();
	assert_true(X509_NAME_add_entry_by_txt(other, "CN", V_ASN1_PRINTABLESTRING,
	    (const unsigned char *)"jane@example.com", -1, -1, 0));
	x = leaf(t, 0);
	X509_set_subject_name(x, other);
	assert_rule(lint(t, x, PKI_USAGE_TLS, other), "subject");
	X509_NAME_free(other);
}

/* ------------------------------------------- DER writing and PEM */

/* pki_der_to_pem writes what PEM_write_bio does, at every length around
 * the 48-octet line. */
static void
test_pem_as_openssl(void **state)
{
	unsigned char der[200];
	(void)state;

	for (size_t i = 0; i < sizeof der; i++)
		der[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 1; n <= sizeof der; n++) {
		BIO *b = BIO_new(BIO_s_mem());
		char *mine = pki_der_to_pem("CERTIFICATE", der, n), *theirs;
		long len;

		assert_non_null(b);
		assert_non_null(mine);
		assert_true(PEM_write_bio(b, "CERTIFICATE", "", der, (long)n) > 0);
		len = BIO_get_mem_data(b, &theirs);
		assert_int_equal(strlen(mine), (size_t)len);
		assert_memory_equal(mine, theirs, (size_t)len);
		free(mine);
		BIO_free(b);
	}
}

/* Lengths in the fewest octets around each boundary, and a wrap that moves
 * its contents. */
static void
test_der_writer(void **state)
{
	static const size_t sizes[] = { 0, 1, 127, 128, 255, 256, 65535, 65536 };
	(void)state;

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct pki_der b = { NULL, 0, 0, false };
		const unsigned char *p;
		unsigned char *content = calloc(1, sizes[k] + 1);
		long len;
		int tag, cls;

		assert_non_null(content);
		memset(content, 0x5a, sizes[k]);
		pki_der_put(&b, "\x01\x01\xff", 3); /* before the wrapped part */
		pki_der_tlv(&b, V_ASN1_OCTET_STRING, content, sizes[k]);
		pki_der_wrap(&b, 3, 0x30);
		assert_false(b.failed);
		assert_memory_equal(b.p, "\x01\x01\xff", 3);
		p = b.p + 3;
		assert_int_equal(ASN1_get_object(&p, &len, &tag, &cls, (long)(b.len - 3)) & 0x80,
		    0);
		assert_int_equal(tag, V_ASN1_SEQUENCE);
		assert_int_equal((size_t)(p - b.p) + (size_t)len, b.len);
		/* DER: the header is as short as the length allows */
		assert_int_equal((size_t)(p - b.p) - 3,
		    len < 0x80          ? 2u
		        : len <= 0xff   ? 3u
		        : len <= 0xffff ? 4u
		                        : 5u);
		assert_int_equal(ASN1_get_object(&p, &len, &tag, &cls,
		                     (long)(b.len - (size_t)(p - b.p))) &
		        0x80,
		    0);
		assert_int_equal(tag, V_ASN1_OCTET_STRING);
		assert_int_equal((size_t)len, sizes[k]);
		assert_memory_equal(p, content, sizes[k]);
		free(content);
		free(b.p);
	}
}

/* The audit chain's link hash, against values computed apart (Python's
 * hashlib over "LEN:field\n" for each field): existing chains must keep
 * verifying whatever the code that computes it. */
static void
test_audit_hash_known(void **state)
{
	char big[3001], out[PKI_AUDIT_HASH_SIZE];
	struct pki_audit_entry e;
	(void)state;

	memset(&e, 0, sizeof e);
	e.id = 7;
	e.at = 1795000000;
	memset(e.prev_hash, '0', 64);
	e.actor = "cli:alice";
	e.action = "cert-issued";
	e.object = "certificate 7 \"host\" for request 3, tls";
	e.outcome = "ok";
	assert_int_equal(pki_audit_hash(&e, out), 0);
	assert_string_equal(out,
	    "5dda02894c3cbc244c5f96fb1d47b23977c18f8fe762f87ad812ed8155537060");
	/* a field longer than the stack buffer */
	memset(big, 'x', 3000);
	big[3000] = '\0';
	e.id = 8;
	e.at = 1795000001;
	for (int i = 0; i < 64; i += 2)
		memcpy(e.prev_hash + i, "ab", 2);
	e.actor = "ncpkid:192.0.2.1";
	e.action = "csr-received";
	e.object = big;
	assert_int_equal(pki_audit_hash(&e, out), 0);
	assert_string_equal(out,
	    "a998954c53e8c76d20bd238fd1c6e4428d81e3a43400093eb2b9ffa6f0dc9da3");
}

static void
test_final_sigalg(void **state)
{
	struct lt *t = *state;
	X509 *x = leaf(t, 0);
	struct pki_error err;

	memset(&err, 0, sizeof err);
	assert_true(X509_sign(x, t->ca_key, EVP_sha1()) > 0);
	assert_int_equal(pki_lint_final(x, &err), PKI_ERR_INVALID);
	assert_rule(err.msg, "sigalg");
	X509_free(x);
}

/* ------------------------------------------------------------- keys */

static EVP_PKEY *
rsa_public(const BIGNUM *n, const BIGNUM *e)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pk = NULL;

	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e);
	p = OSSL_PARAM_BLD_to_param(b);
	assert_true(EVP_PKEY_fromdata_init(ctx) > 0);
	assert_true(EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, p) > 0);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

static const char *
key_message(const BIGNUM *n, const BIGNUM *e)
{
	static struct pki_error err;
	EVP_PKEY *pk = rsa_public(n, e);
	int r;

	memset(&err, 0, sizeof err);
	r = pki_key_check(pk, &err);
	EVP_PKEY_free(pk);
	if (r == 0)
		return "";
	assert_int_equal(r, PKI_ERR_WEAK_KEY);
	return err.msg;
}

/* True when n has a prime factor below 10000. */
static bool
small_factor(const BIGNUM *n)
{
	for (BN_ULONG p = 3; p < 10000; p += 2)
		if (BN_mod_word(n, p) == 0)
			return true;
	return false;
}

static void
test_rsa_rules(void **state)
{
	EVP_PKEY *good = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	BIGNUM *n = NULL, *e = NULL, *e3 = BN_new(), *bad = BN_new(), *m = BN_new(), *g = BN_new(),
	       *r = BN_new(), *tmp = BN_new();
	BN_CTX *bctx = BN_CTX_new();
	static const unsigned roca[] = { 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53,
		59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139,
		149, 151, 157, 163, 167 };
	struct pki_error err;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(pki_key_check(good, &err), 0);
	assert_true(EVP_PKEY_get_bn_param(good, OSSL_PKEY_PARAM_RSA_N, &n));
	assert_true(EVP_PKEY_get_bn_param(good, OSSL_PKEY_PARAM_RSA_E, &e));
	assert_string_equal(key_message(n, e), "");

	/* exponent 3, and an even exponent */
	BN_set_word(e3, 3);
	assert_non_null(strstr(key_message(n, e3), "exponent 3"));
	BN_set_word(e3, 65538);
	assert_non_null(strstr(key_message(n, e3), "exponent 65538"));

	/* a 2052-bit modulus */
	do {
		BN_rand(bad, 2052, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
	} while (small_factor(bad));
	assert_non_null(strstr(key_message(bad, e), "2052 bits"));

	/* a modulus with a factor 7919 */
	do {
		BN_rand(bad, 2035, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		BN_mul_word(bad, 7919);
	} while (BN_num_bits(bad) != 2048);
	assert_non_null(strstr(key_message(bad, e), "divisible by"));

	/* ROCA: n = (65537^a mod M) + k*M has 65537-power residues mod every
	 * fingerprint prime, as the vulnerable generator's moduli do. */
	BN_one(m);
	for (size_t i = 0; i < sizeof roca / sizeof roca[0]; i++)
		BN_mul_word(m, roca[i]);
	BN_set_word(g, 65537);
	for (;;) {
		BN_rand(tmp, 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
		BN_mod_exp(r, g, tmp, m, bctx);
		BN_rand(tmp, 2048 - BN_num_bits(m), BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
		BN_mul(bad, tmp, m, bctx);
		BN_add(bad, bad, r);
		if (BN_num_bits(bad) == 2048 && BN_is_odd(bad) && !small_factor(bad))
			break;
	}
	assert_non_null(strstr(key_message(bad, e), "ROCA"));

	BN_free(n);
	BN_free(e);
	BN_free(e3);
	BN_free(bad);
	BN_free(m);
	BN_free(g);
	BN_free(r);
	BN_free(tmp);
	BN_CTX_free(bctx);
	EVP_PKEY_free(good);
}

/* ------------------------------------------------------------ signer */

static void
test_signer_no_core_dumps(void **state)
{
	struct tctx *t = *state;
	struct pki_server_result res;
	struct rlimit rl;
	pki_signer *s = NULL;
	int before;

	configure_test_ca(t, 3650, 365, &res);
	pki_server_result_clear(&res);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	before = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	assert_int_equal(before, 1);
	assert_int_equal(pki_signer_open(t->store, TEST_PASSWORD, strlen(TEST_PASSWORD), &s,
	                     &t->err),
	    0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	pki_signer_close(&s);
	assert_null(s);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_leaf_passes, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_serial, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_time, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_validity_max, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_aki, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_ca_rules, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_dupext_and_usage, lt_setup, lt_teardown),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test_setup_teardown(test_names, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_subject, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_der_and_issuer, lt_setup, lt_teardown),
		cmocka_unit_test_setup_teardown(test_final_sigalg, lt_setup, lt_teardown),
		cmocka_unit_test(test_rsa_rules),
		cmocka_unit_test(test_pem_as_openssl),
		cmocka_unit_test(test_der_writer),
		cmocka_unit_test(test_audit_hash_known),
		tctx_test(test_signer_no_core_dumps, tctx_setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
