/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mail.h: the notices the CA sends by email. Each event (a CA configured,
 * requests received, a certificate issued or about to expire) queues a row
 * in the outbox inside its own transaction; a flush later sends the due
 * rows over SMTP and retries the failed ones with backoff.
 */
#ifndef NCPKI_MAIL_H
#define NCPKI_MAIL_H

#include "error.h"
#include "store.h"

struct pki_mail {
	int64_t id;
	char *kind, *recipient, *subject, *state, *last_error;
	int attempts;
	time_t created_at, next_attempt_at, sent_at;
};
void pki_mail_clear(struct pki_mail *m);
void pki_mail_array_free(struct pki_mail **arr, size_t n);

/*
 * Sends the due pending notices over SMTP (all: every pending one, now),
 * outside any transaction; never call it inside another operation. Each
 * outcome is recorded: sent, or a retry later with backoff, or 'failed'
 * after PKI_MAIL_MAX_ATTEMPTS. Without an SMTP server the rows stay pending
 * with last_error saying so. *sent and *failed count this round's rows.
 * Returns non-zero only for database trouble, never for a mail failure.
 */
int pki_mail_flush(pki_store *store, bool all, size_t *sent, size_t *failed, struct pki_error *err);
/*
 * The administrator's digest of new requests. When requests arrived that
 * no digest has listed and the last digest is `interval` seconds old or
 * more (the first request after a quiet period goes at once), queues one
 * "csr-received" notice listing them (a single request reads as the notice
 * of one request always has) and marks them listed, in one transaction.
 * Otherwise *next_due is when it may go (0: nothing waits). *queued says
 * whether a notice was queued; without an administrator's address the
 * requests are marked listed all the same. ncpkid calls it from its sender
 * thread; `csr import` and `mail flush` with PKI_MAIL_DIGEST_INTERVAL.
 */
#define PKI_MAIL_DIGEST_INTERVAL (15 * 60)
int pki_mail_csr_digest(pki_store *store, time_t now, time_t interval, time_t *next_due,
    bool *queued, struct pki_error *err);
/* Every notice, newest first. Caller frees with pki_mail_array_free. */
int pki_mail_list(pki_store *store, struct pki_mail **out, size_t *n, struct pki_error *err);
int pki_mail_get(pki_store *store, int64_t id, struct pki_mail *out, struct pki_error *err);
/* The newest notice of a kind ("ca-configured", "csr-received",
 * "cert-issued"); PKI_ERR_NOT_FOUND when there is none. */
int pki_mail_last(pki_store *store, const char *kind, struct pki_mail *out, struct pki_error *err);
/* Makes notice `id` (0: every pending or failed one) due now; *count is how
 * many. A sent notice: PKI_ERR_INVALID; unknown id: PKI_ERR_NOT_FOUND. */
int pki_mail_retry(pki_store *store, int64_t id, size_t *count, struct pki_error *err);

/*
 * Queues, in one transaction, an 'expiry-notice' email for every certificate
 * not revoked, not expired, not renewed (no later certificate's renewal_of
 * names it), that has a technical contact's email address and whose
 * notAfter is within notice_days of `now`, and marks it (expiry_notice_at)
 * so that it gets only one. *queued is how many were queued. pki_mail_flush
 * sends them.
 */
int pki_expiry_notices_queue(pki_store *store, time_t now, size_t *queued, struct pki_error *err);

#endif /* NCPKI_MAIL_H */
