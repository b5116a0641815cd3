/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_issue.c: CSR intake (PEM and DER, signature, key strength, size,
 * subject, duplicates) and issuing: serials from the SRL file, the
 * certificate's extensions for each usage checked field by field, validity
 * capped at the CA's notAfter, the CA key's password and media, batches,
 * and listing and exporting what was issued. The requests are made here with
 * OpenSSL's EVP and X509_REQ calls.
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static uint64_t
srl_value(struct tctx *t)
{
	char *s = slurp(tpath(t, "ca/TestCA.srl"), NULL);
	uint64_t v;

	assert_non_null(s);
	v = strtoull(s, NULL, 16);
	free(s);
	return v;
}

static size_t
issued_count(struct tctx *t)
{
	struct pki_cert_info *list = NULL;
	size_t n = 0;

	assert_pki_ok(pki_cert_list(t->store, NULL, &list, &n, &t->err), &t->err);
	pki_cert_info_array_free(&list, n);
	return n;
}

static X509 *
ca_cert(struct tctx *t)
{
	char *pem = NULL;
	X509 *x;

	assert_pki_ok(pki_ca_cert_pem(t->store, &pem, &t->err), &t->err);
	x = pem_to_x509(pem);
	free(pem);
	return x;
}

/* The stored certificate `serial`, parsed. */
static X509 *
issued_cert(struct tctx *t, uint64_t serial, struct pki_cert_info *info)
{
	X509 *x;

	memset(info, 0, sizeof *info);
	assert_pki_ok(pki_cert_get(t->store, serial, info, &t->err), &t->err);
	assert_non_null(info->pem);
	x = pem_to_x509(info->pem);
	return x;
}

static bool
has_ext(X509 *x, int nid)
{
	return X509_get_ext_by_NID(x, nid, -1) >= 0;
}

/* openssl verify -x509_strict -purpose P, in-process. */
static int
verify_purpose(X509 *ca, X509 *leaf, int purpose)
{
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok;

	assert_non_null(st);
	assert_non_null(ctx);
	assert_int_equal(X509_STORE_add_cert(st, ca), 1);
	assert_int_equal(X509_STORE_CTX_init(ctx, st, leaf, NULL), 1);
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
	assert_int_equal(X509_STORE_CTX_set_purpose(ctx, purpose), 1);
	ok = X509_verify_cert(ctx);
	if (ok != 1)
		print_error("verify: %s\n",
		    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return ok;
}

/* What every issued certificate must satisfy. */
static void
check_common(struct tctx *t, X509 *ca, X509 *x, const struct pki_cert_info *info, uint64_t serial,
    const char *cn)
{
	char fp[PKI_FP_SHA256_SIZE];
	char buf[256];
	const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
	BIGNUM *bn = ASN1_INTEGER_to_BN(sn, NULL), *low = BN_new();

	(void)t;
	assert_int_equal(X509_get_version(x), 2);
	/* A new CA's default (issue 14): random serial numbers, 64 bits from
	 * the CSPRNG above the counter's 64 bits, positive, at most 20 octets. */
	assert_non_null(bn);
	assert_non_null(low);
	assert_false(BN_is_negative(bn));
	assert_true(BN_num_bits(bn) > 64);
	assert_true(BN_num_bytes(bn) <= 20);
	assert_int_equal(BN_copy(low, bn) != NULL, 1);
	assert_int_equal(BN_mask_bits(low, 64), 1);
	assert_int_equal(BN_get_word(low), serial);
	BN_free(low);
	BN_free(bn);
	assert_int_equal(info->serial, serial);
	assert_int_equal(X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(ca)), 0);
	assert_int_equal(X509_verify(x, X509_get0_pubkey(ca)), 1);
	assert_int_equal(X509_get_signature_nid(x), NID_ecdsa_with_SHA256);
	assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf,
	                sizeof buf) > 0);
	assert_string_equal(buf, cn);
	assert_non_null(strstr(info->subject, cn));
	/* key identifiers: AKI is the CA's SKI */
	assert_non_null(X509_get0_subject_key_id(x));
	assert_non_null(X509_get0_authority_key_id(x));
	assert_int_equal(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
	                     X509_get0_subject_key_id(ca)),
	    0);
	/* never past the CA's own notAfter, not before it either */
	assert_true(ASN1_TIME_compare(X509_get0_notAfter(x), X509_get0_notAfter(ca)) <= 0);
	assert_true(ASN1_TIME_compare(X509_get0_notBefore(x), X509_get0_notAfter(x)) < 0);
	/* the stored fingerprints are the certificate's */
	tfingerprint(x, EVP_sha1(), fp, sizeof fp);
	assert_string_equal(info->sha1, fp);
	tfingerprint(x, EVP_sha256(), fp, sizeof fp);
	assert_string_equal(info->sha256, fp);
	/* the metadata came along from the request */
	assert_string_equal(info->hostname, "host1.example.com");
	assert_string_equal(info->instance, "IRIS");
	assert_string_equal(info->contact_name, "Jane Doe");
	assert_string_equal(info->contact_email, "jane@example.com");
}

static int
days_valid(X509 *x)
{
	int days = 0, secs = 0;
	assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
	                     X509_get0_notAfter(x)),
	    1);
	return days;
}

/* One request issued for its usage on the test CA, and what the checks look at. */
struct issued {
	pki_signer *s;
	X509 *ca, *x;
	struct pki_cert_info out, info;
};

/* Submits cn's request (root as its file root, san), issues it for usage and
 * checks what every issued certificate must satisfy and its usage. */
static void
issue_checked(struct tctx *t, struct issued *is, const char *root, const char *cn, const char *san,
    enum pki_usage usage)
{
	int64_t id;

