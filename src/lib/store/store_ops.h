/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_ops.h: the store as an interface. A pki_store is the common head
 * every implementation begins with (its operations, the data directory,
 * what the library keeps per store); the operations are one struct of
 * function pointers, one member per thing the library asks of its
 * database, in the manner of SQLite's sqlite3_io_methods. Callers write
 * store->ops->csr_insert(store, ...); the SQLite implementation is in
 * store/sqlite/, and store.c picks an implementation by the scheme of a
 * database location (only SQLite today, the default).
 */
#ifndef NCPKI_STORE_OPS_H
#define NCPKI_STORE_OPS_H

#include "ncpki.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct pki_ocsp_certid; /* services/ocsp_int.h */
struct pki_ocsp_single;

/* The head of every store; an implementation's own struct begins with it. */
struct pki_store {
	const struct pki_store_ops *ops;
	char *home; /* the data directory */
	char *db_path; /* where the database is, as the implementation names it */
	/* The last thing worth telling the user that did not fail (an SRL
	 * file repaired forward); see pki_store_notice(). */
	char notice[PKI_ERROR_MSG_MAX];
	uint64_t id; /* this process's stores are numbered from 1 */
	char actor[128]; /* audit.c: who acts through this store */
};

/*
 * What ops->changed last saw of one store's database, kept by its caller
 * (zeroed at first; it belongs to the store it was last used with and
 * starts afresh with another one). The fields after store_id are the
 * implementation's (SQLite: PRAGMA data_version plus one, its own
 * sqlite3_total_changes64(), and the WAL index's header).
 */
struct pki_store_watch {
	uint64_t store_id;
	int64_t data_version, total_changes;
	const volatile unsigned char *wal_index;
	bool wal_tried;
	unsigned char wal_hdr[48];
};

/* The CA's configuration row. */
struct pki_ca_row {
	char *root, *dir, *subject, *key_desc;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	int64_t not_before, not_after, configured_at;
	long ca_days, issue_days;
	char *smtp_server, *smtp_user, *smtp_password, *admin_email;
	bool created_new;
	unsigned char *cert_der; /* the CA certificate, for readers without the media */
	size_t cert_len;
	long crl_days; /* the CRL period */
	char *crl_url, *ocsp_url, *ca_issuers_url; /* "" when unset */
	char *chain_pem; /* an intermediate's issuing chain, "" for a root */
	bool random_serial; /* serial_mode 'random' */
	char *smtp_insecure_host; /* plain SMTP allowed to this host, "" none */
};
void pki_ca_row_clear(struct pki_ca_row *r);

/* A certificate due an expiry notice (expiry.c). */
struct pki_expiry_due {
	uint64_t serial;
	char *file_root, *subject, *email;
	time_t not_after;
};
void pki_expiry_due_free(struct pki_expiry_due *d, size_t n);

/* A pending outbox row a flush sends: next_at is the time it was due, as read. */
struct pki_outbox_due {
	int64_t id, next_at;
	int attempts;
	char *recipient, *subject, *body;
};
void pki_outbox_due_free(struct pki_outbox_due *d, size_t n);

/* `ncpki check` (check.c, crypto_check.c). Rows point into the
 * implementation's own memory: valid only during the callback. */
struct pki_check_cert {
	uint64_t serial;
	const char *serial_number; /* random serial mode, else NULL */
	const char *usage, *sha1, *sha256;
	time_t not_before, not_after, revoked_at;
	const void *der;
	size_t der_len;
};
struct pki_check_crl {
	uint64_t number;
	time_t this_update, next_update;
	size_t revoked_count;
	const void *der;
	size_t der_len;
};

/* The callbacks of the operations that walk rows: each stops the walk at
 * its first non-zero return, which the operation returns. */
typedef int (
    *pki_check_cert_fn)(void *ctx, const struct pki_check_cert *row, struct pki_error *err);
typedef int (*pki_check_crl_fn)(void *ctx, const struct pki_check_crl *row, struct pki_error *err);
typedef int (*pki_revoked_fn)(void *ctx, uint64_t serial, const char *serial_number,
    time_t revoked_at, int reason, time_t invalidity_date, struct pki_error *err);
typedef int (*pki_audit_fn)(void *ctx, const struct pki_audit_entry *e, struct pki_error *err);

/*
 * The operations. Each returns 0 or a PKI_ERR_* code with err filled
 * (PKI_ERR_BUSY when the database stayed locked, PKI_ERR_DB otherwise),
 * unless said otherwise; out-parameters are the caller's to free.
 * Writes happen inside the caller's transaction (tx_begin ... tx_commit).
 */
