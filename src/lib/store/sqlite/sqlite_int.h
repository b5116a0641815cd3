/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite_int.h: the SQLite implementation of the store, private to
 * store/sqlite/: its struct (the common pki_store first, then the
 * connection and its statement cache), the statement helpers its files
 * share, and its operations, each declared with its member's type in
 * struct pki_store_ops so that a definition that strays from the
 * interface does not compile. sqlite.c collects them in
 * pki_store_sqlite_ops.
 */
#ifndef NCPKI_STORE_SQLITE_INT_H
#define NCPKI_STORE_SQLITE_INT_H

#include "store/store_int.h"

#include <sqlite3.h>

#define PKI_STMT_CACHE 32

struct sqlite_store {
	struct pki_store base; /* first: a pki_store * is a sqlite_store * */
	sqlite3 *db;
	/* Prepared statements, keyed by their SQL constant's address. */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} stmts[PKI_STMT_CACHE];
};

static inline struct sqlite_store *
sqlite_store(pki_store *s)
{
	return (struct sqlite_store *)s;
}

static inline sqlite3 *
sqlite_db(pki_store *s)
{
	return sqlite_store(s)->db;
}

/* The database's error after `what` failed: PKI_ERR_BUSY or PKI_ERR_DB. */
int pki_err_db(struct pki_error *err, sqlite3 *db, const char *what);
/*
 * A prepared statement for a SQL string constant, from the store's cache
 * (prepared on first use). Hand it back with pki_stmt_done().
 */
int pki_stmt(pki_store *s, const char *sql, sqlite3_stmt **st, struct pki_error *err);
void pki_stmt_done(pki_store *s, sqlite3_stmt *st);
void pki_bind_text(sqlite3_stmt *st, const char *name, const char *v);
void pki_bind_int64(sqlite3_stmt *st, const char *name, int64_t v);
void pki_bind_blob(sqlite3_stmt *st, const char *name, const void *p, size_t n);

/* A statement's values, bound by name (a name the statement lacks is
 * passed over, one never given is NULL). */
#define SQLITE_MAX_PARAMS 12

struct sqlite_params {
	int n;
	struct {
		const char *name;
		enum { SQLITE_P_INT, SQLITE_P_TEXT, SQLITE_P_BLOB } kind;
		int64_t i;
		const void *p; /* text or blob */
		size_t len;
	} v[SQLITE_MAX_PARAMS];
};

void sqlite_p_int(struct sqlite_params *p, const char *name, int64_t v);
void sqlite_p_text(struct sqlite_params *p, const char *name, const char *v); /* NULL: "" */
void sqlite_p_blob(struct sqlite_params *p, const char *name, const void *d, size_t n);

/* pki_stmt() with p's values bound (p may be NULL). */
int sqlite_query(pki_store *s, const char *sql, const struct sqlite_params *p, sqlite3_stmt **st,
    struct pki_error *err);
/* Runs a statement that returns no rows; *changes (may be NULL): rows it changed. */
int sqlite_run(pki_store *s, const char *sql, const struct sqlite_params *p, int *changes,
    const char *what, struct pki_error *err);
/*
 * The first column of sql's first row as an integer in *v (0 without a
 * row); without a row and with `missing`, PKI_ERR_NOT_CONFIGURED saying
 * missing (the CA's configuration row).
 */
int sqlite_value(pki_store *s, const char *sql, const struct sqlite_params *p, int64_t *v,
    const char *what, const char *missing, struct pki_error *err);
/* An UPDATE of the configuration row: PKI_ERR_NOT_CONFIGURED saying
 * missing when there is no row. */
int sqlite_ca_update(pki_store *s, const char *sql, const struct sqlite_params *p, const char *what,
    const char *missing, struct pki_error *err);

/* st (on its rows) as the store's shared readers read it (store_int.h). */
void sqlite_row(struct pki_store_row *row, pki_store *s, sqlite3_stmt *st, const char *what);
/* The implementation's pki_store_query_fn: params a struct sqlite_params. */
int sqlite_rows(pki_store *s, const char *sql, const void *params, const char *what,
    struct pki_store_row *row, struct pki_error *err);

