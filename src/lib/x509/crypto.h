/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto.h: what crypto*.c and signer.c share in OpenSSL's own types. The
 * rest of the library sees only the opaque pki_key and pki_x509.
 */
#ifndef NCPKI_CRYPTO_H
#define NCPKI_CRYPTO_H

#include "internal.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define PKEY(k) ((EVP_PKEY *)(k))
#define CPKEY(k) ((const EVP_PKEY *)(k))
#define X509P(x) ((X509 *)(x))
#define CX509P(x) ((const X509 *)(x))

/* The subject as ncpki issues it: each value a PrintableString or a
 * UTF8String (IA5String for an emailAddress or domainComponent), a
 * BMPString, T61String or UniversalString converted to UTF8String, the
 * country a PrintableString. *out NULL when in needs no conversion (the
 * request's bytes are then issued as they are); else caller frees. */
int pki_name_normalize(const X509_NAME *in, X509_NAME **out, struct pki_error *err);
/* "DNS:a.example, IP:192.0.2.1"; caller frees. */
char *pki_gens_describe(const GENERAL_NAMES *gens);
/* Checks each name is of an issued kind and well formed. */
int pki_gens_check(const GENERAL_NAMES *gens, struct pki_error *err);
char *pki_name_string(const X509_NAME *name);
char *pki_pkey_desc(const EVP_PKEY *pk);
/* The digest to sign with for this key (NULL for EdDSA). */
const EVP_MD *pki_sign_md(const EVP_PKEY *pk);
time_t pki_asn1_time(const ASN1_TIME *t);
/* Adds one extension from its openssl-config text. */
int pki_add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value, struct pki_error *err);
/*
 * The parts of a stored request that a certificate takes, read without
 * decoding the public key (OpenSSL 3's key decoders cost more than an
 * ECDSA signature). Only for requests already checked at intake.
 */
struct pki_req_parts {
	X509_NAME *subject;
	X509_ALGOR *key_alg;
	ASN1_BIT_STRING *key_bits;
	GENERAL_NAMES *sans; /* NULL when none requested */
	const unsigned char *spki; /* the SubjectPublicKeyInfo's DER, in the request's */
	size_t spki_len;
};
/* DER walking (crypto_csr.c): steps into the constructed TLV at *p of the
 * given tag and class (false, *p unchanged, when it is not that); *end is
 * its end. */
bool pki_der_enter(const unsigned char **p, const unsigned char *limit, int want_tag,
    int want_class, const unsigned char **end);
int pki_req_parts_parse(const unsigned char *der, size_t len, struct pki_req_parts *out,
    struct pki_error *err);
void pki_req_parts_clear(struct pki_req_parts *p);

/* DER written directly (crypto.c): a growing buffer that remembers a
 * failed allocation (check `failed` once at the end). */
struct pki_der {
	unsigned char *p;
	size_t len, cap;
	bool failed;
};
void pki_der_put(struct pki_der *b, const void *data, size_t n);
void pki_der_header(struct pki_der *b, unsigned char tag, size_t len); /* tag, length */
void pki_der_tlv(struct pki_der *b, unsigned char tag, const void *v, size_t n);
/* Wraps what b holds from offset `from` on in a TLV of this tag. */
void pki_der_wrap(struct pki_der *b, size_t from, unsigned char tag);
/* A Time TLV: UTCTime 1950-2049, else (or always when generalized)
 * GeneralizedTime; returns its length. */
size_t pki_der_time(unsigned char out[17], time_t t, bool generalized);
/* Builds the TBSCertificate of a leaf or intermediate from a request, for
 * signer.c to lint and sign: DER written directly, signed with
 * the AlgorithmIdentifier alg; the names as text for the row. */
