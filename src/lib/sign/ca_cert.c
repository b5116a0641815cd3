/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign/ca_cert.c: the self-signed certificate of a new CA server, signed
 * with its new key (configure.c), and a root's certificate renewed with
 * its own key (signer.c's renew_self).
 */
#include "x509/crypto.h"

#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* A serial number of 126 random bits (CA/Browser Forum BR 7.1 asks for 64
 * at least): a CA's own never meets the counter's small serials. */
static int
random_serial(X509 *x, struct pki_error *err)
{
	unsigned char rnd[16];
	BIGNUM *bn;
	int r = 0;

	if (RAND_bytes(rnd, sizeof rnd) != 1)
		return pki_err_crypto(err, _("Cannot draw a random serial number"));
	rnd[0] = (unsigned char)((rnd[0] & 0x3f) | 0x40);
	if ((bn = BN_bin2bn(rnd, sizeof rnd, NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL)
		r = pki_err_crypto(err, _("Cannot build the CA certificate"));
	BN_free(bn);
	return r;
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
pki_cert_self_signed(const pki_key *key, const struct pki_dn *dn, long days, pki_x509 **out,
    struct pki_error *err)
{
	EVP_PKEY *pk = PKEY(key);
	X509 *x = X509_new();
	X509_NAME *name = NULL;
	X509V3_CTX ctx;
	time_t now = time(NULL);
	int r = 0;

	*out = NULL;
	if (x == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pki_dn_to_name(dn, &name, err)) != 0)
		goto out;
	if ((r = random_serial(x, err)) != 0)
		goto out;
	if (!X509_set_version(x, X509_VERSION_3) || !X509_set_subject_name(x, name) ||
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
	X509_NAME_free(name);
	X509_free(x);
	return r;
}

int
pki_cert_self_renewed(const pki_key *key, const pki_x509 *old, long days, pki_x509 **out,
    struct pki_error *err)
{
	EVP_PKEY *pk = PKEY(key);
	X509 *x = X509_dup(CX509P(old));
	X509V3_CTX ctx;
	time_t now = time(NULL);
	int i, r = 0;

	*out = NULL;
	if (x == NULL)
		return pki_err_nomem(err);
	if (X509_check_issued(x, x) != X509_V_OK || X509_verify(x, pk) != 1) {
		r = pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The Certificate Authority's certificate is not self-signed with its "
		      "key: only a root's certificate is renewed here; an intermediate's "
		      "is issued again by its root."));
		goto out;
	}
	/* From the same date (what it issued began within its validity, as
	 * the lint's "time" rule wants) until `days` from now. */
	if ((r = random_serial(x, err)) != 0)
		goto out;
	if (ASN1_TIME_set(X509_getm_notAfter(x), now + (time_t)days * 86400) == NULL) {
		r = pki_err_crypto(err, _("Cannot set the validity period"));
		goto out;
	}
	/* The same subject, key and extensions, but an authority key
	 * identifier that names the old serial number: the key's alone. */
	if (X509_get_ext_by_NID(x, NID_subject_key_identifier, -1) < 0) {
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		if ((r = pki_add_ext(x, &ctx, NID_subject_key_identifier, "hash", err)) != 0)
			goto out;
	}
	while ((i = X509_get_ext_by_NID(x, NID_authority_key_identifier, -1)) >= 0)
		X509_EXTENSION_free(X509_delete_ext(x, i));
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	if ((r = pki_add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always", err)) != 0)
		goto out;
	if (X509_sign(x, pk, pki_sign_md(pk)) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the CA certificate"));
		goto out;
	}
	*out = (pki_x509 *)x;
	x = NULL;
out:
	X509_free(x);
	return r;
}
