/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_renewal.c: what ties a renewal to the certificate it renews (issue
 * 14). A renewal proves possession of that certificate's key: either the
 * request keeps the key (its own signature, checked at intake, proves it),
 * or it carries a proof, a signature by the old key over
 *     PKI_RENEWAL_PROOF_CONTEXT || serial in decimal || "\n" || request DER
 * (SHA-256 for RSA and ECDSA, pure EdDSA for Ed25519/Ed448), so that one
 * proof names one request and one serial and cannot serve another. openssl
 * makes the same proof:
 *     { printf 'ncpki renewal proof v1\n%s\n' N; cat new.der; } |
 *         openssl dgst -sha256 -sign old.key | openssl base64 -A
 * Also: whether every SAN a request asks for is in the certificate.
 */
#include "x509/crypto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

/* The bytes a proof signs; caller frees. */
static unsigned char *
proof_message(uint64_t serial, const unsigned char *csr_der, size_t csr_len, size_t *len)
{
	char head[sizeof PKI_RENEWAL_PROOF_CONTEXT + 24];
	int n = snprintf(head, sizeof head, "%s%" PRIu64 "\n", PKI_RENEWAL_PROOF_CONTEXT, serial);
	unsigned char *m;

	*len = 0;
	if (n < 0 || (size_t)n >= sizeof head || (m = malloc((size_t)n + csr_len)) == NULL)
		return NULL;
	memcpy(m, head, (size_t)n);
	memcpy(m + n, csr_der, csr_len);
	*len = (size_t)n + csr_len;
	return m;
}

/* SHA-256 for every key but EdDSA's: what `openssl dgst -sha256` signs with. */
static const EVP_MD *
proof_md(const EVP_PKEY *pk)
{
	return EVP_PKEY_is_a(pk, "ED25519") || EVP_PKEY_is_a(pk, "ED448") ? NULL : EVP_sha256();
}

int
pki_renewal_proof_make(const pki_key *old_key, uint64_t serial, const unsigned char *csr_der,
    size_t csr_len, char **b64, struct pki_error *err)
{
	EVP_MD_CTX *mctx = NULL;
	unsigned char *msg = NULL, *sig = NULL;
	size_t mlen = 0, slen = 0;
	int r = 0;

	*b64 = NULL;
	if ((msg = proof_message(serial, csr_der, csr_len, &mlen)) == NULL ||
	    (mctx = EVP_MD_CTX_new()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (EVP_DigestSignInit(mctx, NULL, proof_md(CPKEY(old_key)), NULL, PKEY(old_key)) <= 0 ||
	    EVP_DigestSign(mctx, NULL, &slen, msg, mlen) <= 0 || (sig = malloc(slen)) == NULL ||
	    EVP_DigestSign(mctx, sig, &slen, msg, mlen) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the renewal proof"));
		goto out;
	}
	if ((*b64 = malloc(4 * ((slen + 2) / 3) + 1)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	EVP_EncodeBlock((unsigned char *)*b64, sig, (int)slen);
out:
	EVP_MD_CTX_free(mctx);
	free(msg);
	free(sig);
	return r;
}

static int
load_cert(const unsigned char *der, size_t len, X509 **out, struct pki_error *err)
{
	const unsigned char *p = der;

	if ((*out = d2i_X509(NULL, &p, (long)len)) == NULL) {
		ERR_clear_error();
		return pki_err_crypto(err, _("The stored certificate does not parse"));
	}
	return 0;
}

int
pki_renewal_proof_verify(const unsigned char *cert_der, size_t cert_len, uint64_t serial,
    const unsigned char *csr_der, size_t csr_len, const char *b64, bool *ok, struct pki_error *err)
{
	EVP_MD_CTX *mctx = NULL;
	EVP_PKEY *pk;
	X509 *x = NULL;
	unsigned char *msg = NULL, *sig = NULL;
	size_t mlen = 0, slen = 0, blen = strlen(b64);
	int r;

	*ok = false;
	if (blen > PKI_RENEWAL_PROOF_MAX || pki_base64_decode(b64, blen, &sig, &slen) != 0)
		return 0; /* not a signature: no proof */
	if ((r = load_cert(cert_der, cert_len, &x, err)) != 0)
		goto out;
	if ((msg = proof_message(serial, csr_der, csr_len, &mlen)) == NULL ||
	    (mctx = EVP_MD_CTX_new()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	pk = X509_get0_pubkey(x);
	*ok = pk != NULL && EVP_DigestVerifyInit(mctx, NULL, proof_md(pk), NULL, pk) > 0 &&
	    EVP_DigestVerify(mctx, sig, slen, msg, mlen) == 1;
	ERR_clear_error();
out:
	EVP_MD_CTX_free(mctx);
	X509_free(x);
	free(msg);
	free(sig);
	return r;
}

/* Whether name g is one of gens. */
static bool
gens_has(const GENERAL_NAMES *gens, GENERAL_NAME *g)
{
	for (int i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++)
		if (GENERAL_NAME_cmp(sk_GENERAL_NAME_value(gens, i), g) == 0)
			return true;
	return false;
}

int
pki_renewal_compare(const unsigned char *cert_der, size_t cert_len, const unsigned char *csr_der,
    size_t csr_len, bool *same_key, char **extra, struct pki_error *err)
{
	struct pki_req_parts rp;
	GENERAL_NAMES *have = NULL, *added = NULL;
	X509 *x = NULL;
	unsigned char *spki = NULL;
	int n, r;

	*same_key = false;
	*extra = NULL;
	memset(&rp, 0, sizeof rp);
	if ((r = load_cert(cert_der, cert_len, &x, err)) != 0 ||
	    (r = pki_req_parts_parse(csr_der, csr_len, &rp, err)) != 0)
		goto out;
	if ((n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki)) <= 0) {
		r = pki_err_crypto(err, _("Cannot encode the certificate's public key"));
		goto out;
	}
	*same_key = (size_t)n == rp.spki_len && memcmp(spki, rp.spki, rp.spki_len) == 0;
	have = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	ERR_clear_error();
	for (int i = 0; rp.sans != NULL && i < sk_GENERAL_NAME_num(rp.sans); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(rp.sans, i);

		if (gens_has(have, g))
			continue;
		if ((added = sk_GENERAL_NAME_new_null()) == NULL ||
		    !sk_GENERAL_NAME_push(added, g) || (*extra = pki_gens_describe(added)) == NULL)
			r = pki_err_nomem(err);
		break;
	}
out:
	sk_GENERAL_NAME_free(added); /* g stays rp.sans's */
	GENERAL_NAMES_free(have);
	OPENSSL_free(spki);
	pki_req_parts_clear(&rp);
	X509_free(x);
	return r;
}
