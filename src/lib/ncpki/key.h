/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * key.h: the types of key pair the library makes and accepts, for a CA, a
 * request, the OCSP signer or the web service, by name and by label.
 */
#ifndef NCPKI_KEY_H
#define NCPKI_KEY_H

enum pki_key_type {
	PKI_KEY_RSA2048,
	PKI_KEY_RSA3072,
	PKI_KEY_RSA4096,
	PKI_KEY_EC_P256,
	PKI_KEY_EC_P384,
	PKI_KEY_ED25519,
	PKI_KEY__COUNT,
};
#define PKI_KEY_DEFAULT PKI_KEY_RSA3072

/* "rsa2048" "rsa3072" "rsa4096" "p256" "p384" "ed25519" (and "ec-p256"...). */
int pki_key_type_parse(const char *name, enum pki_key_type *out);
const char *pki_key_type_name(enum pki_key_type t); /* "rsa3072" */
const char *pki_key_type_label(enum pki_key_type t); /* "RSA 3072" */

#endif /* NCPKI_KEY_H */