	is->s = test_open_signer(t);
	id = submit_csr(t, TKEY_P256, root, cn, san);
	is->ca = ca_cert(t);
	assert_pki_ok(pki_csr_issue(t->store, is->s, id, usage, &is->out, &t->err), &t->err);
	is->x = issued_cert(t, is->out.serial, &is->info);
	check_common(t, is->ca, is->x, &is->info, is->out.serial, cn);
	assert_int_equal(is->info.usage, usage);
}

static void
issued_clear(struct issued *is)
{
	pki_cert_info_clear(&is->out);
	pki_cert_info_clear(&is->info);
	X509_free(is->x);
	X509_free(is->ca);
	pki_signer_close(&is->s);
}

/* ------------------------------------------------------------- intake */

static void
test_submit_pem_der(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta meta = { .file_root = "webserver",
		.contact_name = "Jane Doe",
		.contact_phone = "+1 617 555 0100",
		.contact_email = "jane@example.com",
		.hostname = "web.example.com",
		.instance = "IRIS" };
	struct pki_csr_info info, got;
	size_t len;
	char *pem = make_csr_pem(TKEY_P256, "web.example.com",
	    "DNS:web.example.com,DNS:www.example.com", &len);
	unsigned char *der;

	memset(&info, 0x5a, sizeof info);
	assert_pki_ok(pki_csr_submit(t->store, (unsigned char *)pem, len, &meta, &info, &t->err),
	    &t->err);
	assert_true(info.id > 0);
	assert_string_equal(info.file_root, "webserver");
	assert_non_null(strstr(info.subject, "CN=web.example.com"));
	assert_string_equal(info.key_desc, "EC P-256");
	assert_non_null(strstr(info.sans, "DNS:web.example.com"));
	assert_non_null(strstr(info.sans, "DNS:www.example.com"));
	assert_string_equal(info.sig_alg, "ecdsa-with-SHA256");
	assert_int_equal(strlen(info.sha1), 59);
	assert_int_equal(strlen(info.sha256), 95);
	assert_string_equal(info.contact_phone, "+1 617 555 0100");
	assert_true(info.received > 0);
	assert_non_null(strstr(info.pem, "-----BEGIN CERTIFICATE REQUEST-----"));

	assert_pki_ok(pki_csr_get(t->store, info.id, &got, &t->err), &t->err);
	assert_string_equal(got.sha1, info.sha1);
	assert_string_equal(got.subject, info.subject);
	assert_string_equal(got.hostname, "web.example.com");
	pki_csr_info_clear(&got);
	pki_csr_info_clear(&info);
	free(pem);

	/* DER, with no SANs */
	der = make_csr_der(TKEY_RSA2048, "rsa.example.com", NULL, &len);
	meta.file_root = "rsaserver";
	assert_pki_ok(pki_csr_submit(t->store, der, len, &meta, &info, &t->err), &t->err);
	assert_string_equal(info.key_desc, "RSA 2048");
	assert_string_equal(info.sans, "");
	assert_string_equal(info.sig_alg, "sha256WithRSAEncryption");
	pki_csr_info_clear(&info);
	free(der);
	assert_int_equal(test_pending(t), 2);
}

static void
test_submit_fingerprints(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta meta = { .file_root = "fp" };
	struct pki_csr_info info;
	size_t len;
	unsigned char *der = make_csr_der(TKEY_P256, "fp.example.com", NULL, &len);
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n;
	char want[PKI_FP_SHA1_SIZE];
	size_t o = 0;

	assert_pki_ok(pki_csr_submit(t->store, der, len, &meta, &info, &t->err), &t->err);
	/* SHA-1 of the request's DER */
	assert_int_equal(EVP_Digest(der, len, d, &n, EVP_sha1(), NULL), 1);
	for (unsigned int i = 0; i < n; i++)
		o += (size_t)snprintf(want + o, sizeof want - o, i ? ":%02X" : "%02X", d[i]);
	assert_string_equal(info.sha1, want);
	pki_csr_info_clear(&info);
	free(der);
}

