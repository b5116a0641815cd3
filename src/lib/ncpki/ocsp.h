/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ocsp.h: the OCSP responder (RFC 6960) and its signer. The CA issues a
 * delegated OCSP signing certificate for a key the web service keeps, so
 * that ncpkid answers whether a certificate is good, revoked or unknown
 * without ever holding the CA key; common answers are signed ahead and
 * served from a cache that follows the database.
 */
#ifndef NCPKI_OCSP_H
#define NCPKI_OCSP_H

#include "error.h"
#include "issue.h"
#include "key.h"
#include "store.h"

/* ------------------------------------------------------------------ signer */

/*
 * The delegated OCSP signing certificate (RFC 6960 4.2.2.2): issued by the
 * CA for a key of its own, kept by the web service (HOME/ncpkid/ocsp.key,
 * unencrypted, mode 0600, as ncpkid's TLS key), so that ncpkid answers OCSP
 * without ever holding the CA key. keyUsage digitalSignature, extended key
 * usage OCSPSigning, id-pkix-ocsp-nocheck, a short life.
 */
#define PKI_OCSP_DAYS_DEFAULT 30
#define PKI_OCSP_DAYS_MAX 366

struct pki_ocsp_setup_params {
	enum pki_key_type key_type; /* PKI_KEY_EC_P256 is the fastest to sign */
	long days; /* 0: PKI_OCSP_DAYS_DEFAULT */
};
struct pki_ocsp_signer {
	uint64_t serial;
	char *subject, *key_desc;
	char *key_path, *cer_path; /* HOME/ncpkid/ocsp.key and ocsp.cer */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after;
	bool key_present; /* the key file is there */
	bool renewed; /* setup: a previous signer was replaced */
};
void pki_ocsp_signer_clear(struct pki_ocsp_signer *s);
/*
 * Makes a new OCSP key and has the CA (the unlocked `signer`) issue its
 * certificate, then names it ca_config.ocsp_signer_serial. Running it
 * again renews: a running ncpkid switches to the new signer at its next
 * request. A failure leaves the previous signer in place.
 */
int pki_ocsp_setup(pki_store *store, pki_signer *signer, const struct pki_ocsp_setup_params *p,
    struct pki_ocsp_signer *out, struct pki_error *err);
/* The signer in use; PKI_ERR_NOT_FOUND when none was set up. Caller clears. */
int pki_ocsp_status(pki_store *store, struct pki_ocsp_signer *out, struct pki_error *err);

/* --------------------------------------------------------------- responder */

/* The OCSPResponseStatus values (RFC 6960 4.2.1). */
enum pki_ocsp_resp_status {
	PKI_OCSP_SUCCESSFUL = 0,
	PKI_OCSP_MALFORMED = 1, /* malformedRequest */
	PKI_OCSP_INTERNAL_ERROR = 2,
	PKI_OCSP_TRY_LATER = 3,
	PKI_OCSP_SIG_REQUIRED = 5,
	PKI_OCSP_UNAUTHORIZED = 6,
};
/* CertStatus of one certificate. */
enum pki_ocsp_cert_status { PKI_OCSP_GOOD, PKI_OCSP_REVOKED, PKI_OCSP_UNKNOWN };

/* A DER OCSPRequest above this size is malformed; so is one asking about
 * more than PKI_OCSP_CERTS_MAX certificates. */
#define PKI_OCSP_REQUEST_MAX (16 * 1024)
#define PKI_OCSP_CERTS_MAX 64
/* RFC 8954: a request's nonce is 1 to 32 octets; any other is malformed. */
#define PKI_OCSP_NONCE_MAX 32
/* A response is valid from thisUpdate (its signing time) to thisUpdate +
 * PKI_OCSP_VALIDITY (never past the signer's notAfter); a pre-signed one is
 * signed again once PKI_OCSP_REFRESH old. Seconds. */
#define PKI_OCSP_VALIDITY (4 * 3600)
#define PKI_OCSP_REFRESH 3600
/* Pre-signed responses kept; past it the cache starts afresh. */
#define PKI_OCSP_CACHE_MAX 65536

/*
 * The responder: one for the whole process, shared by every thread (each
 * calling with its own store). It loads the signer named by the database
 * and follows the database: on each request a cheap PRAGMA data_version
 * tells whether another connection (`ncpki cert revoke`, `ncpki ocsp
 * setup`) changed anything, and if so every pre-signed response is checked
 * against its certificate's row before it is served again.
 */
typedef struct pki_ocsp_responder pki_ocsp_responder;
int pki_ocsp_responder_new(pki_ocsp_responder **out, struct pki_error *err);
void pki_ocsp_responder_free(pki_ocsp_responder **r);

/* Why the responder cannot sign, for the front end to say once. */
enum pki_ocsp_problem {
	PKI_OCSP_SIGNER_OK,
	PKI_OCSP_NO_SIGNER, /* none set up (or no CA configured) */
	PKI_OCSP_SIGNER_UNUSABLE, /* key missing or not the certificate's */
	PKI_OCSP_SIGNER_EXPIRED,
};
struct pki_ocsp_answer {
	int status; /* enum pki_ocsp_resp_status */
	int cert_status; /* successful: enum pki_ocsp_cert_status of the first */
	size_t ncerts; /* certificates asked about */
	bool nonce; /* the request had a nonce: signed for it */
	bool cached; /* served pre-signed */
	time_t this_update, next_update; /* successful only */
	int problem; /* enum pki_ocsp_problem */
	uint64_t signer_serial; /* the signing certificate used; 0: none */
};
/*
 * Answers a DER OCSPRequest with a DER OCSPResponse (caller frees *resp).
 * Whatever the request, a response is made: malformedRequest for anything
 * unparsable, unauthorized for a request about another CA's certificates
 * or when there is no usable signer (info->problem says which, and err
 * (may be NULL) explains), else a signed response. Requests without a nonce
 * for one certificate are served pre-signed. Returns non-zero only when no
 * response could be made at all (out of memory). info may be NULL.
 */
int pki_ocsp_respond(pki_ocsp_responder *r, pki_store *store, const unsigned char *req, size_t len,
    unsigned char **resp, size_t *resp_len, struct pki_ocsp_answer *info, struct pki_error *err);
/* The GET form (RFC 6960 A.1): `encoded` is the URL-encoded base64 of the
 * DER request, as it follows ".../ocsp/" in the path. */
int pki_ocsp_respond_get(pki_ocsp_responder *r, pki_store *store, const char *encoded,
    unsigned char **resp, size_t *resp_len, struct pki_ocsp_answer *info, struct pki_error *err);
/*
 * Loads (or reloads) the signer now; fills *out (may be NULL) with it.
 * PKI_ERR_NOT_FOUND when none is set up; another error when it cannot be
 * used. The front end calls it at start to say what it will do.
 */
int pki_ocsp_responder_check(pki_ocsp_responder *r, pki_store *store, struct pki_ocsp_signer *out,
    struct pki_error *err);

#endif /* NCPKI_OCSP_H */
