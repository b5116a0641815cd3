/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg_int.h: the PostgreSQL implementation of the store (issue 17), private
 * to store/pg/: its struct (the common pki_store first, then the libpq
 * connection), the query helpers its files share (parameters always
 * passed apart from the SQL text, results read as text), and its
 * operations, each declared with its member's type in struct
 * pki_store_ops so that a definition that strays from the interface does
 * not compile. pg.c collects them in pki_store_pg_ops.
 */
#ifndef NCPKI_STORE_PG_INT_H
#define NCPKI_STORE_PG_INT_H

#include "store/store_int.h"

#include <libpq-fe.h>

struct pg_store {
	struct pki_store base; /* first: a pki_store * is a pg_store * */
	PGconn *conn;
	bool in_tx; /* between tx_begin and tx_commit or tx_rollback */
	char sqlstate[6]; /* of the last statement that failed, "" if none */
};

static inline struct pg_store *
pg_store(pki_store *s)
{
	return (struct pg_store *)s;
}

/* A statement's parameters ($1, $2, ... in the order added). */
#define PG_MAX_PARAMS 28

struct pg_params {
	int n;
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][24];
};

void pg_p_text(struct pg_params *p, const char *v); /* NULL: "" */
void pg_p_int(struct pg_params *p, int64_t v);
void pg_p_null(struct pg_params *p);
void pg_p_opt(struct pg_params *p, const char *v); /* NULL: NULL */
void pg_p_blob(struct pg_params *p, const void *d, size_t n);

/*
 * Runs sql with p's parameters (p may be NULL); *res (may be NULL when no
 * rows are wanted) is the caller's to PQclear. On failure: PKI_ERR_DB, or
 * PKI_ERR_BUSY for a serialization failure or deadlock inside a
 * transaction (outside one, the statement is retried first; see pg.c),
 * with the SQLSTATE kept in the store's sqlstate; `what` says what was
 * being done.
 */
int pg_exec(pki_store *s, const char *sql, const struct pg_params *p, PGresult **res,
    const char *what, struct pki_error *err);
/* How many rows the last statement changed. */
long pg_changes(const PGresult *res);
int64_t pg_int(const PGresult *res, int row, int col); /* NULL: 0 */
/*
 * The first column of sql's first row as an integer in *v (0 without a
 * row); without a row and with `missing`, PKI_ERR_NOT_CONFIGURED saying
 * missing (the CA's configuration row).
 */
int pg_value(pki_store *s, const char *sql, const struct pg_params *p, int64_t *v, const char *what,
    const char *missing, struct pki_error *err);
/* An UPDATE of the configuration row: PKI_ERR_NOT_CONFIGURED saying
 * missing when there is no row. */
int pg_ca_update(pki_store *s, const char *sql, const struct pg_params *p, const char *what,
    const char *missing, struct pki_error *err);
/* A copy of a BYTEA column (caller frees; never NULL on success). */
unsigned char *pg_blob(const PGresult *res, int row, int col, size_t *len);

/* The implementation's pki_store_query_fn (store_int.h): params a struct
 * pg_params, the rows those of the whole result. */
int pg_rows(pki_store *s, const char *sql, const void *params, const char *what,
    struct pki_store_row *row, struct pki_error *err);

/* The operation `name` as pg_name, of its member's type. */
#define PG_OP(name) __typeof__(*((struct pki_store_ops *)0)->name) pg_##name

/* pg.c: the database, transactions, the change watch */
PG_OP(open);
PG_OP(close);
PG_OP(schema_version);
PG_OP(changed);
PG_OP(tx_begin);
PG_OP(tx_commit);
PG_OP(tx_rollback);
PG_OP(tx_savepoint);
PG_OP(tx_savepoint_undo);
PG_OP(tx_savepoint_release);

/* ca.c */
PG_OP(ca_get);
PG_OP(ca_put);
PG_OP(reinit);
PG_OP(counts);
PG_OP(ca_set_serial_mode);
PG_OP(ca_set_cert);
PG_OP(ca_set_notice_days);
PG_OP(ca_notice_days);
PG_OP(ca_ocsp_signer);
PG_OP(ca_set_ocsp_signer);
PG_OP(ca_ocsp_config);

/* csr.c */
PG_OP(csr_insert);
PG_OP(csr_find_sha256);
PG_OP(csr_list);
PG_OP(csr_get);
PG_OP(csr_delete);
PG_OP(csr_ids);
PG_OP(csr_count);
PG_OP(csr_pending_counts);
PG_OP(csr_unnotified);
PG_OP(csr_mark_notified);
PG_OP(csr_set_submitter);

/* cert.c */
PG_OP(cert_insert);
PG_OP(cert_max_serial);
PG_OP(cert_list);
PG_OP(cert_get);
PG_OP(cert_expiring);
PG_OP(cert_expiring_count);
PG_OP(cert_expiry_due);
PG_OP(cert_expiry_mark);

/* search.c */
PG_OP(search_add);
PG_OP(cert_page_read);
PG_OP(cert_count);

/* crl.c */
PG_OP(ca_set_crl_days);
PG_OP(ca_set_urls);
PG_OP(cert_revocation);
PG_OP(cert_set_revoked);
PG_OP(cert_release_hold);
PG_OP(revoked_each);
PG_OP(crl_next_number);
PG_OP(crl_insert);
PG_OP(crl_prune);
PG_OP(crl_latest);
PG_OP(ocsp_status);

/* audit.c */
PG_OP(audit_last);
PG_OP(audit_insert);
PG_OP(audit_each);
PG_OP(audit_page);
PG_OP(audit_seal_insert);
PG_OP(audit_keyed);
PG_OP(audit_key_dir_set);

/* mail.c */
PG_OP(ca_digest_state);
PG_OP(ca_set_digest_at);
PG_OP(ca_clear_smtp_password);
PG_OP(outbox_insert);
PG_OP(outbox_due);
PG_OP(outbox_claim);
PG_OP(outbox_sent);
PG_OP(outbox_failed);
PG_OP(outbox_note);
PG_OP(outbox_list);
PG_OP(outbox_get);
PG_OP(outbox_last);
PG_OP(outbox_retry);

/* client.c */
PG_OP(client_get);
PG_OP(client_put);
PG_OP(client_pin);

/* check.c */
PG_OP(integrity);
PG_OP(check_certs);
PG_OP(check_crls);

#endif /* NCPKI_STORE_PG_INT_H */