static void
test_submit_refusals(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta meta = { .file_root = "refused" };
	struct pki_csr_info info;
	size_t len;
	unsigned char *der, *p, *big;
	int r;

	/* RSA 1024: too weak, nothing stored */
	der = make_csr_der(TKEY_RSA1024, "weak.example.com", NULL, &len);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_WEAK_KEY);
	assert_int_equal(t->err.code, PKI_ERR_WEAK_KEY);
	assert_true(strlen(t->err.msg) > 10);
	free(der);
	assert_int_equal(test_pending(t), 0);

	/* a changed byte in the signed subject: the signature fails */
	der = make_csr_der(TKEY_P256, "tamper.example.com", NULL, &len);
	p = memmem(der, len, "tamper", 6);
	assert_non_null(p);
	p[0] = 'T';
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_BAD_CSR);
	assert_true(strlen(t->err.msg) > 10);
	free(der);
	assert_int_equal(test_pending(t), 0);

	/* '@' in a PrintableString: not the type's alphabet (the lint would
	 * refuse the certificate; the intake says so first) */
	{
		EVP_PKEY *k = tkey_new(TKEY_P256);
		X509_REQ *req = X509_REQ_new();
		X509_NAME *n = X509_NAME_new();
		unsigned char *d = NULL;
		int dl;

		assert_true(X509_NAME_add_entry_by_txt(n, "CN", V_ASN1_PRINTABLESTRING,
		    (const unsigned char *)"jane@example.com", -1, -1, 0));
		assert_true(X509_REQ_set_subject_name(req, n));
		assert_true(X509_REQ_set_pubkey(req, k));
		assert_true(X509_REQ_sign(req, k, EVP_sha256()) > 0);
		assert_true((dl = i2d_X509_REQ(req, &d)) > 0);
		memset(&t->err, 0, sizeof t->err);
		assert_int_equal(pki_csr_submit(t->store, d, (size_t)dl, &meta, &info, &t->err),
		    PKI_ERR_BAD_CSR);
		assert_non_null(strstr(t->err.msg, "string type"));
		OPENSSL_free(d);
		X509_NAME_free(n);
		X509_REQ_free(req);
		EVP_PKEY_free(k);
		assert_int_equal(test_pending(t), 0);
	}

	/* garbage */
	assert_int_equal(pki_csr_submit(t->store, (const unsigned char *)"hello, world\n", 13,
	                     &meta, &info, &t->err),
	    PKI_ERR_BAD_CSR);
	assert_int_equal(
	    pki_csr_submit(t->store,
	        (const unsigned char
	                *)"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
	        74, &meta, &info, &t->err),
	    PKI_ERR_BAD_CSR);
	assert_int_equal(test_pending(t), 0);

	/* over 64 KiB */
	big = calloc(1, PKI_CSR_MAX_BYTES + 1);
	assert_non_null(big);
	memset(big, 'A', PKI_CSR_MAX_BYTES + 1);
	assert_int_equal(pki_csr_submit(t->store, big, PKI_CSR_MAX_BYTES + 1, &meta, &info,
	                     &t->err),
	    PKI_ERR_TOO_LARGE);
	free(big);

	/* an escape sequence in the subject */
	der = make_csr_der(TKEY_P256, "evil\x1b[2J\x1b]0;pwned\a.example.com", NULL, &len);
	memset(&t->err, 0, sizeof t->err);
	r = pki_csr_submit(t->store, der, len, &meta, &info, &t->err);
	assert_true(r == PKI_ERR_INVALID || r == PKI_ERR_BAD_CSR);
	assert_null(strchr(t->err.msg, '\x1b'));
	free(der);

	/* a bad SAN */
	der = make_csr_der(TKEY_P256, "san.example.com", "DNS:bad_host..example.com", &len);
	r = pki_csr_submit(t->store, der, len, &meta, &info, &t->err);
	assert_true(r == PKI_ERR_INVALID || r == PKI_ERR_BAD_CSR);
	free(der);

	/* bad metadata */
	der = make_csr_der(TKEY_P256, "meta.example.com", NULL, &len);
	meta.file_root = "cache";
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_INVALID);
	meta.file_root = "bad root";
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_INVALID);
	meta.file_root = "ok";
	meta.contact_email = "nobody";
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_INVALID);
	assert_true(t->err.field[0] != '\0');
	meta.contact_email = NULL;
	meta.hostname = "-bad-";
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_INVALID);
	free(der);
	assert_int_equal(test_pending(t), 0);
}

static void
test_submit_duplicate(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta meta = { .file_root = "dup" };
	struct pki_csr_info info;
	size_t len;
	unsigned char *der = make_csr_der(TKEY_P256, "dup.example.com", NULL, &len);

	assert_pki_ok(pki_csr_submit(t->store, der, len, &meta, &info, &t->err), &t->err);
	pki_csr_info_clear(&info);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_csr_submit(t->store, der, len, &meta, &info, &t->err),
	    PKI_ERR_DUPLICATE);
	assert_true(strlen(t->err.msg) > 10);
	assert_int_equal(test_pending(t), 1);
	free(der);
}

static void
test_csr_delete(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_info info;
	int64_t a = submit_csr(t, TKEY_P256, "a", "a.example.com", NULL);
	int64_t b = submit_csr(t, TKEY_P256, "b", "b.example.com", NULL);

	assert_int_not_equal(a, b);
	assert_pki_ok(pki_csr_delete(t->store, a, &t->err), &t->err);
	assert_int_equal(pki_csr_get(t->store, a, &info, &t->err), PKI_ERR_NOT_FOUND);
	assert_int_equal(pki_csr_delete(t->store, a, &t->err), PKI_ERR_NOT_FOUND);
	assert_int_equal(pki_csr_delete(t->store, 999999, &t->err), PKI_ERR_NOT_FOUND);
	assert_int_equal(test_pending(t), 1);
}

/* ------------------------------------------------------------ issuing */

