/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/csr.c: SQL for pending certificate signing requests.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSR_COLUMNS PKI_STORE_CSR_COLUMNS

static const char sql_csr_insert[] =
    "INSERT INTO csr (file_root, subject, key_desc, sans, sig_alg, der, sha1, sha256,"
    " contact_name, contact_phone, contact_email, hostname, instance, received_at,"
    " renewal_of)"
    " VALUES (:file_root, :subject, :key_desc, :sans, :sig_alg, :der, :sha1, :sha256,"
    " :contact_name, :contact_phone, :contact_email, :hostname, :instance, :received_at,"
    " nullif(:renewal_of, 0))";

int
sqlite_csr_insert(pki_store *s, struct pki_csr_info *c, const unsigned char *der, size_t der_len,
    struct pki_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_csr_insert, &st, err)) != 0)
		return r;
	pki_bind_text(st, ":file_root", c->file_root);
	pki_bind_text(st, ":subject", c->subject);
	pki_bind_text(st, ":key_desc", c->key_desc);
	pki_bind_text(st, ":sans", c->sans);
	pki_bind_text(st, ":sig_alg", c->sig_alg);
	pki_bind_blob(st, ":der", der, der_len);
	pki_bind_text(st, ":sha1", c->sha1);
	pki_bind_text(st, ":sha256", c->sha256);
	pki_bind_text(st, ":contact_name", c->contact_name);
	pki_bind_text(st, ":contact_phone", c->contact_phone);
	pki_bind_text(st, ":contact_email", c->contact_email);
	pki_bind_text(st, ":hostname", c->hostname);
	pki_bind_text(st, ":instance", c->instance);
	pki_bind_int64(st, ":received_at", c->received);
	pki_bind_int64(st, ":renewal_of", (int64_t)c->renewal_of);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		c->id = sqlite3_last_insert_rowid(sqlite_db(s));
	else if (rc == SQLITE_CONSTRAINT)
		r = pki_err_set(err, PKI_ERR_DUPLICATE, "csr",
		    _("This Certificate Signing Request is already pending"));
	else
		r = pki_err_db(err, sqlite_db(s), _("storing the request"));
	pki_stmt_done(s, st);
	return r;
}

static const char sql_csr_by_sha256[] = "SELECT id FROM csr WHERE sha256 = :sha256";

int
sqlite_csr_find_sha256(pki_store *s, const char *sha256, int64_t *id, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":sha256", sha256);
	return sqlite_value(s, sql_csr_by_sha256, &p, id, _("looking up the request"), NULL, err);
}

static const char sql_csr_list[] = "SELECT " CSR_COLUMNS " FROM csr ORDER BY id";

int
sqlite_csr_list(pki_store *s, struct pki_csr_info **out, size_t *n, struct pki_error *err)
{
	return pki_store_csr_rows(s, sqlite_rows, sql_csr_list, NULL, _("listing requests"), out, n,
	    err);
}

static const char sql_csr_get[] = "SELECT " CSR_COLUMNS " FROM csr WHERE id = :id";

int
sqlite_csr_get(pki_store *s, int64_t id, struct pki_csr_info *info, unsigned char **der,
    size_t *der_len, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":id", id);
	return pki_store_csr_get(s, sqlite_rows, sql_csr_get, &p, id, info, der, der_len, err);
}

static const char sql_csr_delete[] = "DELETE FROM csr WHERE id = :id";

int
sqlite_csr_delete(pki_store *s, int64_t id, struct pki_error *err)
{
	struct sqlite_params p = { 0 };
	int changes, r;

	sqlite_p_int(&p, ":id", id);
	if ((r = sqlite_run(s, sql_csr_delete, &p, &changes, _("deleting the request"), err)) ==
	        0 &&
	    changes == 0)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "id",
		    _("No pending Certificate Signing Request %lld."), (long long)id);
	return r;
}

static const char sql_csr_count[] = "SELECT count(*) FROM csr";