struct pki_tbs_out {
	unsigned char *der; /* malloc'd */
	size_t len;
	time_t not_before, not_after;
	char *sans; /* the subjectAltName put in, as text; malloc'd */
};
int pki_tbs_build(const X509 *ca, const struct pki_req_parts *req, const struct pki_issue_req *ir,
    const unsigned char *alg, size_t alg_len, struct pki_tbs_out *out, struct pki_error *err);
int pki_dn_to_name(const struct pki_dn *dn, X509_NAME **out, struct pki_error *err);
/* A request's DER, alone: v1, nothing after the signature or the request. */
int pki_req_from_der(const unsigned char *der, size_t len, X509_REQ **out, struct pki_error *err);
/* A request file as the common tools write it (crypto_csr.c): DER, or one
 * PEM request block with text around it, a UTF-8 BOM, CRLF. The one reader
 * of outside requests: intake (CLI, web service, console) and the client. */
int pki_req_read(const unsigned char *data, size_t len, X509_REQ **out, struct pki_error *err);
/* The requested subjectAltName, or NULL when there is none; caller frees. */
int pki_req_sans(X509_REQ *req, GENERAL_NAMES **out, struct pki_error *err);

/* keycheck.c: RSA modulus, exponent, small factors and ROCA; EC point. */
int pki_key_check(const EVP_PKEY *pk, struct pki_error *err);
/* lint.c: lint before sign (rules at the top of lint.c). x is built, not
 * yet signed (its TBS signature algorithm is set to a placeholder);
 * subject is the request's validated subject (or NULL). */
int pki_lint_tbs(X509 *x, const X509 *issuer, const X509_NAME *subject, enum pki_usage u,
    struct pki_error *err);
/* The same on the TBSCertificate bytes to be signed (signer.c). */
int pki_lint_tbs_der(const unsigned char *tbs, size_t len, const X509 *issuer,
    const X509_NAME *subject, enum pki_usage u, struct pki_error *err);
/* After the CA's signature: its algorithm. */
int pki_lint_final(X509 *x, struct pki_error *err);
/* A name's attribute value of this ASN.1 string type (V_ASN1_*) holds
 * what the type allows: UTF-8 (RFC 3629), PrintableString's alphabet, IA5,
 * NumericString, BMP without surrogates, UniversalString code points,
 * T61String; other types are refused. The lint's subject rule and the
 * intake's check of a request's subject. */
bool pki_name_value_ok(int type, const unsigned char *s, size_t n);
/* The same rule on the algorithm the CA signs with. */
int pki_lint_sigalg(const X509_ALGOR *alg, struct pki_error *err);
/* Every rule, on a signed certificate x decoded from der (ncpki check). */
int pki_lint_cert(X509 *x, const unsigned char *der, size_t len, const X509 *issuer,
    const X509_NAME *subject, enum pki_usage u, struct pki_error *err);

/* crypto_crl.c, for signer.c: the TBSCertList with the signature's
 * AlgorithmIdentifier (DER) in it, then the signed CertificateList (the
 * same SIGNED{} wrapping makes a Certificate of a TBSCertificate). Each
 * output is malloc'd; caller frees. */
int pki_crl_builder_tbs(pki_crl_builder *b, const unsigned char *alg, size_t alg_len,
    unsigned char **tbs, size_t *tbs_len, struct pki_error *err);
int pki_crl_assemble(const unsigned char *tbs, size_t tbs_len, const unsigned char *alg,
    size_t alg_len, const unsigned char *sig, size_t sig_len, unsigned char **der, size_t *len,
    struct pki_error *err);

/* Random serial numbers: an ASN1_INTEGER's value as upper-case
 * hexadecimal, two digits per octet (what OpenSSL prints); false when it
 * is not positive or longer than 20 octets. */
bool pki_asn1_serial_hex(const ASN1_INTEGER *ai, char hex[PKI_SERIAL_HEX_SIZE]);
/* Sets ai to the value of such a hexadecimal string. */
int pki_asn1_serial_set_hex(ASN1_INTEGER *ai, const char *hex, struct pki_error *err);

#endif