static void
test_issue_tls(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info out, info;
	struct pki_csr_info gone;
	pki_signer *s = test_open_signer(t);
	uint64_t first = srl_value(t);
	int64_t id = submit_csr(t, TKEY_RSA2048, "tlsclient", "tls.example.com",
	    "DNS:tls.example.com,IP:192.0.2.1");
	X509 *ca = ca_cert(t), *x;
	GENERAL_NAMES *gens;
	BASIC_CONSTRAINTS *bc;
	bool dns = false, ip = false;
	uint32_t ku;

	assert_true(first >= 1);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &out, &t->err), &t->err);
	assert_int_equal(out.serial, first);
	assert_int_equal(out.usage, PKI_USAGE_TLS);
	assert_int_equal(out.csr_id, id);
	assert_string_equal(out.file_root, "tlsclient");
	assert_int_equal(srl_value(t), first + 1);
	pki_cert_info_clear(&out);

	/* the request left the pending list */
	assert_int_equal(pki_csr_get(t->store, id, &gone, &t->err), PKI_ERR_NOT_FOUND);
	assert_int_equal(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &out, &t->err),
	    PKI_ERR_NOT_FOUND);
	assert_int_equal(srl_value(t), first + 1);

	x = issued_cert(t, first, &info);
	check_common(t, ca, x, &info, first, "tls.example.com");
	assert_int_equal(info.usage, PKI_USAGE_TLS);
	assert_int_equal(days_valid(x), 365);

	/* CA:FALSE */
	bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	assert_non_null(bc);
	assert_false(bc->ca);
	BASIC_CONSTRAINTS_free(bc);
	assert_false(X509_get_extension_flags(x) & EXFLAG_CA);
	/* digitalSignature + keyEncipherment for an RSA key */
	ku = X509_get_key_usage(x);
	assert_true(ku & KU_DIGITAL_SIGNATURE);
	assert_true(ku & KU_KEY_ENCIPHERMENT);
	assert_false(ku & KU_KEY_CERT_SIGN);
	assert_false(ku & KU_CRL_SIGN);
	/* serverAuth + clientAuth */
	assert_true(has_ext(x, NID_ext_key_usage));
	assert_true(X509_get_extended_key_usage(x) & XKU_SSL_SERVER);
	assert_true(X509_get_extended_key_usage(x) & XKU_SSL_CLIENT);
	assert_false(X509_get_extended_key_usage(x) & XKU_CODE_SIGN);
	/* the SANs copied from the request */
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	assert_non_null(gens);
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		if (g->type == GEN_DNS) {
			assert_string_equal((const char *)ASN1_STRING_get0_data(g->d.dNSName),
			    "tls.example.com");
			dns = true;
		} else if (g->type == GEN_IPADD) {
			static const unsigned char want[4] = { 192, 0, 2, 1 };
			assert_int_equal(ASN1_STRING_length(g->d.iPAddress), 4);
			assert_memory_equal(ASN1_STRING_get0_data(g->d.iPAddress), want, 4);
			ip = true;
		}
	}
	assert_true(dns && ip);
	GENERAL_NAMES_free(gens);
	assert_non_null(strstr(info.sans, "tls.example.com"));

	assert_int_equal(verify_purpose(ca, x, X509_PURPOSE_SSL_SERVER), 1);
	assert_int_equal(verify_purpose(ca, x, X509_PURPOSE_SSL_CLIENT), 1);

	pki_cert_info_clear(&info);
	X509_free(x);
	X509_free(ca);
	pki_signer_close(&s);
	assert_null(s);
	pki_signer_close(&s);
}

static void
test_issue_tls_ec_no_key_encipherment(void **state)
{
	struct tctx *t = *state;
	struct issued is;

	issue_checked(t, &is, "ecserver", "ec.example.com", "DNS:ec.example.com", PKI_USAGE_TLS);
	assert_true(X509_get_key_usage(is.x) & KU_DIGITAL_SIGNATURE);
	/* an EC key cannot encipher keys */
	assert_false(X509_get_key_usage(is.x) & KU_KEY_ENCIPHERMENT);
	assert_int_equal(verify_purpose(is.ca, is.x, X509_PURPOSE_SSL_SERVER), 1);
	issued_clear(&is);
}

static void
test_issue_intermediate(void **state)
{
	struct tctx *t = *state;
	struct issued is;
	BASIC_CONSTRAINTS *bc;
	uint32_t ku;

	issue_checked(t, &is, "subca", "Sub CA", NULL, PKI_USAGE_INTERMEDIATE);

	bc = X509_get_ext_d2i(is.x, NID_basic_constraints, NULL, NULL);
	assert_non_null(bc);
	assert_true(bc->ca);
	/* it may issue end-entity certificates only */
	{
		int64_t plen = -1;
		assert_non_null(bc->pathlen);
		assert_int_equal(ASN1_INTEGER_get_int64(&plen, bc->pathlen), 1);
		assert_int_equal(plen, 0);
	}
	BASIC_CONSTRAINTS_free(bc);
	assert_true(test_ext_critical(is.x, NID_basic_constraints));
	assert_true(X509_get_extension_flags(is.x) & EXFLAG_CA);
	ku = X509_get_key_usage(is.x);
	assert_true(ku & KU_KEY_CERT_SIGN);
	assert_true(ku & KU_CRL_SIGN);
	assert_true(test_ext_critical(is.x, NID_key_usage));
	assert_int_equal(X509_check_ca(is.x), 1);
	assert_int_equal(verify_purpose(is.ca, is.x, X509_PURPOSE_ANY), 1);

	issued_clear(&is);
}

static void
test_issue_codesign(void **state)
{
	struct tctx *t = *state;
	struct issued is;
	BASIC_CONSTRAINTS *bc;
	uint32_t ku, xku;

	issue_checked(t, &is, "signer", "Code Signer", NULL, PKI_USAGE_CODESIGN);

	bc = X509_get_ext_d2i(is.x, NID_basic_constraints, NULL, NULL);
	if (bc != NULL) {
		assert_false(bc->ca);
		BASIC_CONSTRAINTS_free(bc);
	}
	assert_false(X509_get_extension_flags(is.x) & EXFLAG_CA);
	assert_true(has_ext(is.x, NID_key_usage));
	assert_true(has_ext(is.x, NID_ext_key_usage));
	ku = X509_get_key_usage(is.x);
	assert_true(ku & KU_DIGITAL_SIGNATURE);
	assert_false(ku & KU_KEY_CERT_SIGN);
	xku = X509_get_extended_key_usage(is.x);
	assert_true(xku & XKU_CODE_SIGN);
	assert_false(xku & XKU_SSL_SERVER);
	assert_false(xku & XKU_SSL_CLIENT);

	issued_clear(&is);
}