int
sqlite_csr_count(pki_store *s, size_t *n, struct pki_error *err)
{
	int64_t v;
	int r = sqlite_value(s, sql_csr_count, NULL, &v, _("listing requests"), NULL, err);

	*n = (size_t)v;
	return r;
}

static const char sql_csr_ids[] = "SELECT id FROM csr ORDER BY id";

int
sqlite_csr_ids(pki_store *s, int64_t **ids, size_t *n, struct pki_error *err)
{
	int64_t *arr = NULL;
	size_t cnt = 0, cap = 0;
	sqlite3_stmt *st;
	int r, rc;

	*ids = NULL;
	*n = 0;
	if ((r = pki_stmt(s, sql_csr_ids, &st, err)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = PKI_GROW(arr, cap, cnt + 1, 64, err)) != 0) {
			free(arr);
			pki_stmt_done(s, st);
			return r;
		}
		arr[cnt++] = sqlite3_column_int64(st, 0);
	}
	pki_stmt_done(s, st);
	if (rc != SQLITE_DONE) {
		free(arr);
		return pki_err_db(err, sqlite_db(s), _("listing requests"));
	}
	*ids = arr;
	*n = cnt;
	return 0;
}

/* The pending requests of one submitter, of one contact's email, of one
 * contact's name. */
static const char *const sql_csr_by[3] = {
	"SELECT count(*) FROM csr WHERE submitter = :value AND submitter <> ''",
	"SELECT count(*) FROM csr WHERE contact_email = :value COLLATE NOCASE"
	" AND contact_email <> ''",
	"SELECT count(*) FROM csr WHERE contact_name = :value COLLATE NOCASE"
	" AND contact_name <> ''",
};

static int
count_one(pki_store *s, int which, const char *value, size_t *n, struct pki_error *err)
{
	struct sqlite_params p = { 0 };
	int64_t v;
	int r;

	sqlite_p_text(&p, ":value", value);
	r = sqlite_value(s, sql_csr_by[which], &p, &v, _("counting pending requests"), NULL, err);
	*n = (size_t)v;
	return r;
}

int
sqlite_csr_pending_counts(pki_store *s, const char *submitter, const char *email, const char *name,
    size_t *by_submitter, size_t *by_contact, struct pki_error *err)
{
	return pki_store_pending_counts(s, count_one, submitter, email, name, by_submitter,
	    by_contact, err);
}

static const char sql_csr_set_submitter[] = "UPDATE csr SET submitter = :submitter WHERE id = :id";

int
sqlite_csr_set_submitter(pki_store *s, int64_t id, const char *submitter, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":submitter", submitter);
	sqlite_p_int(&p, ":id", id);
	return sqlite_run(s, sql_csr_set_submitter, &p, NULL, _("storing the request"), err);
}

/* The requests no administrator's digest has listed yet. */
static const char sql_csr_unnotified[] =
    "SELECT " CSR_COLUMNS " FROM csr WHERE notified = 0 ORDER BY id LIMIT :max";
static const char sql_csr_unnotified_count[] = "SELECT count(*) FROM csr WHERE notified = 0";

int
sqlite_csr_unnotified(pki_store *s, size_t max, struct pki_csr_info **out, size_t *n, size_t *total,
    struct pki_error *err)
{
	struct sqlite_params p = { 0 };
	int64_t v;
	int r;

	*out = NULL;
	*n = 0;
	r = sqlite_value(s, sql_csr_unnotified_count, NULL, &v, _("listing requests"), NULL, err);
	*total = (size_t)v;
	if (r != 0 || *total == 0 || max == 0)
		return r;
	sqlite_p_int(&p, ":max", (int64_t)max);
	return pki_store_csr_rows(s, sqlite_rows, sql_csr_unnotified, &p, _("listing requests"),
	    out, n, err);
}

static const char sql_csr_mark_notified[] = "UPDATE csr SET notified = 1 WHERE notified = 0";

int
sqlite_csr_mark_notified(pki_store *s, struct pki_error *err)
{
	return sqlite_run(s, sql_csr_mark_notified, NULL, NULL, _("storing the request"), err);
}