struct pki_store_ops {
	const char *scheme; /* the database location's scheme: "sqlite" */

	/* --- the store itself */
	/* Opens (creating and migrating as needed) the database of the data
	 * directory home, which exists; location is the database's (NULL:
	 * the implementation's default). Allocates the whole store. */
	int (*open)(const char *home, const char *location, pki_store **out, struct pki_error *err);
	/* Frees what open allocated, the store included. */
	void (*close)(pki_store *s);
	int (*schema_version)(pki_store *s); /* -1 when it cannot be read */
	/* Whether anything was committed since w was last passed with this
	 * store: by another connection or through this one. True the first time. */
	bool (*changed)(pki_store *s, struct pki_store_watch *w);

	/* --- transactions */
	int (*tx_begin)(pki_store *s, bool write, struct pki_error *err);
	int (*tx_commit)(pki_store *s, struct pki_error *err);
	void (*tx_rollback)(pki_store *s);
	/* One item of a group inside the open transaction (csr_batch.c): its
	 * savepoint, then either undo the item alone, or keep it; release
	 * ends the savepoint in both cases. Not nested. */
	int (*tx_savepoint)(pki_store *s, struct pki_error *err);
	int (*tx_savepoint_undo)(pki_store *s, struct pki_error *err);
	int (*tx_savepoint_release)(pki_store *s, struct pki_error *err);

	/* --- the CA's configuration: the row whole, then typed setters */
	int (*ca_get)(pki_store *s, struct pki_ca_row *out, struct pki_error *err);
	int (*ca_put)(pki_store *s, const struct pki_ca_row *r, struct pki_error *err);
	/* Empties the CA's tables for a new CA. */
	int (*reinit)(pki_store *s, struct pki_error *err);
	int (*counts)(pki_store *s, size_t *pending, size_t *issued, struct pki_error *err);
	/* The setters below are PKI_ERR_NOT_CONFIGURED without a CA. */
	int (*ca_set_serial_mode)(pki_store *s, bool random_serial, struct pki_error *err);
	/* The CA's own certificate renewed (same key and subject): the row's
	 * certificate, fingerprints and validity from r; nothing else. */
	int (*ca_set_cert)(pki_store *s, const struct pki_ca_row *r, struct pki_error *err);
	int (*ca_set_notice_days)(pki_store *s, long days, struct pki_error *err); /* 0: none */
	int (*ca_notice_days)(pki_store *s, long *days, struct pki_error *err);
	int (*ca_ocsp_signer)(pki_store *s, uint64_t *serial, struct pki_error *err); /* 0: none */
	int (*ca_set_ocsp_signer)(pki_store *s, uint64_t serial, struct pki_error *err);
	/* What the OCSP responder follows: the CA's SHA-256 fingerprint and
	 * the signer ("" and 0 without a CA). */
	int (*ca_ocsp_config)(pki_store *s, char sha256[PKI_FP_SHA256_SIZE], uint64_t *serial,
	    struct pki_error *err);
	int (*ca_set_crl_days)(pki_store *s, long days, struct pki_error *err);
	int (*ca_set_urls)(pki_store *s, const char *crl_url, const char *ocsp_url,
	    const char *ca_issuers_url, struct pki_error *err);
	/* The administrator's address and the last digest's time (caller frees). */
	int (*ca_digest_state)(pki_store *s, char **admin_email, time_t *digest_at,
	    struct pki_error *err);
	int (*ca_set_digest_at)(pki_store *s, time_t now, struct pki_error *err);
	/* Empties the SMTP password once the password has its file. */
	int (*ca_clear_smtp_password)(pki_store *s, struct pki_error *err);

	/* --- certificate signing requests */
	int (*csr_insert)(pki_store *s, struct pki_csr_info *info, const unsigned char *der,
	    size_t der_len, struct pki_error *err);
	int (
	    *csr_find_sha256)(pki_store *s, const char *sha256, int64_t *id, struct pki_error *err);
	/* The pending requests, without their PEM. */
	int (*csr_list)(pki_store *s, struct pki_csr_info **out, size_t *n, struct pki_error *err);
	/* The request's info and its DER; der may be NULL when only the info
	 * is wanted, and then the info has the PEM (else pem is NULL). */
	int (*csr_get)(pki_store *s, int64_t id, struct pki_csr_info *info, unsigned char **der,
	    size_t *der_len, struct pki_error *err);
	int (*csr_delete)(pki_store *s, int64_t id, struct pki_error *err);
	int (*csr_ids)(pki_store *s, int64_t **ids, size_t *n, struct pki_error *err);
	int (*csr_count)(pki_store *s, size_t *n, struct pki_error *err);
	/* Pending requests from `submitter` and for the contact (by `email`,
	 * else by `name`, without case); an empty value counts 0. */
	int (*csr_pending_counts)(pki_store *s, const char *submitter, const char *email,
	    const char *name, size_t *by_submitter, size_t *by_contact, struct pki_error *err);
	/* At most max of the requests no digest has listed, oldest first,
	 * and how many there are in all; csr_mark_notified marks them all. */
	int (*csr_unnotified)(pki_store *s, size_t max, struct pki_csr_info **out, size_t *n,
	    size_t *total, struct pki_error *err);
	int (*csr_mark_notified)(pki_store *s, struct pki_error *err);
	int (*csr_set_submitter)(pki_store *s, int64_t id, const char *submitter,
	    struct pki_error *err);