static void
test_serials_follow_srl(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info out;
	struct pki_server_info sinfo;
	pki_signer *s = test_open_signer(t);
	int64_t a = submit_csr(t, TKEY_P256, "one", "one.example.com", NULL);
	int64_t b = submit_csr(t, TKEY_P256, "two", "two.example.com", NULL);
	char *srl;

	/* the counter in the file is what the next certificate gets */
	assert_pki_ok(pki_file_write_atomic(tpath(t, "ca/TestCA.srl"), "1000\n", 5, 0600, &t->err),
	    &t->err);
	assert_pki_ok(pki_csr_issue(t->store, s, a, PKI_USAGE_TLS, &out, &t->err), &t->err);
	assert_int_equal(out.serial, 0x1000);
	pki_cert_info_clear(&out);
	assert_int_equal(srl_value(t), 0x1001);
	assert_pki_ok(pki_csr_issue(t->store, s, b, PKI_USAGE_CODESIGN, &out, &t->err), &t->err);
	assert_int_equal(out.serial, 0x1001);
	pki_cert_info_clear(&out);

	/* the file reads as OpenSSL's serial file: hex, one line */
	srl = slurp(tpath(t, "ca/TestCA.srl"), NULL);
	assert_non_null(srl);
	assert_int_equal(strtoull(srl, NULL, 16), 0x1002);
	assert_non_null(strchr(srl, '\n'));
	free(srl);

	assert_pki_ok(pki_server_info(t->store, &sinfo, &t->err), &t->err);
	assert_int_equal(sinfo.next_serial, 0x1002);
	assert_int_equal(sinfo.issued, 2);
	assert_int_equal(sinfo.pending, 0);
	pki_server_info_clear(&sinfo);
	pki_signer_close(&s);
}

static void
test_validity_capped_by_ca(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info out, info;
	struct pki_server_result res;
	pki_signer *s;
	int64_t id;
	X509 *ca, *x;

	/* a CA of 30 days issuing for 365 */
	configure_test_ca(t, 30, 365, &res);
	pki_server_result_clear(&res);
	s = test_open_signer(t);
	id = submit_csr(t, TKEY_P256, "capped", "capped.example.com", NULL);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &out, &t->err), &t->err);
	ca = ca_cert(t);
	x = issued_cert(t, out.serial, &info);
	assert_true(ASN1_TIME_compare(X509_get0_notAfter(x), X509_get0_notAfter(ca)) <= 0);
	assert_true(days_valid(x) <= 30);
	assert_int_equal(info.not_after, out.not_after);
	assert_true(X509_cmp_time(X509_get0_notAfter(x), NULL) > 0); /* not expired */
	pki_cert_info_clear(&out);
	pki_cert_info_clear(&info);
	X509_free(x);
	X509_free(ca);
	pki_signer_close(&s);
}

static void
test_signer_password(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = (pki_signer *)0x1;

	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_signer_open(t->store, "wrong password", 14, &s, &t->err),
	    PKI_ERR_PASSWORD);
	assert_null(s);
	assert_int_equal(t->err.code, PKI_ERR_PASSWORD);
	assert_true(strlen(t->err.msg) > 0);
	/* an encrypted key with no password */
	s = (pki_signer *)0x1;
	assert_int_equal(pki_signer_open(t->store, NULL, 0, &s, &t->err), PKI_ERR_PASSWORD);
	assert_null(s);
}

static void
test_signer_key_missing(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = (pki_signer *)0x1;
	int64_t id = submit_csr(t, TKEY_P256, "waiting", "waiting.example.com", NULL);
	uint64_t before = srl_value(t);

	/* the media is not mounted */
	assert_int_equal(rename(tpath(t, "ca/TestCA.key"), tpath(t, "TestCA.key.away")), 0);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_signer_open(t->store, TEST_PASSWORD, strlen(TEST_PASSWORD), &s,
	                     &t->err),
	    PKI_ERR_KEY_UNAVAILABLE);
	assert_null(s);
	assert_non_null(strcasestr(t->err.msg, "mount"));
	/* reported before any password is needed */
	assert_int_equal(pki_signer_open(t->store, NULL, 0, &s, &t->err), PKI_ERR_KEY_UNAVAILABLE);
	/* nothing changed */
	assert_int_equal(test_pending(t), 1);
	assert_int_equal(issued_count(t), 0);
	assert_int_equal(srl_value(t), before);
	(void)id;

	/* mounted again, it works */
	assert_int_equal(rename(tpath(t, "TestCA.key.away"), tpath(t, "ca/TestCA.key")), 0);
	s = test_open_signer(t);
	pki_signer_close(&s);
}