/* The operation `name` as sqlite_name, of its member's type. */
#define SQLITE_OP(name) __typeof__(*((struct pki_store_ops *)0)->name) sqlite_##name

/* sqlite.c: the database, transactions, the change watch */
SQLITE_OP(open);
SQLITE_OP(close);
SQLITE_OP(schema_version);
SQLITE_OP(tx_begin);
SQLITE_OP(tx_commit);
SQLITE_OP(tx_rollback);
SQLITE_OP(tx_savepoint);
SQLITE_OP(tx_savepoint_undo);
SQLITE_OP(tx_savepoint_release);
SQLITE_OP(changed);

/* ca.c */
SQLITE_OP(ca_get);
SQLITE_OP(ca_put);
SQLITE_OP(reinit);
SQLITE_OP(counts);
SQLITE_OP(ca_set_serial_mode);
SQLITE_OP(ca_set_cert);
SQLITE_OP(ca_set_notice_days);
SQLITE_OP(ca_notice_days);
SQLITE_OP(ca_ocsp_signer);
SQLITE_OP(ca_set_ocsp_signer);
SQLITE_OP(ca_ocsp_config);

/* csr.c */
SQLITE_OP(csr_insert);
SQLITE_OP(csr_find_sha256);
SQLITE_OP(csr_list);
SQLITE_OP(csr_get);
SQLITE_OP(csr_delete);
SQLITE_OP(csr_count);
SQLITE_OP(csr_ids);
SQLITE_OP(csr_pending_counts);
SQLITE_OP(csr_set_submitter);
SQLITE_OP(csr_unnotified);
SQLITE_OP(csr_mark_notified);

/* cert.c */
SQLITE_OP(cert_insert);
SQLITE_OP(cert_max_serial);
SQLITE_OP(cert_list);
SQLITE_OP(cert_expiring);
SQLITE_OP(cert_expiring_count);
SQLITE_OP(cert_get);
SQLITE_OP(cert_expiry_due);
SQLITE_OP(cert_expiry_mark);

/* search.c */
SQLITE_OP(search_add);
SQLITE_OP(cert_page_read);
SQLITE_OP(cert_count);

/* crl.c */
SQLITE_OP(cert_revocation);
SQLITE_OP(cert_set_revoked);
SQLITE_OP(cert_release_hold);
SQLITE_OP(revoked_each);
SQLITE_OP(crl_next_number);
SQLITE_OP(crl_insert);
SQLITE_OP(crl_prune);
SQLITE_OP(crl_latest);
SQLITE_OP(ca_set_crl_days);
SQLITE_OP(ca_set_urls);
SQLITE_OP(ocsp_status);

/* audit.c */
SQLITE_OP(audit_last);
SQLITE_OP(audit_insert);
SQLITE_OP(audit_each);
SQLITE_OP(audit_page);
SQLITE_OP(audit_seal_insert);
SQLITE_OP(audit_keyed);
SQLITE_OP(audit_key_dir_set);

/* mail.c */
SQLITE_OP(outbox_insert);
SQLITE_OP(outbox_due);
SQLITE_OP(outbox_claim);
SQLITE_OP(outbox_sent);
SQLITE_OP(outbox_failed);
SQLITE_OP(outbox_note);
SQLITE_OP(outbox_list);
SQLITE_OP(outbox_get);
SQLITE_OP(outbox_last);
SQLITE_OP(outbox_retry);
SQLITE_OP(ca_digest_state);
SQLITE_OP(ca_set_digest_at);
SQLITE_OP(ca_clear_smtp_password);

/* client.c */
SQLITE_OP(client_get);
SQLITE_OP(client_put);
SQLITE_OP(client_pin);

/* check.c */
SQLITE_OP(integrity);
SQLITE_OP(check_certs);
SQLITE_OP(check_crls);

#endif /* NCPKI_STORE_SQLITE_INT_H */
