/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * revoke.h: revocation and the CRL. A certificate is revoked with an RFC
 * 5280 reason (certificateHold can be taken back), its row stays, and
 * every change signs a new CRL in the same transaction; the newest CRL is
 * served by the web service and exported as a file. Here too: the status
 * of a certificate at a given time (valid, revoked, on hold, expired).
 */
#ifndef NCPKI_REVOKE_H
#define NCPKI_REVOKE_H

#include "cert.h"
#include "error.h"
#include "issue.h"
#include "store.h"

/* RFC 5280 CRLReason codes; 7 is unused and removeFromCRL (8) is not a
 * reason to revoke. */
enum pki_reason {
	PKI_REASON_UNSPECIFIED = 0,
	PKI_REASON_KEY_COMPROMISE = 1,
	PKI_REASON_CA_COMPROMISE = 2,
	PKI_REASON_AFFILIATION_CHANGED = 3,
	PKI_REASON_SUPERSEDED = 4,
	PKI_REASON_CESSATION_OF_OPERATION = 5,
	PKI_REASON_CERTIFICATE_HOLD = 6,
	PKI_REASON_PRIVILEGE_WITHDRAWN = 9,
	PKI_REASON_AA_COMPROMISE = 10,
};
/* "keyCompromise" (RFC 5280 spelling, any case, '-' and '_' ignored). */
int pki_reason_parse(const char *name, int *out);
const char *pki_reason_name(int reason); /* "keyCompromise"; "?" if unknown */
/* The reason in the user's language, lower case ("key compromise"). */
const char *pki_reason_label(int reason);

enum pki_cert_status {
	PKI_CERT_VALID,
	PKI_CERT_REVOKED,
	PKI_CERT_ON_HOLD,
	PKI_CERT_EXPIRED,
};
enum pki_cert_status pki_cert_status(const struct pki_cert_info *c, time_t now);
const char *pki_cert_status_name(enum pki_cert_status s); /* "valid", "on hold" */
const char *pki_cert_status_label(enum pki_cert_status s); /* translated */

struct pki_crl_info {
	uint64_t number; /* the cRLNumber: grows with every CRL */
	time_t this_update, next_update;
	size_t revoked_count;
	size_t der_len;
};

/*
 * Revokes certificate `serial` with `reason` (enum pki_reason) and, when not
 * 0, the invalidity date; the certificate's row stays. A certificate
 * already revoked is refused (PKI_ERR_INVALID) unless it is on hold and the
 * new reason is a permanent one. The CRL is regenerated in the same
 * transaction; crl (may be NULL) describes it.
 */
int pki_cert_revoke(pki_store *store, pki_signer *signer, uint64_t serial, int reason,
    time_t invalidity_date, struct pki_crl_info *crl, struct pki_error *err);
/* Takes a certificateHold back; the serial leaves the new CRL. */
int pki_cert_release_hold(pki_store *store, pki_signer *signer, uint64_t serial,
    struct pki_crl_info *crl, struct pki_error *err);
/* Signs and stores a new CRL of every revoked certificate. */
int pki_crl_generate(pki_store *store, pki_signer *signer, struct pki_crl_info *out,
    struct pki_error *err);
/* The newest CRL, DER or PEM, without the key (ncpkid). PKI_ERR_NOT_FOUND
 * when none was generated yet. Caller frees *data; info may be NULL. */
int pki_crl_latest(pki_store *store, bool pem, unsigned char **data, size_t *len,
    struct pki_crl_info *info, struct pki_error *err);
/* Writes the newest CRL to path (temp, fsync, rename); info may be NULL. */
int pki_crl_export(pki_store *store, const char *path, bool pem, struct pki_crl_info *info,
    struct pki_error *err);

#endif /* NCPKI_REVOKE_H */