static void
test_batch(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info *list = NULL;
	pki_signer *s = test_open_signer(t);
	uint64_t first = srl_value(t);
	int64_t ids[5], two[2], bad[2];
	size_t issued = 99, n = 0;
	char root[16], cn[64];

	for (int i = 0; i < 5; i++) {
		snprintf(root, sizeof root, "batch%d", i);
		snprintf(cn, sizeof cn, "batch%d.example.com", i);
		ids[i] = submit_csr(t, TKEY_P256, root, cn, NULL);
	}

	/* all or none: an unknown id stops the batch before anything is issued */
	bad[0] = ids[0];
	bad[1] = 987654;
	assert_int_not_equal(pki_csr_issue_batch(t->store, s, bad, 2, PKI_USAGE_TLS, &issued,
	                         &t->err),
	    0);
	assert_int_equal(test_pending(t), 5);
	assert_int_equal(issued_count(t), 0);
	assert_int_equal(srl_value(t), first);

	/* chosen ids */
	two[0] = ids[1];
	two[1] = ids[3];
	assert_pki_ok(pki_csr_issue_batch(t->store, s, two, 2, PKI_USAGE_CODESIGN, &issued,
	                  &t->err),
	    &t->err);
	assert_int_equal(issued, 2);
	assert_int_equal(test_pending(t), 3);
	assert_int_equal(srl_value(t), first + 2);

	/* every remaining one */
	assert_pki_ok(pki_csr_issue_batch(t->store, s, NULL, 0, PKI_USAGE_TLS, &issued, &t->err),
	    &t->err);
	assert_int_equal(issued, 3);
	assert_int_equal(test_pending(t), 0);
	assert_int_equal(srl_value(t), first + 5);

	/* five distinct, consecutive serials, all verifiable */
	assert_pki_ok(pki_cert_list(t->store, NULL, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 5);
	{
		bool seen[5] = { false };
		X509 *ca = ca_cert(t);
		for (size_t i = 0; i < n; i++) {
			struct pki_cert_info info;
			X509 *x;
			assert_true(list[i].serial >= first && list[i].serial < first + 5);
			assert_false(seen[list[i].serial - first]);
			seen[list[i].serial - first] = true;
			x = issued_cert(t, list[i].serial, &info);
			assert_int_equal(X509_verify(x, X509_get0_pubkey(ca)), 1);
			pki_cert_info_clear(&info);
			X509_free(x);
		}
		X509_free(ca);
	}
	pki_cert_info_array_free(&list, n);
	assert_null(list);

	/* nothing left: zero issued, no error */
	assert_pki_ok(pki_csr_issue_batch(t->store, s, NULL, 0, PKI_USAGE_TLS, &issued, &t->err),
	    &t->err);
	assert_int_equal(issued, 0);
	assert_int_equal(srl_value(t), first + 5);
	pki_signer_close(&s);
}

/* ------------------------------------------------ issued certificates */

static void
test_cert_list_export(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info out, info, *list = NULL;
	struct pki_cert_filter f;
	pki_signer *s = test_open_signer(t);
	int64_t a = submit_csr(t, TKEY_P256, "alpha", "alpha.example.com", NULL);
	int64_t b = submit_csr(t, TKEY_P256, "beta", "beta.example.com", NULL);
	uint64_t sa, sb;
	size_t n = 0;
	char *written = NULL, *content;

	assert_pki_ok(pki_csr_issue(t->store, s, a, PKI_USAGE_TLS, &out, &t->err), &t->err);
	sa = out.serial;
	pki_cert_info_clear(&out);
	assert_pki_ok(pki_csr_issue(t->store, s, b, PKI_USAGE_TLS, &out, &t->err), &t->err);
	sb = out.serial;
	pki_cert_info_clear(&out);
	pki_signer_close(&s);

	memset(&f, 0, sizeof f);
	f.file_root = "beta";
	assert_pki_ok(pki_cert_list(t->store, &f, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].serial, sb);
	assert_string_equal(list[0].file_root, "beta");
	pki_cert_info_array_free(&list, n);

	memset(&f, 0, sizeof f);
	f.serial = sa;
	assert_pki_ok(pki_cert_list(t->store, &f, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].file_root, "alpha");
	pki_cert_info_array_free(&list, n);

	memset(&f, 0, sizeof f);
	f.hostname = "host1.example.com";
	assert_pki_ok(pki_cert_list(t->store, &f, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 2);
	pki_cert_info_array_free(&list, n);
	f.hostname = "nohost.example.com";
	assert_pki_ok(pki_cert_list(t->store, &f, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 0);
	pki_cert_info_array_free(&list, n);

	assert_int_equal(pki_cert_get(t->store, 424242, &info, &t->err), PKI_ERR_NOT_FOUND);

	/* export to a directory: FILENAME.cer with the stored PEM */
	assert_int_equal(mkdir(tpath(t, "out"), 0700), 0);
	assert_pki_ok(pki_cert_export(t->store, sa, tpath(t, "out"), false, &written, &info,
	                  &t->err),
	    &t->err);
	assert_string_equal(written, tpath(t, "out/alpha.cer"));
	assert_int_equal(info.serial, sa);
	content = slurp(written, NULL);
	assert_non_null(content);
	pki_cert_info_clear(&info);
	assert_pki_ok(pki_cert_get(t->store, sa, &info, &t->err), &t->err);
	assert_string_equal(content, info.pem);
	free(content);
	free(written);
	written = NULL;

	/* no overwrite without asking */
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_cert_export(t->store, sb, tpath(t, "out/alpha.cer"), false, &written,
	                     NULL, &t->err),
	    PKI_ERR_EXISTS);
	assert_null(written);
	content = slurp(tpath(t, "out/alpha.cer"), NULL);
	assert_string_equal(content, info.pem);
	free(content);
	assert_pki_ok(pki_cert_export(t->store, sb, tpath(t, "out/alpha.cer"), true, &written, NULL,
	                  &t->err),
	    &t->err);
	content = slurp(tpath(t, "out/alpha.cer"), NULL);
	assert_string_not_equal(content, info.pem);
	free(content);
	free(written);
	pki_cert_info_clear(&info);
}

/* ------------------------------------------------------ names (issue 14) */

/* A request for subject n (consumed) with subjectAltName san ("" for an
 * empty extension, NULL for none), signed by a new P-256 key; its DER. */
static unsigned char *
named_req(X509_NAME *n, const char *san, size_t *len)
{
	EVP_PKEY *k = tkey_new(TKEY_P256);
	X509_REQ *req = X509_REQ_new();
	unsigned char *der = NULL, *copy;
	int l;

	assert_true(X509_REQ_set_subject_name(req, n));
	X509_NAME_free(n);
	assert_true(X509_REQ_set_pubkey(req, k));
	if (san != NULL) {
		STACK_OF(X509_EXTENSION) *exts = NULL;
		GENERAL_NAMES *gens = san[0] ? NULL : GENERAL_NAMES_new();
		X509_EXTENSION *e = san[0]
		    ? X509V3_EXT_nconf_nid(NULL, NULL, NID_subject_alt_name, san)
		    : X509V3_EXT_i2d(NID_subject_alt_name, 0, gens);

		assert_non_null(e);
		assert_non_null(exts = sk_X509_EXTENSION_new_null());
		sk_X509_EXTENSION_push(exts, e);
		assert_true(X509_REQ_add_extensions(req, exts));
		sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
		GENERAL_NAMES_free(gens);
	}
	assert_true(X509_REQ_sign(req, k, EVP_sha256()) > 0);
	assert_true((l = i2d_X509_REQ(req, &der)) > 0);
	copy = malloc((size_t)l);
	memcpy(copy, der, (size_t)l);
	*len = (size_t)l;
	OPENSSL_free(der);
	X509_REQ_free(req);
	EVP_PKEY_free(k);
	return copy;
}

static X509_NAME *
cn_name(int type, const char *cn, int len)
{
	X509_NAME *n = X509_NAME_new();

	assert_true(X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)"Example Corporation", -1, -1, 0));
	assert_true(
	    X509_NAME_add_entry_by_txt(n, "CN", type, (const unsigned char *)cn, len, -1, 0));
	return n;
}