	/* --- issued certificates */
	int (*cert_insert)(pki_store *s, const struct pki_cert_info *info, const unsigned char *der,
	    size_t der_len, struct pki_error *err);
	int (*cert_max_serial)(pki_store *s, uint64_t *max, struct pki_error *err);
	int (*cert_list)(pki_store *s, const struct pki_cert_filter *f, struct pki_cert_info **out,
	    size_t *n, struct pki_error *err);
	int (*cert_get)(pki_store *s, uint64_t serial, struct pki_cert_info *out,
	    unsigned char **der, size_t *der_len, struct pki_error *err);
	/* Not revoked, notAfter before `before`, soonest first; limit 0: all. */
	int (*cert_expiring)(pki_store *s, time_t before, size_t limit, struct pki_cert_info **out,
	    size_t *n, struct pki_error *err);
	/* How many of those, up to cap (*more: more than cap). */
	int (*cert_expiring_count)(pki_store *s, time_t before, size_t cap, size_t *n, bool *more,
	    struct pki_error *err);
	/* Not revoked, not renewed, never noticed, with a contact email,
	 * notAfter in (now, until], soonest first. */
	int (*cert_expiry_due)(pki_store *s, time_t now, time_t until, struct pki_expiry_due **out,
	    size_t *n, struct pki_error *err);
	/* Records that the certificate's notice was queued at `now`. */
	int (*cert_expiry_mark)(pki_store *s, uint64_t serial, time_t now, struct pki_error *err);

	/* --- search: the listing's pages (pki_cert_page_read, pki_cert_count) */
	/* The certificate `c` into the search index (same transaction). */
	int (*search_add)(pki_store *s, const struct pki_cert_info *c, struct pki_error *err);
	int (*cert_page_read)(pki_store *s, const struct pki_cert_query *q,
	    struct pki_cert_page *out, struct pki_error *err);
	int (*cert_count)(pki_store *s, const struct pki_cert_query *q, size_t cap, size_t *n,
	    bool *more, struct pki_error *err);

	/* --- revocation and CRLs */
	/* PKI_ERR_NOT_FOUND when there is no such certificate. */
	int (*cert_revocation)(pki_store *s, uint64_t serial, time_t *revoked_at, int *reason,
	    struct pki_error *err);
	int (*cert_set_revoked)(pki_store *s, uint64_t serial, time_t revoked_at, int reason,
	    time_t invalidity_date, struct pki_error *err);
	int (*cert_release_hold)(pki_store *s, uint64_t serial, time_t now, struct pki_error *err);
	/* fn for each revoked certificate in serial order. */
	int (*revoked_each)(pki_store *s, pki_revoked_fn fn, void *ctx, struct pki_error *err);
	int (*crl_next_number)(pki_store *s, uint64_t *next, struct pki_error *err);
	int (*crl_insert)(pki_store *s, const struct pki_crl_info *info, const unsigned char *der,
	    size_t der_len, struct pki_error *err);
	/* Drops all but the newest few CRLs (newest is the one just stored). */
	int (*crl_prune)(pki_store *s, uint64_t newest, struct pki_error *err);
	/* der may be NULL. PKI_ERR_NOT_FOUND when there is no CRL. */
	int (*crl_latest)(pki_store *s, struct pki_crl_info *info, unsigned char **der,
	    size_t *der_len, struct pki_error *err);

	/* --- OCSP: the status of the certificate id names (unknown when
	 * none is found) */
	int (*ocsp_status)(pki_store *s, const struct pki_ocsp_certid *id,
	    struct pki_ocsp_single *out, struct pki_error *err);

