/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * issue.h: issuing, the step from a pending request (csr.h) to an issued
 * certificate (cert.h). It takes the signer, the CA key and certificate
 * unlocked with the key's password; only libncpki_sign (src/lib/sign/)
 * opens that key, so a program that does not link it cannot issue.
 */
#ifndef NCPKI_ISSUE_H
#define NCPKI_ISSUE_H

#include "cert.h"
#include "error.h"
#include "store.h"

/* ------------------------------------------------------------------ signer */

/* The unlocked CA key and certificate. Only libncpki_sign (src/lib/sign/)
 * opens and holds the key; pki_signer_open and its kin are its own. */
typedef struct pki_signer pki_signer;

/*
 * Unlocks the configured CA's key with its password (NULL/0 for an
 * unencrypted key). PKI_ERR_KEY_UNAVAILABLE if the key file is not there
 * (media not mounted), PKI_ERR_PASSWORD if the password is wrong.
 */
int pki_signer_open(pki_store *store, const char *password, size_t len, pki_signer **out,
    struct pki_error *err);
void pki_signer_close(pki_signer **s);
/*
 * The same in two steps: _start checks the files and starts deriving the
 * key from the password on another thread (the password is copied, the
 * caller may clear its own); _finish waits for it and gives what
 * pki_signer_open would have. A caller lists what it is about to sign
 * meanwhile, on the same store. _cancel drops a started unlock.
 */
typedef struct pki_signer_pending pki_signer_pending;
int pki_signer_open_start(pki_store *store, const char *password, size_t len,
    pki_signer_pending **out, struct pki_error *err);
int pki_signer_open_finish(pki_store *store, pki_signer_pending *pd, pki_signer **out,
    struct pki_error *err);
void pki_signer_open_cancel(pki_signer_pending **pd);

/* ----------------------------------------------------------------- issuing */

/* Issues one pending CSR: one transaction; the CSR leaves the pending list. */
int pki_csr_issue(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    struct pki_cert_info *out, struct pki_error *err);

/*
 * Issues many pending CSRs in one transaction (one SRL update, one commit):
 * all or none. n == 0 with ids == NULL means every pending CSR.
 * *issued is how many certificates were stored.
 */
int pki_csr_issue_batch(pki_store *store, pki_signer *signer, const int64_t *ids, size_t n,
    enum pki_usage usage, size_t *issued, struct pki_error *err);

/*
 * Issues request csr_id with the Intermediate Certificate Authority usage
 * and pathLenConstraint `pathlen` (0-PKI_PATHLEN_MAX; pki_csr_issue gives
 * 0). Refused when this CA's own constraint does not leave room for it:
 * pathlen at most this CA's pathlen - 1, none at all under pathlen 0.
 */
#define PKI_PATHLEN_MAX 8
int pki_csr_issue_pathlen(pki_store *store, pki_signer *signer, int64_t csr_id, int pathlen,
    struct pki_cert_info *out, struct pki_error *err);
/*
 * pki_csr_issue with a validity asked for this certificate: days from 1
 * to pki_usage_max_days(usage), and not past the CA certificate's notAfter
 * (both refused with the limit in the message; days 0: the CA's default
 * validity, cut at the CA certificate's end); pathlen as
 * pki_csr_issue_pathlen for an intermediate, else 0.
 */
int pki_csr_issue_for_days(pki_store *store, pki_signer *signer, int64_t csr_id,
    enum pki_usage usage, long days, int pathlen, struct pki_cert_info *out, struct pki_error *err);

#endif /* NCPKI_ISSUE_H */