/* Submits; returns the id, or 0 when refused (t->err says why). */
static int64_t
submit_named(struct tctx *t, X509_NAME *n, const char *san)
{
	struct pki_csr_meta meta = { .file_root = "named" };
	struct pki_csr_info info;
	size_t len;
	unsigned char *der = named_req(n, san, &len);
	int64_t id = 0;

	memset(&t->err, 0, sizeof t->err);
	memset(&info, 0, sizeof info);
	if (pki_csr_submit(t->store, der, len, &meta, &info, &t->err) == 0)
		id = info.id;
	pki_csr_info_clear(&info);
	free(der);
	return id;
}

/* "DNS:a, IP Address:b" as OpenSSL prints the certificate's SANs. */
static void
sans_text(X509 *x, char *out, size_t size)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	STACK_OF(CONF_VALUE) *vals = gens ? i2v_GENERAL_NAMES(NULL, gens, NULL) : NULL;

	out[0] = '\0';
	for (int i = 0; i < sk_CONF_VALUE_num(vals); i++) {
		CONF_VALUE *v = sk_CONF_VALUE_value(vals, i);
		size_t l = strlen(out);

		snprintf(out + l, size - l, "%s%s:%s", i ? ", " : "", v->name, v->value);
	}
	sk_CONF_VALUE_pop_free(vals, X509V3_conf_free);
	GENERAL_NAMES_free(gens);
}

/* Issues id for TLS; the certificate's SANs as text. */
static void
issue_sans(struct tctx *t, pki_signer *s, int64_t id, char *out, size_t size)
{
	struct pki_cert_info ci, info;
	X509 *x;

	assert_true(id > 0);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &ci, &t->err), &t->err);
	x = issued_cert(t, ci.serial, &info);
	sans_text(x, out, size);
	X509_free(x);
	pki_cert_info_clear(&ci);
	pki_cert_info_clear(&info);
}

static void
test_cn_becomes_san(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = test_open_signer(t);
	char sans[512];

	/* an IPv4 CN is an iPAddress, never a dNSName */
	issue_sans(t, s, submit_named(t, cn_name(MBSTRING_UTF8, "192.0.2.10", -1), NULL), sans,
	    sizeof sans);
	assert_string_equal(sans, "IP Address:192.0.2.10");
	issue_sans(t, s, submit_named(t, cn_name(MBSTRING_UTF8, "2001:db8::1", -1), NULL), sans,
	    sizeof sans);
	assert_string_equal(sans, "IP Address:2001:DB8:0:0:0:0:0:1");
	/* a host name is a dNSName */
	issue_sans(t, s, submit_named(t, cn_name(MBSTRING_UTF8, "host.example.com", -1), NULL),
	    sans, sizeof sans);
	assert_string_equal(sans, "DNS:host.example.com");
	/* a CN the request's SANs lack is added to them, once */
	issue_sans(t, s,
	    submit_named(t, cn_name(MBSTRING_UTF8, "web.example.com", -1),
	        "DNS:other.example.com,IP:192.0.2.7"),
	    sans, sizeof sans);
	assert_string_equal(sans,
	    "DNS:web.example.com, DNS:other.example.com, IP Address:192.0.2.7");
	issue_sans(t, s,
	    submit_named(t, cn_name(MBSTRING_UTF8, "192.0.2.7", -1),
	        "DNS:other.example.com,IP:192.0.2.7"),
	    sans, sizeof sans);
	assert_string_equal(sans, "DNS:other.example.com, IP Address:192.0.2.7");
	/* a wildcard CN */
	issue_sans(t, s, submit_named(t, cn_name(MBSTRING_UTF8, "*.example.com", -1), NULL), sans,
	    sizeof sans);
	assert_string_equal(sans, "DNS:*.example.com");
	/* a CN that is no name cannot stand alone in a TLS certificate */
	{
		int64_t id = submit_named(t, cn_name(MBSTRING_UTF8, "Payroll Server", -1), NULL);
		struct pki_cert_info ci;

		assert_true(id > 0);
		memset(&t->err, 0, sizeof t->err);
		assert_int_not_equal(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &ci, &t->err),
		    0);
		assert_non_null(strstr(t->err.msg, "Payroll Server"));
		assert_int_equal(test_pending(t), 1); /* still waiting */
		/* code signing takes it */
		assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_CODESIGN, &ci, &t->err),
		    &t->err);
		pki_cert_info_clear(&ci);
	}
	pki_signer_close(&s);
}

