/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lint.c: libFuzzer harness for lint's DER reader (lint.c), which
 * reads the TBSCertificate to be signed, and `ncpki check`'s stored
 * certificates, byte by byte. The input's first byte picks the usage; the
 * rest is the TBSCertificate, linted against a P-256 CA made once per
 * process from a fixed key. The seeds (tests/fuzz/corpus/lint/) are
 * certificates `openssl x509 -req` made with that key for each usage. Whatever the bytes, the reader must not read out of bounds; and
 * what it passes must be DER that OpenSSL reads as a certificate and
 * encodes again to the very same bytes (else the lint let BER or garbage
 * through: the harness traps).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "x509/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static X509 *ca;

/* The CA's key: fixed, so that its subjectKeyIdentifier (and the seeds'
 * authorityKeyIdentifier, made with `openssl x509 -req` and this key) is
 * the same in every process. A test key, of no use elsewhere. */
static const char ca_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVAJkpOz49oDTUGNx\n"
    "ThhrCJXgiFGy24B54WwJC/bK6F2hRANCAAQnQ5LQ6s1qEZavXjOd5MqJG9f6O6hj\n"
    "74aufPRaE+OcNVhHqEIjOfJcgZF4KTgYdZDX+3ynEn/eXmSFbMdO46+v\n"
    "-----END PRIVATE KEY-----\n";

static void
add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL || !X509_add_ext(x, e, -1))
		abort();
	X509_EXTENSION_free(e);
}

/* "Fuzz CA", 2020 to 2040 (the seeds' certificates fall within). */
static X509 *
make_ca(void)
{
	BIO *b = BIO_new_mem_buf(ca_key_pem, -1);
	EVP_PKEY *k = b != NULL ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();

	if (k == NULL || x == NULL || n == NULL ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)"Fuzz CA",
	        -1, -1, 0) ||
	    !X509_set_version(x, X509_VERSION_3) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), 1) || !X509_set_subject_name(x, n) ||
	    !X509_set_issuer_name(x, n) ||
	    !ASN1_TIME_set_string(X509_getm_notBefore(x), "20200101000000Z") ||
	    !ASN1_TIME_set_string(X509_getm_notAfter(x), "20400101000000Z") ||
	    !X509_set_pubkey(x, k))
		abort();
	add_ext(x, NID_basic_constraints, "critical,CA:TRUE");
	add_ext(x, NID_key_usage, "critical,keyCertSign,cRLSign");
	add_ext(x, NID_subject_key_identifier, "hash");
	if (X509_sign(x, k, EVP_sha256()) <= 0)
		abort();
	X509_NAME_free(n);
	EVP_PKEY_free(k);
	BIO_free(b);
	return x;
}

/* The TBSCertificate wrapped as a certificate with a dummy signature. */
static unsigned char *
wrap(const uint8_t *tbs, size_t len, size_t *out_len)
{
	static const unsigned char alg_sig[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
		0x3d, 0x04, 0x03, 0x02, 0x03, 0x02, 0x00, 0x00 };
	struct pki_der b = { NULL, 0, 0, false };

	pki_der_put(&b, tbs, len);
	pki_der_put(&b, alg_sig, sizeof alg_sig);
	pki_der_wrap(&b, 0, 0x30);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	*out_len = b.len;
	return b.p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pki_error err;
	unsigned char *cert, *re = NULL;
	const unsigned char *p;
	size_t cert_len = 0;
	X509 *x;
	int re_len;

	if (ca == NULL)
		ca = make_ca();
	if (size < 1)
		return 0;
	pki_error_clear(&err);
	if (pki_lint_tbs_der(data + 1, size - 1, ca, NULL, (enum pki_usage)(data[0] % 4), &err) !=
	    0)
		return 0;
	/* passed: OpenSSL must read it, and its TBSCertificate must encode
	 * again to the bytes the lint passed */
	if ((cert = wrap(data + 1, size - 1, &cert_len)) == NULL)
		return 0;
	p = cert;
	if ((x = d2i_X509(NULL, &p, (long)cert_len)) == NULL || p != cert + cert_len)
		__builtin_trap();
	re_len = i2d_re_X509_tbs(x, &re);
	if (re_len < 0 || (size_t)re_len != size - 1 || memcmp(re, data + 1, size - 1) != 0)
		__builtin_trap();
	OPENSSL_free(re);
	X509_free(x);
	free(cert);
	return 0;
}
