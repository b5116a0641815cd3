/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_int.h: what the store's implementations (sqlite/, pg/) share,
 * private to store/: a row of a query's result read the same way from
 * either database (each implementation gives its accessors and its query
 * function), the columns the shared readers expect, and those readers in
 * store.c: the rows decoded into the library's structs, listed, walked or
 * looked up one at a time, whatever holds the database.
 */
#ifndef NCPKI_STORE_INT_H
#define NCPKI_STORE_INT_H

#include "internal.h"

/*
 * The schema compiled in (data/schema*.sql): sections, each a line
 * "-- @version N" and its SQL. pki_store_schema_next() moves *p (at first
 * the schema) over the next section above version `have`: its version (0
 * when none is left) and *sql its text (caller frees; NULL when out of
 * memory). pki_store_schema_check(): PKI_ERR_DB when the database's
 * version is one this schema does not know yet.
 */
int pki_store_schema_next(const char **p, int have, char **sql);
int pki_store_schema_check(pki_store *s, int version, const char *schema, struct pki_error *err);

/*
 * One row of a query's result. The implementation's accessors read the
 * row it is on; next() moves to the following row (the first one first)
 * and says false at the end or on an error, which status() then tells
 * apart; done() hands the result back.
 */
struct pki_store_row;

struct pki_store_row_ops {
	bool (*next)(struct pki_store_row *row);
	/* After next() said false: 0 at the end of the rows, else the error. */
	int (*status)(struct pki_store_row *row, struct pki_error *err);
	void (*done)(struct pki_store_row *row);
	bool (*null)(const struct pki_store_row *row, int col);
	int64_t (*integer)(const struct pki_store_row *row, int col); /* NULL: 0 */
	const char *(*text)(const struct pki_store_row *row, int col); /* NULL: "" */
	/* A copy of a BLOB column (caller frees; NULL when out of memory). */
	unsigned char *(*blob)(const struct pki_store_row *row, int col, size_t *len);
};

struct pki_store_row {
	const struct pki_store_row_ops *ops;
	pki_store *s;
	void *res; /* the implementation's result: sqlite3_stmt *, PGresult * */
	int i; /* the row's number where the result holds them all */
	int rc; /* the implementation's last step */
	const char *what; /* what the query does, for the error of a step */
};

/*
 * An implementation's query: sql (its own SQL text) run with params (its
 * own parameter struct, NULL for none), *row before the first row of the
 * result; `what` says what is being done, for the errors.
 */
typedef int (*pki_store_query_fn)(pki_store *s, const char *sql, const void *params,
    const char *what, struct pki_store_row *row, struct pki_error *err);

/* The columns the readers below expect, in this order. */
#define PKI_STORE_CERT_COLUMNS \
	"serial, csr_id, file_root, subject, issuer, sans, usage, hostname, instance," \
	" contact_name, contact_phone, contact_email, sha1, sha256, not_before," \
	" not_after, issued_at, der, revoked_at, revocation_reason, invalidity_date," \
	" renewal_of, serial_number"
/* A listing's page: no DER, no contacts (cert c). */
#define PKI_STORE_PAGE_COLUMNS \
	"c.serial, c.file_root, c.subject, c.sans, c.usage, c.hostname, c.instance," \
	" c.not_before, c.not_after, c.issued_at, c.revoked_at, c.revocation_reason," \
	" c.invalidity_date, c.renewal_of"
#define PKI_STORE_CSR_COLUMNS \
	"id, file_root, subject, key_desc, sans, sig_alg, sha1, sha256," \
	" contact_name, contact_phone, contact_email, hostname, instance," \
	" received_at, der, renewal_of"
#define PKI_STORE_MAIL_COLUMNS \
	"id, kind, recipient, subject, state, attempts, next_attempt_at, last_error," \
	" created_at, COALESCE(sent_at, 0)"
#define PKI_STORE_OUTBOX_DUE_COLUMNS "id, recipient, subject, body, attempts, next_attempt_at"
#define PKI_STORE_EXPIRY_DUE_COLUMNS "serial, file_root, subject, contact_email, not_after"
/* The audit trail with its seals (audit a, audit_seal s). */
#define PKI_STORE_AUDIT_COLUMNS \
	"a.id, a.at, a.actor, a.action, a.object, a.outcome, a.prev_hash," \
	" a.hash, s.mac"
#define PKI_STORE_AUDIT_FROM " FROM audit a LEFT JOIN audit_seal s ON s.id = a.id"
#define PKI_STORE_REVOKED_COLUMNS \
	"serial, revoked_at, revocation_reason, invalidity_date, serial_number"
/* A CRL, then its DER (or NULL when not wanted). */
#define PKI_STORE_CRL_COLUMNS "number, this_update, next_update, revoked_count, length(der)"
#define PKI_STORE_CHECK_CERT_COLUMNS \
	"serial, usage, sha1, sha256, not_before, not_after, revoked_at, der, serial_number"
#define PKI_STORE_CHECK_CRL_COLUMNS "number, this_update, next_update, revoked_count, der"

/* Every row of sql into a new array (caller frees; none: NULL, 0). */
int pki_store_cert_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_cert_info **out, size_t *n, struct pki_error *err);
int pki_store_csr_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_csr_info **out, size_t *n, struct pki_error *err);
int pki_store_mail_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_mail **out, size_t *n, struct pki_error *err);
int pki_store_outbox_due_rows(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, const char *what, struct pki_outbox_due **out, size_t *n,
    struct pki_error *err);