static void
test_subject_rules(void **state)
{
	struct tctx *t = *state;
	char cn64[65], cn65[66];
	X509_NAME *n;

	/* RFC 5280: a CN of 64 characters, not 65 */
	memset(cn64, 'a', 64);
	cn64[64] = '\0';
	memset(cn65, 'b', 65);
	cn65[65] = '\0';
	assert_true(submit_named(t, cn_name(MBSTRING_UTF8, cn64, -1), NULL) > 0);
	assert_int_equal(submit_named(t, cn_name(V_ASN1_UTF8STRING, cn65, -1), NULL), 0);
	assert_int_equal(t->err.code, PKI_ERR_BAD_CSR);
	assert_non_null(strstr(t->err.msg, "64"));
	/* C: two capital letters ISO 3166 assigns */
	n = cn_name(MBSTRING_UTF8, "c.example.com", -1);
	X509_NAME_add_entry_by_txt(n, "C", V_ASN1_PRINTABLESTRING, (const unsigned char *)"USA", -1,
	    -1, 0);
	assert_int_equal(submit_named(t, n, NULL), 0);
	assert_non_null(strstr(t->err.msg, "USA"));
	n = cn_name(MBSTRING_UTF8, "c.example.com", -1);
	X509_NAME_add_entry_by_txt(n, "C", V_ASN1_PRINTABLESTRING, (const unsigned char *)"us", -1,
	    -1, 0);
	assert_int_equal(submit_named(t, n, NULL), 0);
	n = cn_name(MBSTRING_UTF8, "c.example.com", -1);
	X509_NAME_add_entry_by_txt(n, "C", V_ASN1_PRINTABLESTRING, (const unsigned char *)"XX", -1,
	    -1, 0);
	assert_int_equal(submit_named(t, n, NULL), 0);
	/* hidden characters: a right-to-left override, a zero-width space */
	assert_int_equal(submit_named(t,
	                     cn_name(MBSTRING_UTF8, "evil\xe2\x80\xaemoc.example.com", -1), NULL),
	    0);
	assert_non_null(strstr(t->err.msg, "U+202E"));
	assert_int_equal(submit_named(t,
	                     cn_name(MBSTRING_UTF8, "pay\xe2\x80\x8bpal.example.com", -1), NULL),
	    0);
	assert_non_null(strstr(t->err.msg, "U+200B"));
	/* the same hidden in a BMPString */
	assert_int_equal(submit_named(t,
	                     cn_name(V_ASN1_BMPSTRING,
	                         "\x00"
	                         "a\x20\x2e\x00"
	                         "b",
	                         6),
	                     NULL),
	    0);
	/* an empty subjectAltName extension */
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "e.example.com", -1), ""), 0);
	assert_non_null(strstr(t->err.msg, "empty"));
	/* wildcards */
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1), "DNS:*.com"),
	    0);
	assert_non_null(strstr(t->err.msg, "public suffix"));
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1),
	                     "DNS:*.co.uk"),
	    0);
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1),
	                     "DNS:f*.example.com"),
	    0);
	assert_non_null(strstr(t->err.msg, "leftmost"));
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1),
	                     "DNS:*.*.example.com"),
	    0);
	assert_int_equal(submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1),
	                     "DNS:www.*.example.com"),
	    0);
	assert_true(
	    submit_named(t, cn_name(MBSTRING_UTF8, "w.example.com", -1), "DNS:*.example.com") > 0);
	/* nothing refused was stored */
	assert_int_equal(test_pending(t), 2);
}

/* A BMPString (or T61String) subject is issued as UTF8String. */
static void
test_bmp_subject_converted(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = test_open_signer(t);
	/* "Zürich.example.com" is no host name: a code signing certificate */
	static const char bmp[] = "\x00Z\x00\xfc\x00r\x00i\x00"
	                          "c\x00h";
	struct pki_cert_info ci, info;
	X509_NAME *n = X509_NAME_new();
	const X509_NAME *subj;
	int64_t id;
	X509 *x;

	X509_NAME_add_entry_by_txt(n, "C", V_ASN1_UTF8STRING, (const unsigned char *)"CH", -1, -1,
	    0);
	X509_NAME_add_entry_by_txt(n, "O", V_ASN1_T61STRING, (const unsigned char *)"Soci\xe9t\xe9",
	    -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", V_ASN1_BMPSTRING, (const unsigned char *)bmp, 12, -1,
	    0);
	id = submit_named(t, n, NULL);
	assert_true(id > 0);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_CODESIGN, &ci, &t->err), &t->err);
	x = issued_cert(t, ci.serial, &info);
	subj = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_entry_count(subj), 3);
	assert_int_equal(ASN1_STRING_type(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, 0))),
	    V_ASN1_PRINTABLESTRING);
	for (int i = 1; i < 3; i++)
		assert_int_equal(ASN1_STRING_type(
		                     X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, i))),
		    V_ASN1_UTF8STRING);
	assert_memory_equal(ASN1_STRING_get0_data(
	                        X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, 2))),
	    "Z\xc3\xbcrich", 7);
	assert_memory_equal(ASN1_STRING_get0_data(
	                        X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, 1))),
	    "Soci\xc3\xa9t\xc3\xa9", 9);
	assert_non_null(strstr(info.subject, "CN=Z\xc3\xbcrich"));
	X509_free(x);
	pki_cert_info_clear(&ci);
	pki_cert_info_clear(&info);
	pki_signer_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_submit_pem_der, tctx_setup),
		tctx_test(test_submit_fingerprints, tctx_setup),
		tctx_test(test_submit_refusals, tctx_setup),
		tctx_test(test_submit_duplicate, tctx_setup),
		tctx_test(test_csr_delete, tctx_setup),
		tctx_test(test_issue_tls, tca_setup),
		tctx_test(test_issue_tls_ec_no_key_encipherment, tca_setup),
		tctx_test(test_issue_intermediate, tca_setup),
		tctx_test(test_issue_codesign, tca_setup),
		tctx_test(test_serials_follow_srl, tca_setup),
		tctx_test(test_validity_capped_by_ca, tctx_setup),
		tctx_test(test_signer_password, tca_setup),
		tctx_test(test_signer_key_missing, tca_setup),
		tctx_test(test_batch, tca_setup),
		tctx_test(test_cert_list_export, tca_setup),
		tctx_test(test_cn_becomes_san, tca_setup),
		tctx_test(test_subject_rules, tctx_setup),
		tctx_test(test_bmp_subject_converted, tca_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
