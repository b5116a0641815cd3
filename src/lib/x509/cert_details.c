/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cert_details.c: what an issued certificate says beyond its row, for a
 * person to read (the console's details dialog): its key, its signature
 * algorithm and its extensions (basic constraints with the path length,
 * key usages, extended key usages), read from the certificate itself.
 */
#include "x509/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

/* RFC 5280 4.2.1.3, in the order of its bits. */
static const struct {
	uint32_t bit;
	const char *name;
} key_usages[] = {
	{ KU_DIGITAL_SIGNATURE, "digitalSignature" },
	{ KU_NON_REPUDIATION, "contentCommitment" },
	{ KU_KEY_ENCIPHERMENT, "keyEncipherment" },
	{ KU_DATA_ENCIPHERMENT, "dataEncipherment" },
	{ KU_KEY_AGREEMENT, "keyAgreement" },
	{ KU_KEY_CERT_SIGN, "keyCertSign" },
	{ KU_CRL_SIGN, "cRLSign" },
	{ KU_ENCIPHER_ONLY, "encipherOnly" },
	{ KU_DECIPHER_ONLY, "decipherOnly" },
};

/* Appends name to buf (size bytes) after ", " when buf is not empty. */
static void
append(char *buf, size_t size, const char *name)
{
	size_t n = strlen(buf);

	if (n < size)
		snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "", name);
}

int
pki_cert_details(const char *pem, struct pki_cert_details *out, struct pki_error *err)
{
	pki_x509 *px = NULL;
	EXTENDED_KEY_USAGE *eku = NULL;
	X509 *x;
	char *key = NULL, name[80];
	uint32_t flags, ku;
	int r, nid;

	memset(out, 0, sizeof *out);
	out->pathlen = -1;
	if (pem == NULL || pem[0] == '\0')
		return pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The certificate's contents are not stored"));
	if ((r = pki_x509_load((const unsigned char *)pem, strlen(pem), &px, NULL, err)) != 0)
		return r;
	x = X509P(px);
	if ((key = pki_x509_key_desc(px)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	snprintf(out->key, sizeof out->key, "%s", key);
	nid = X509_get_signature_nid(x);
	snprintf(out->sig_alg, sizeof out->sig_alg, "%s", nid != NID_undef ? OBJ_nid2ln(nid) : "?");
	flags = X509_get_extension_flags(x);
	out->has_basic_constraints = X509_get_ext_by_NID(x, NID_basic_constraints, -1) >= 0;
	out->ca = (flags & EXFLAG_CA) != 0;
	out->pathlen = out->ca ? X509_get_pathlen(x) : -1;
	if ((flags & EXFLAG_KUSAGE) != 0) {
		ku = X509_get_key_usage(x);
		for (size_t i = 0; i < sizeof key_usages / sizeof key_usages[0]; i++)
			if (ku & key_usages[i].bit)
				append(out->key_usage, sizeof out->key_usage, key_usages[i].name);
	}
	if ((eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL)) != NULL)
		for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
			const ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);

			/* serverAuth, clientAuth, codeSigning...; else the OID */
			if ((nid = OBJ_obj2nid(o)) != NID_undef)
				snprintf(name, sizeof name, "%s", OBJ_nid2sn(nid));
			else
				OBJ_obj2txt(name, sizeof name, o, 1);
			append(out->ext_key_usage, sizeof out->ext_key_usage, name);
		}
	r = 0;
out:
	EXTENDED_KEY_USAGE_free(eku);
	free(key);
	pki_x509_free(&px);
	ERR_clear_error();
	return r;
}