	/* --- the audit trail */
	int (*audit_last)(pki_store *s, int64_t *id, char hash[PKI_AUDIT_HASH_SIZE],
	    struct pki_error *err);
	int (*audit_insert)(pki_store *s, const struct pki_audit_entry *e, struct pki_error *err);
	int (*audit_each)(pki_store *s, pki_audit_fn fn, void *ctx, struct pki_error *err);
	int (*audit_page)(pki_store *s, const struct pki_audit_filter *f, pki_audit_fn fn,
	    void *ctx, struct pki_error *err);
	/* Appends a seal; the rows must be sealed in order. */
	int (*audit_seal_insert)(pki_store *s, int64_t id, const char *mac, struct pki_error *err);
	/* The newest entry that predates the keyed chain (schema version 8)
	 * and the directory of the audit key (*key_dir NULL until the first
	 * seal; caller frees; key_dir may be NULL). */
	int (*audit_keyed)(pki_store *s, int64_t *legacy, char **key_dir, struct pki_error *err);
	int (*audit_key_dir_set)(pki_store *s, const char *dir, struct pki_error *err);

	/* --- the mail outbox */
	/* One pending row, created at `now` (checked by pki_mail_enqueue). */
	int (*outbox_insert)(pki_store *s, const char *kind, const char *recipient,
	    const char *subject, const char *body, time_t now, struct pki_error *err);
	/* At most max pending rows due at `now` (all: due or not), oldest first. */
	int (*outbox_due)(pki_store *s, bool all, time_t now, size_t max,
	    struct pki_outbox_due **out, size_t *n, struct pki_error *err);
	/* Moves row id's next attempt to `until` if it is still pending and
	 * due at `seen`: *claimed when it was (another flusher then skips it). */
	int (*outbox_claim)(pki_store *s, int64_t id, int64_t seen, int64_t until, bool *claimed,
	    struct pki_error *err);
	int (*outbox_sent)(pki_store *s, int64_t id, int64_t now, struct pki_error *err);
	/* Row id failed its attempts-th try: retried at `next`, 'failed' from max on. */
	int (*outbox_failed)(pki_store *s, int64_t id, int attempts, int max, const char *error,
	    int64_t next, struct pki_error *err);
	/* Why pending row id waits, without counting a try. */
	int (*outbox_note)(pki_store *s, int64_t id, const char *error, struct pki_error *err);
	/* Every row, newest first; row id; the newest of a kind (PKI_ERR_NOT_FOUND). */
	int (*outbox_list)(pki_store *s, struct pki_mail **out, size_t *n, struct pki_error *err);
	int (*outbox_get)(pki_store *s, int64_t id, struct pki_mail *out, struct pki_error *err);
	int (*outbox_last)(pki_store *s, const char *kind, struct pki_mail *out,
	    struct pki_error *err);
	/* Pending and failed rows (id 0: all of them) due again at `now`;
	 * *changed: how many. */
	int (*outbox_retry)(pki_store *s, int64_t id, time_t now, int *changed,
	    struct pki_error *err);

	/* --- the CA client's configuration */
	/* The stored row as it is (dir not resolved). PKI_ERR_NOT_CONFIGURED if none. */
	int (*client_get)(pki_store *s, struct pki_client_config *c, struct pki_error *err);
	/* Writes the row whole (configured_at included), creating it if need be. */
	int (*client_put)(pki_store *s, const struct pki_client_config *c, struct pki_error *err);
	/* The CA certificate pinned: its file name root and SHA-256 fingerprint. */
	int (*client_pin)(pki_store *s, const char *file_root, const char *sha256,
	    struct pki_error *err);

	/* --- `ncpki check` */
	/* The database's own consistency check: *problem (caller frees) says
	 * what is wrong, NULL when nothing is. */
	int (*integrity)(pki_store *s, char **problem, struct pki_error *err);
	int (*check_certs)(pki_store *s, pki_check_cert_fn fn, void *ctx, struct pki_error *err);
	int (*check_crls)(pki_store *s, pki_check_crl_fn fn, void *ctx, struct pki_error *err);
};

/* The implementations (store/sqlite/, ...). */
extern const struct pki_store_ops pki_store_sqlite_ops;
#ifdef HAVE_POSTGRESQL
/* store/pg/: "postgresql://..." and its alias "postgres://..." */
extern const struct pki_store_ops pki_store_pg_ops, pki_store_postgres_ops;
#endif

/*
 * pki_open with the database at `location`, whose scheme ("sqlite:",
 * later "postgresql://") picks the implementation; NULL: the default
 * (SQLite, HOME/ncpki.db).
 */
int pki_store_open(const char *home, const char *location, pki_store **out, struct pki_error *err);

#endif /* NCPKI_STORE_OPS_H */