int pki_store_expiry_due_rows(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, const char *what, struct pki_expiry_due **out, size_t *n,
    struct pki_error *err);

/* fn for each row of sql, stopping at its first non-zero return. */
int pki_store_audit_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, pki_audit_fn fn, void *ctx, struct pki_error *err);
int pki_store_revoked_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    pki_revoked_fn fn, void *ctx, struct pki_error *err);
int pki_store_check_cert_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    pki_check_cert_fn fn, void *ctx, struct pki_error *err);
int pki_store_check_crl_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    pki_check_crl_fn fn, void *ctx, struct pki_error *err);

/* The configuration rows, by a statement both databases take as it is
 * (PKI_ERR_NOT_CONFIGURED without the row). */
int pki_store_ca_get(pki_store *s, pki_store_query_fn query, struct pki_ca_row *out,
    struct pki_error *err);
int pki_store_client_get(pki_store *s, pki_store_query_fn query, struct pki_client_config *out,
    struct pki_error *err);
/* The one row of sql (without it: PKI_ERR_NOT_FOUND naming the serial,
 * id or kind asked for). */
/* der may be NULL; the PEM with it. */
int pki_store_cert_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    uint64_t serial, struct pki_cert_info *out, unsigned char **der, size_t *der_len,
    struct pki_error *err);
/* der may be NULL, and then the info has the PEM. */
int pki_store_csr_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    int64_t id, struct pki_csr_info *out, unsigned char **der, size_t *der_len,
    struct pki_error *err);
/* kind NULL: by id. */
int pki_store_mail_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    int64_t id, const char *kind, struct pki_mail *out, struct pki_error *err);

/* The operations of the same name, the same on both databases. */
int pki_store_counts(pki_store *s, pki_store_query_fn query, size_t *pending, size_t *issued,
    struct pki_error *err);
int pki_store_ocsp_config(pki_store *s, pki_store_query_fn query, char sha256[PKI_FP_SHA256_SIZE],
    uint64_t *serial, struct pki_error *err);
int pki_store_digest_state(pki_store *s, pki_store_query_fn query, char **admin_email,
    time_t *digest_at, struct pki_error *err);
int pki_store_audit_last(pki_store *s, pki_store_query_fn query, int64_t *id,
    char hash[PKI_AUDIT_HASH_SIZE], struct pki_error *err);
int pki_store_audit_keyed(pki_store *s, pki_store_query_fn query, int64_t *legacy, char **key_dir,
    struct pki_error *err);
/* By the implementation's sql: revoked_at, revocation_reason (and for OCSP
 * invalidity_date) of the certificate id or serial names. */
int pki_store_cert_revocation(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, uint64_t serial, time_t *revoked_at, int *reason, struct pki_error *err);
int pki_store_ocsp_status(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, const struct pki_ocsp_certid *id, struct pki_ocsp_single *out,
    struct pki_error *err);

/* The newest CRL (a row of PKI_STORE_CRL_COLUMNS then its DER; der may
 * be NULL). PKI_ERR_NOT_FOUND when there is none. */
int pki_store_crl_latest(pki_store *s, pki_store_query_fn query, const char *sql,
    struct pki_crl_info *info, unsigned char **der, size_t *der_len, struct pki_error *err);

/* A listing's page: how many rows (q->limit, else 50); its rows read from
 * `row` into out->rows (one row more than that sets out->more), the
 * caller then telling how they ended; and the page finished (a page read
 * downwards shown upwards, counted as q->count_cap asks). */
size_t pki_store_page_limit(const struct pki_cert_query *q);
/*
 * How a page in q's order is read: `col` the column ordered by (NULL: the
 * serial alone; then the key's serial only), the key's value as text
 * (subject, usage name) or number (notAfter), `cmp` the key's condition
 * on (col, serial) (">" or "<"; NULL for FIRST and LAST) and `sql_desc`
 * whether the SQL reads downwards (a page read so is shown the other way
 * by pki_store_page_finish).
 */
struct pki_store_order {
	const char *col;
	const char *key_text; /* NULL: key_num */
	int64_t key_num;
	const char *cmp;
	bool sql_desc;
};
void pki_store_order(const struct pki_cert_query *q, struct pki_store_order *o);
int pki_store_page_rows(struct pki_store_row *row, const struct pki_cert_query *q,
    struct pki_cert_page *out, struct pki_error *err);
int pki_store_page_finish(pki_store *s, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err);

/*
 * csr_pending_counts: count(s, which, value, ...) counts the pending
 * requests of a submitter (which 0), of a contact's email (1) or name (2),
 * asked for a value that is not empty; the contact is counted by its
 * email when there is one.
 */
typedef int (*pki_store_count_fn)(pki_store *s, int which, const char *value, size_t *n,
    struct pki_error *err);
int pki_store_pending_counts(pki_store *s, pki_store_count_fn count, const char *submitter,
    const char *email, const char *name, size_t *by_submitter, size_t *by_contact,
    struct pki_error *err);

/* A count read with one row more than cap: *n at most cap, *more beyond it. */
void pki_store_capped(int64_t counted, size_t cap, size_t *n, bool *more);

#endif /* NCPKI_STORE_INT_H */
