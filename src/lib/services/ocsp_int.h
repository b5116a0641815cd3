/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ocsp_int.h: what the OCSP files of the library share: ocsp.c (setting up
 * the delegated signer), ocsp_responder.c (the responder and its cache of
 * pre-signed responses, in plain C) and crypto_ocsp.c (the OpenSSL side:
 * parsing requests, signing responses) behind plain types.
 */
#ifndef NCPKI_OCSP_INT_H
#define NCPKI_OCSP_INT_H

#include "internal.h"

/* The service's directory in the data directory and the signer's files. */
#define PKI_OCSP_DIR "ncpkid"
#define PKI_OCSP_ROOT "ocsp"

/* The encoding of one CertID kept as a cache key; longer ones are answered
 * but not cached (SHA-512 hashes and a 20-byte serial fit). */
#define PKI_OCSP_CERTID_MAX 200

/* The signer: its key, its certificate and the CA's hashes per algorithm. */
typedef struct pki_ocsp_key pki_ocsp_key;

/*
 * key_file: the PEM or DER private key (unencrypted); cert_der: the
 * signer's certificate; ca_der: the CA's. PKI_ERR_MISMATCH when the key is
 * not the certificate's or the certificate is not the CA's OCSP signer.
 */
int pki_ocsp_key_new(const unsigned char *key_file, size_t key_len, const unsigned char *cert_der,
    size_t cert_len, const unsigned char *ca_der, size_t ca_len, pki_ocsp_key **out,
    struct pki_error *err);
void pki_ocsp_key_free(pki_ocsp_key **k);
time_t pki_ocsp_key_not_after(const pki_ocsp_key *k);

struct pki_ocsp_certid {
	bool ours; /* issuerNameHash and issuerKeyHash are this CA's */
	bool serial_ok; /* the serial is in 1 .. 2^63-1 */
	uint64_t serial;
	/* Otherwise a positive serial of up to 20 octets, hexadecimal: looked
	 * up among random serial numbers; "" when unusable. */
	char serial_number[PKI_SERIAL_HEX_SIZE];
	size_t der_len; /* 0: too long to be a cache key */
	unsigned char der[PKI_OCSP_CERTID_MAX];
};
struct pki_ocsp_req {
	void *req; /* OCSP_REQUEST */
	size_t n;
	struct pki_ocsp_certid *ids;
	bool nonce;
};
/* 0, or PKI_ERR_INVALID (malformedRequest), PKI_ERR_NOMEM. */
int pki_ocsp_req_parse(const pki_ocsp_key *k, const unsigned char *der, size_t len,
    struct pki_ocsp_req *out);
void pki_ocsp_req_clear(struct pki_ocsp_req *q);

/* What the database says of one certificate. */
struct pki_ocsp_single {
	int status; /* enum pki_ocsp_cert_status */
	time_t revoked_at;
	int reason; /* enum pki_reason */
	time_t invalidity_date; /* 0: none */
};
/*
 * A signed, successful OCSPResponse for the request's certificates, in
 * order (s[i] for q->ids[i]); the nonce is echoed when the request has one
 * and echo_nonce is set. Caller frees *der.
 */
int pki_ocsp_sign(const pki_ocsp_key *k, const struct pki_ocsp_req *q,
    const struct pki_ocsp_single *s, bool echo_nonce, time_t this_update, time_t next_update,
    unsigned char **der, size_t *len, struct pki_error *err);

/* HOME/ncpkid/ROOT.EXT; caller frees. */
char *pki_ocsp_path(pki_store *s, const char *root, const char *ext);

#endif
