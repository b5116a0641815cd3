/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign/ca_cert.c: the self-signed certificate of a new CA server, signed
 * with its new key (configure.c).
 */
#include "x509/crypto.h"

#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

static int
set_validity(X509 *x, time_t from, time_t to, struct pki_error *err)
{
	if (ASN1_TIME_set(X509_getm_notBefore(x), from) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(x), to) == NULL)
		return pki_err_crypto(err, _("Cannot set the validity period"));
	return 0;
}

int
pki_cert_self_signed(const pki_key *key, const struct pki_dn *dn, long days, pki_x509 **out,
    struct pki_error *err)
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
	    !X509_set_version(x, X509_VERSION_3) || !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, pk)) {
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
