/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c: what every store shares whatever holds its database: opening
 * the data directory (created 0700) and choosing the implementation by
 * the scheme of the database's location (SQLite the default), the common
 * head's accessors, the public calls that go to an operation, reading the
 * rows of the implementations' queries into the library's structs (the
 * same columns in both, store_int.h), and freeing the rows the operations
 * return.
 */
#include "store/store_int.h"
#include "services/ocsp_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t last_store_id; /* __atomic */

/* The implementations, the default first; one entry per scheme. */
static const struct pki_store_ops *const store_impls[] = {
	&pki_store_sqlite_ops,
#ifdef HAVE_POSTGRESQL
	&pki_store_pg_ops,
	&pki_store_postgres_ops,
#endif
};

static int
store_ops_for(const char *location, const struct pki_store_ops **ops, struct pki_error *err)
{
	size_t len;

	*ops = store_impls[0];
	if (location == NULL)
		return 0;
	len = strcspn(location, ":");
	for (size_t i = 0; i < sizeof store_impls / sizeof store_impls[0]; i++)
		if (location[len] == ':' && strlen(store_impls[i]->scheme) == len &&
		    strncmp(location, store_impls[i]->scheme, len) == 0) {
			*ops = store_impls[i];
			return 0;
		}
	return pki_err_set(err, PKI_ERR_INVALID, NULL,
	    _("No store knows the database location \"%s\"."), location);
}

int
pki_store_open(const char *home, const char *location, pki_store **out, struct pki_error *err)
{
	const struct pki_store_ops *ops;
	pki_store *s = NULL;
	char *dir = NULL;
	int r;

	*out = NULL;
	if ((r = store_ops_for(location, &ops, err)) != 0)
		return r;
	if (home != NULL)
		dir = strdup(home);
	else if ((r = pki_home_default(&dir, err)) != 0)
		goto out;
	if (dir == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pki_mkdir_p(dir, 0700, err)) != 0 ||
	    (r = pki_dir_check_private(dir, _("data directory"), err)) != 0 ||
	    (r = ops->open(dir, location, &s, err)) != 0)
		goto out;
	s->ops = ops;
	s->home = dir;
	dir = NULL;
	s->id = __atomic_add_fetch(&last_store_id, 1, __ATOMIC_SEQ_CST);
	*out = s;
out:
	free(dir);
	return r;
}

int
pki_open(const char *home, pki_store **out, struct pki_error *err)
{
	return pki_store_open(home, NULL, out, err);
}

void
pki_close(pki_store **sp)
{
	pki_store *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	free(s->home);
	s->ops->close(s);
	*sp = NULL;
}

const char *
pki_store_home(const pki_store *s)
{
	return s->home;
}

const char *
pki_store_db_path(const pki_store *s)
{
	return s->db_path;
}

int
pki_store_schema_version(pki_store *s)
{
	return s->ops->schema_version(s);
}

int
pki_cert_page_read(pki_store *store, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	return store->ops->cert_page_read(store, q, out, err);
}

int
pki_cert_count(pki_store *store, const struct pki_cert_query *q, size_t cap, size_t *n, bool *more,
    struct pki_error *err)
{
	return store->ops->cert_count(store, q, cap, n, more, err);
}

void
pki_store_capped(int64_t counted, size_t cap, size_t *n, bool *more)
{
	*n = (size_t)counted;
	*more = false;
	if (*n > cap) {
		*n = cap;
		*more = true;
	}
}

/* ------------------------------------------------------------ the schema */

#define VERSION_MARK "-- @version "

int
pki_store_schema_next(const char **p, int have, char **sql)
{
	const char *at = strstr(*p, VERSION_MARK);

	*sql = NULL;
	while (at != NULL) {
		int version = atoi(at + strlen(VERSION_MARK));
		const char *body = strchr(at, '\n');
		const char *next = body ? strstr(body, VERSION_MARK) : NULL;

		at = next;
		if (version <= have || body == NULL)
			continue;
		*p = next != NULL ? next : "";
		*sql = next != NULL ? strndup(body, (size_t)(next - body)) : strdup(body);
		return version;
	}
	*p = "";
	return 0;
}

static int
schema_latest(const char *schema)
{
	int v = 0;

	for (const char *p = strstr(schema, VERSION_MARK); p; p = strstr(p + 1, VERSION_MARK))
		v = atoi(p + strlen(VERSION_MARK));
	return v;
}

int
pki_store_schema_check(pki_store *s, int version, const char *schema, struct pki_error *err)
{
	if (version <= schema_latest(schema))
		return 0;
	return pki_err_set(err, PKI_ERR_DB, NULL,
	    _("The database \"%s\" was written by a newer ncpki (schema %d; this one knows %d)"),
	    s->db_path, version, schema_latest(schema));
}

/* ------------------------------------------------------------ rows read */

#define PAGE_DEFAULT 50

static int64_t
col_int(const struct pki_store_row *row, int col)
{
	return col < 0 ? 0 : row->ops->integer(row, col);
}

static const char *
col_text(const struct pki_store_row *row, int col)
{
	return col < 0 ? "" : row->ops->text(row, col);
}

static char *
col_dup(const struct pki_store_row *row, int col)
{
	return strdup(col_text(row, col));
}

/* Moves to the first row: 0 and *found, or the error. */
static int
first_row(struct pki_store_row *row, bool *found, struct pki_error *err)
{
	*found = row->ops->next(row);
	return *found ? 0 : row->ops->status(row, err);
}

/* A certificate's fields in the order of PKI_STORE_CERT_COLUMNS, where a
 * full row has them. */
enum cert_field {
	C_SERIAL,
	C_CSR_ID,
	C_FILE_ROOT,
	C_SUBJECT,
	C_ISSUER,
	C_SANS,
	C_USAGE,
	C_HOSTNAME,
	C_INSTANCE,
	C_CONTACT_NAME,
	C_CONTACT_PHONE,
	C_CONTACT_EMAIL,
	C_SHA1,
	C_SHA256,
	C_NOT_BEFORE,
	C_NOT_AFTER,
	C_ISSUED_AT,
	C_DER,
	C_REVOKED_AT,
	C_REASON,
	C_INVALIDITY_DATE,
	C_RENEWAL_OF,
	C_SERIAL_NUMBER,
	C_FIELDS
};
/* Where a row of PKI_STORE_PAGE_COLUMNS has them; -1: not read ("" or 0). */
static const signed char page_cols[C_FIELDS] = { 0, -1, 1, 2, -1, 3, 4, 5, 6, -1, -1, -1, -1, -1, 7,
	8, 9, -1, 10, 11, 12, 13, -1 };

/* A certificate from a row whose columns cols places (NULL: a full row). */
static int
cert_from_row(const struct pki_store_row *row, const signed char *cols, struct pki_cert_info *c,
    bool with_pem, struct pki_error *err)
{
#define COL(f) (cols != NULL ? cols[f] : (f))
	memset(c, 0, sizeof *c);
	c->serial = (uint64_t)col_int(row, COL(C_SERIAL));
	c->csr_id = col_int(row, COL(C_CSR_ID));
	c->file_root = col_dup(row, COL(C_FILE_ROOT));
	c->subject = col_dup(row, COL(C_SUBJECT));
	c->issuer = col_dup(row, COL(C_ISSUER));
	c->sans = col_dup(row, COL(C_SANS));
	if (pki_usage_parse(col_text(row, COL(C_USAGE)), &c->usage) != 0)
		c->usage = PKI_USAGE_TLS;
	c->hostname = col_dup(row, COL(C_HOSTNAME));
	c->instance = col_dup(row, COL(C_INSTANCE));
	c->contact_name = col_dup(row, COL(C_CONTACT_NAME));
	c->contact_phone = col_dup(row, COL(C_CONTACT_PHONE));
	c->contact_email = col_dup(row, COL(C_CONTACT_EMAIL));
	snprintf(c->sha1, sizeof c->sha1, "%s", col_text(row, COL(C_SHA1)));
	snprintf(c->sha256, sizeof c->sha256, "%s", col_text(row, COL(C_SHA256)));
	c->not_before = (time_t)col_int(row, COL(C_NOT_BEFORE));
	c->not_after = (time_t)col_int(row, COL(C_NOT_AFTER));
	c->issued_at = (time_t)col_int(row, COL(C_ISSUED_AT));
	c->revoked_at = (time_t)col_int(row, COL(C_REVOKED_AT));
	c->reason = (int)col_int(row, COL(C_REASON));
	c->invalidity_date = (time_t)col_int(row, COL(C_INVALIDITY_DATE));
	c->renewal_of = (uint64_t)col_int(row, COL(C_RENEWAL_OF)); /* NULL: 0 */
	if (COL(C_SERIAL_NUMBER) >= 0 && !row->ops->null(row, COL(C_SERIAL_NUMBER)))
		snprintf(c->serial_number, sizeof c->serial_number, "%s",
		    col_text(row, COL(C_SERIAL_NUMBER)));
	if (with_pem) {
		size_t n;
		unsigned char *der = row->ops->blob(row, C_DER, &n);

		if (der != NULL)
			c->pem = pki_der_to_pem("CERTIFICATE", der, n);
		free(der);
	}
#undef COL
	if (!c->file_root || !c->subject || !c->issuer || !c->sans || !c->hostname ||
	    !c->instance || !c->contact_name || !c->contact_phone || !c->contact_email ||
	    (with_pem && !c->pem)) {
		pki_cert_info_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

/* A request from a row of PKI_STORE_CSR_COLUMNS; the PEM from the DER. */
static int
csr_from_row(const struct pki_store_row *row, struct pki_csr_info *c, bool with_pem,
    struct pki_error *err)
{
	memset(c, 0, sizeof *c);
	c->id = col_int(row, 0);
	c->file_root = col_dup(row, 1);
	c->subject = col_dup(row, 2);
	c->key_desc = col_dup(row, 3);
	c->sans = col_dup(row, 4);
	c->sig_alg = col_dup(row, 5);
	snprintf(c->sha1, sizeof c->sha1, "%s", col_text(row, 6));
	snprintf(c->sha256, sizeof c->sha256, "%s", col_text(row, 7));
	c->contact_name = col_dup(row, 8);
	c->contact_phone = col_dup(row, 9);
	c->contact_email = col_dup(row, 10);
	c->hostname = col_dup(row, 11);
	c->instance = col_dup(row, 12);
	c->received = (time_t)col_int(row, 13);
	c->renewal_of = (uint64_t)col_int(row, 15); /* NULL: 0 */
	if (with_pem) {
		size_t n;
		unsigned char *der = row->ops->blob(row, 14, &n);

		if (der != NULL)
			c->pem = pki_der_to_pem("CERTIFICATE REQUEST", der, n);
		free(der);
	}
	if (!c->file_root || !c->subject || !c->key_desc || !c->sans || !c->sig_alg ||
	    !c->contact_name || !c->contact_phone || !c->contact_email || !c->hostname ||
	    !c->instance || (with_pem && !c->pem)) {
		pki_csr_info_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

static int
mail_read(const struct pki_store_row *row, void *elem, struct pki_error *err)
{
	struct pki_mail *m = elem;

	memset(m, 0, sizeof *m);
	m->id = col_int(row, 0);
	m->kind = col_dup(row, 1);
	m->recipient = col_dup(row, 2);
	m->subject = col_dup(row, 3);
	m->state = col_dup(row, 4);
	m->attempts = (int)col_int(row, 5);
	m->next_attempt_at = (time_t)col_int(row, 6);
	m->last_error = col_dup(row, 7);
	m->created_at = (time_t)col_int(row, 8);
	m->sent_at = (time_t)col_int(row, 9);
	if (!m->kind || !m->recipient || !m->subject || !m->state || !m->last_error) {
		pki_mail_clear(m);
		return pki_err_nomem(err);
	}
	return 0;
}

static void
outbox_due_clear(void *elem)
{
	struct pki_outbox_due *d = elem;

	free(d->recipient);
	free(d->subject);
	free(d->body);
}

static int
outbox_due_read(const struct pki_store_row *row, void *elem, struct pki_error *err)
{
	struct pki_outbox_due *d = elem;

	memset(d, 0, sizeof *d);
	d->id = col_int(row, 0);
	d->recipient = col_dup(row, 1);
	d->subject = col_dup(row, 2);
	d->body = col_dup(row, 3);
	d->attempts = (int)col_int(row, 4);
	d->next_at = col_int(row, 5);
	if (!d->recipient || !d->subject || !d->body) {
		outbox_due_clear(d);
		return pki_err_nomem(err);
	}
	return 0;
}

static void
expiry_due_clear(void *elem)
{
	struct pki_expiry_due *d = elem;

	free(d->file_root);
	free(d->subject);
	free(d->email);
}

static int
expiry_due_read(const struct pki_store_row *row, void *elem, struct pki_error *err)
{
	struct pki_expiry_due *d = elem;

	memset(d, 0, sizeof *d);
	d->serial = (uint64_t)col_int(row, 0);
	d->file_root = col_dup(row, 1);
	d->subject = col_dup(row, 2);
	d->email = col_dup(row, 3);
	d->not_after = (time_t)col_int(row, 4);
	if (!d->file_root || !d->subject || !d->email) {
		expiry_due_clear(d);
		return pki_err_nomem(err);
	}
	return 0;
}

/* The elements of the arrays collect() fills: each read from a row (which
 * leaves nothing to free when it fails), and freed. */
struct row_kind {
	size_t size;
	int (*read)(const struct pki_store_row *row, void *elem, struct pki_error *err);
	void (*clear)(void *elem);
};

static int
cert_read(const struct pki_store_row *row, void *elem, struct pki_error *err)
{
	return cert_from_row(row, NULL, elem, false, err);
}

static void
cert_clear(void *elem)
{
	pki_cert_info_clear(elem);
}

static int
csr_read(const struct pki_store_row *row, void *elem, struct pki_error *err)
{
	return csr_from_row(row, elem, false, err);
}

static void
csr_clear(void *elem)
{
	pki_csr_info_clear(elem);
}

static void
mail_clear(void *elem)
{
	pki_mail_clear(elem);
}

static const struct row_kind cert_kind = { sizeof(struct pki_cert_info), cert_read, cert_clear };
static const struct row_kind csr_kind = { sizeof(struct pki_csr_info), csr_read, csr_clear };
static const struct row_kind mail_kind = { sizeof(struct pki_mail), mail_read, mail_clear };
static const struct row_kind outbox_due_kind = { sizeof(struct pki_outbox_due), outbox_due_read,
	outbox_due_clear };
static const struct row_kind expiry_due_kind = { sizeof(struct pki_expiry_due), expiry_due_read,
	expiry_due_clear };

/* Every row of sql, read as k says, into a new array (none, or *r an
 * error: NULL and *n 0). */
static void *
collect(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, const struct row_kind *k, size_t *n, int *r, struct pki_error *err)
{
	struct pki_store_row row;
	unsigned char *arr = NULL;
	size_t cnt = 0, cap = 0;

	*n = 0;
	if ((*r = query(s, sql, params, what, &row, err)) != 0)
		return NULL;
	while (row.ops->next(&row)) {
		if ((*r = pki_array_grow(&arr, &cap, cnt + 1, k->size, 16, err)) != 0 ||
		    (*r = k->read(&row, arr + cnt * k->size, err)) != 0)
			break;
		cnt++;
	}
	if (*r == 0)
		*r = row.ops->status(&row, err);
	row.ops->done(&row);
	if (*r != 0) {
		while (cnt > 0)
			k->clear(arr + --cnt * k->size);
		free(arr);
		return NULL;
	}
	*n = cnt;
	return arr;
}

int
pki_store_cert_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_cert_info **out, size_t *n, struct pki_error *err)
{
	int r;

	*out = collect(s, query, sql, params, what, &cert_kind, n, &r, err);
	return r;
}

int
pki_store_csr_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_csr_info **out, size_t *n, struct pki_error *err)
{
	int r;

	*out = collect(s, query, sql, params, what, &csr_kind, n, &r, err);
	return r;
}

int
pki_store_mail_rows(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what, struct pki_mail **out, size_t *n, struct pki_error *err)
{
	int r;

	*out = collect(s, query, sql, params, what, &mail_kind, n, &r, err);
	return r;
}

int
pki_store_outbox_due_rows(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, const char *what, struct pki_outbox_due **out, size_t *n,
    struct pki_error *err)
{
	int r;

	*out = collect(s, query, sql, params, what, &outbox_due_kind, n, &r, err);
	return r;
}

int
pki_store_expiry_due_rows(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, const char *what, struct pki_expiry_due **out, size_t *n,
    struct pki_error *err)
{
	int r;

	*out = collect(s, query, sql, params, what, &expiry_due_kind, n, &r, err);
	return r;
}

/* A walk's row handed to its callback: what walk() passes along. */
struct walk {
	int (*each)(const struct pki_store_row *row, const struct walk *w, struct pki_error *err);
	void *fn, *ctx;
};

/* w->each for each row of sql, stopping at its first non-zero return. */
static int
walk(pki_store *s, pki_store_query_fn query, const char *sql, const void *params, const char *what,
    const struct walk *w, struct pki_error *err)
{
	struct pki_store_row row;
	int r;

	if ((r = query(s, sql, params, what, &row, err)) != 0)
		return r;
	while (r == 0 && row.ops->next(&row))
		r = w->each(&row, w, err);
	if (r == 0)
		r = row.ops->status(&row, err);
	row.ops->done(&row);
	return r;
}

/* The entry's texts point into the row. */
static int
audit_each(const struct pki_store_row *row, const struct walk *w, struct pki_error *err)
{
	struct pki_audit_entry e;

	memset(&e, 0, sizeof e);
	e.id = col_int(row, 0);
	e.at = (time_t)col_int(row, 1);
	e.actor = (char *)col_text(row, 2);
	e.action = (char *)col_text(row, 3);
	e.object = (char *)col_text(row, 4);
	e.outcome = (char *)col_text(row, 5);
	snprintf(e.prev_hash, sizeof e.prev_hash, "%s", col_text(row, 6));
	snprintf(e.hash, sizeof e.hash, "%s", col_text(row, 7));
	snprintf(e.mac, sizeof e.mac, "%s", col_text(row, 8));
	return ((pki_audit_fn)w->fn)(w->ctx, &e, err);
}

int
pki_store_audit_walk(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    pki_audit_fn fn, void *ctx, struct pki_error *err)
{
	const struct walk w = { audit_each, (void *)fn, ctx };

	return walk(s, query, sql, params, _("reading the audit trail"), &w, err);
}

static int
revoked_each(const struct pki_store_row *row, const struct walk *w, struct pki_error *err)
{
	return ((pki_revoked_fn)w->fn)(w->ctx, (uint64_t)col_int(row, 0),
	    row->ops->null(row, 4) ? NULL : col_text(row, 4), (time_t)col_int(row, 1),
	    (int)col_int(row, 2), (time_t)col_int(row, 3), err);
}

int
pki_store_revoked_walk(pki_store *s, pki_store_query_fn query, const char *sql, pki_revoked_fn fn,
    void *ctx, struct pki_error *err)
{
	const struct walk w = { revoked_each, (void *)fn, ctx };

	return walk(s, query, sql, NULL, _("reading revoked certificates"), &w, err);
}

/* The texts point into the row; the DER is a copy for the call. */
static int
check_cert_each(const struct pki_store_row *row, const struct walk *w, struct pki_error *err)
{
	struct pki_check_cert c;
	unsigned char *der;
	int r;

	memset(&c, 0, sizeof c);
	c.serial = (uint64_t)col_int(row, 0);
	c.usage = col_text(row, 1);
	c.sha1 = col_text(row, 2);
	c.sha256 = col_text(row, 3);
	c.not_before = (time_t)col_int(row, 4);
	c.not_after = (time_t)col_int(row, 5);
	c.revoked_at = (time_t)col_int(row, 6);
	c.serial_number = row->ops->null(row, 8) ? NULL : col_text(row, 8);
	if ((der = row->ops->blob(row, 7, &c.der_len)) == NULL)
		return pki_err_nomem(err);
	c.der = der;
	r = ((pki_check_cert_fn)w->fn)(w->ctx, &c, err);
	free(der);
	return r;
}

int
pki_store_check_cert_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    pki_check_cert_fn fn, void *ctx, struct pki_error *err)
{
	const struct walk w = { check_cert_each, (void *)fn, ctx };

	return walk(s, query, sql, NULL, _("reading issued certificates"), &w, err);
}

static int
check_crl_each(const struct pki_store_row *row, const struct walk *w, struct pki_error *err)
{
	struct pki_check_crl c;
	unsigned char *der;
	int r;

	memset(&c, 0, sizeof c);
	c.number = (uint64_t)col_int(row, 0);
	c.this_update = (time_t)col_int(row, 1);
	c.next_update = (time_t)col_int(row, 2);
	c.revoked_count = (size_t)col_int(row, 3);
	if ((der = row->ops->blob(row, 4, &c.der_len)) == NULL)
		return pki_err_nomem(err);
	c.der = der;
	r = ((pki_check_crl_fn)w->fn)(w->ctx, &c, err);
	free(der);
	return r;
}

int
pki_store_check_crl_walk(pki_store *s, pki_store_query_fn query, const char *sql,
    pki_check_crl_fn fn, void *ctx, struct pki_error *err)
{
	const struct walk w = { check_crl_each, (void *)fn, ctx };

	return walk(s, query, sql, NULL, _("reading certificate revocation lists"), &w, err);
}

/* The one row a lookup wants: what the reader of its fields needs. */
struct one {
	int64_t id;
	const char *kind;
	void *out;
	unsigned char **der;
	size_t *der_len;
};

/* The first row of sql read by `read` when there is one (*found). */
static int
one_row(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const char *what,
    int (*read)(const struct pki_store_row *row, const struct one *o, struct pki_error *err),
    const struct one *o, bool *found, struct pki_error *err)
{
	struct pki_store_row row;
	int r;

	if ((r = query(s, sql, params, what, &row, err)) != 0)
		return r;
	if ((r = first_row(&row, found, err)) == 0 && *found)
		r = read(&row, o, err);
	row.ops->done(&row);
	return r;
}

static const char sql_ca_get[] =
    "SELECT root, dir, subject, key_desc, sha1, sha256, not_before, not_after,"
    " configured_at, ca_days, issue_days, smtp_server, smtp_user, smtp_password,"
    " admin_email, created_new, cert_der, crl_days, crl_url, ocsp_url, ca_issuers_url,"
    " chain_pem, serial_mode, smtp_insecure_host FROM ca_config WHERE id = 1";

static int
ca_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	struct pki_ca_row *out = o->out;

	out->root = col_dup(row, 0);
	out->dir = col_dup(row, 1);
	out->subject = col_dup(row, 2);
	out->key_desc = col_dup(row, 3);
	snprintf(out->sha1, sizeof out->sha1, "%s", col_text(row, 4));
	snprintf(out->sha256, sizeof out->sha256, "%s", col_text(row, 5));
	out->not_before = col_int(row, 6);
	out->not_after = col_int(row, 7);
	out->configured_at = col_int(row, 8);
	out->ca_days = (long)col_int(row, 9);
	out->issue_days = (long)col_int(row, 10);
	out->smtp_server = col_dup(row, 11);
	out->smtp_user = col_dup(row, 12);
	out->smtp_password = col_dup(row, 13);
	out->admin_email = col_dup(row, 14);
	out->created_new = col_int(row, 15) != 0;
	out->cert_der = row->ops->blob(row, 16, &out->cert_len);
	out->crl_days = (long)col_int(row, 17);
	out->crl_url = col_dup(row, 18);
	out->ocsp_url = col_dup(row, 19);
	out->ca_issuers_url = col_dup(row, 20);
	out->chain_pem = col_dup(row, 21);
	out->random_serial = strcmp(col_text(row, 22), "random") == 0;
	out->smtp_insecure_host = col_dup(row, 23);
	if (!out->root || !out->dir || !out->subject || !out->key_desc || !out->smtp_server ||
	    !out->smtp_user || !out->smtp_password || !out->admin_email || !out->cert_der ||
	    !out->crl_url || !out->ocsp_url || !out->ca_issuers_url || !out->chain_pem ||
	    !out->smtp_insecure_host) {
		pki_ca_row_clear(out);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pki_store_ca_get(pki_store *s, pki_store_query_fn query, struct pki_ca_row *out,
    struct pki_error *err)
{
	const struct one o = { .out = out };
	bool found;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = one_row(s, query, sql_ca_get, NULL, _("reading the configuration"), ca_read, &o,
	         &found, err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority server is not configured."));
	return r;
}

static const char sql_client_get[] =
    "SELECT server_host, server_port, server_path, contact_name, contact_phone,"
    " contact_email, instance, dir, ca_file_root, ca_sha256, configured_at"
    " FROM client_config WHERE id = 1";

static int
client_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	struct pki_client_config *c = o->out;

	c->server_host = col_dup(row, 0);
	c->server_port = (long)col_int(row, 1);
	c->server_path = col_dup(row, 2);
	c->contact_name = col_dup(row, 3);
	c->contact_phone = col_dup(row, 4);
	c->contact_email = col_dup(row, 5);
	c->instance = col_dup(row, 6);
	c->dir = col_dup(row, 7);
	c->ca_file_root = col_dup(row, 8);
	snprintf(c->ca_sha256, sizeof c->ca_sha256, "%s", col_text(row, 9));
	c->configured_at = (time_t)col_int(row, 10);
	if (!c->server_host || !c->server_path || !c->contact_name || !c->contact_phone ||
	    !c->contact_email || !c->instance || !c->dir || !c->ca_file_root) {
		pki_client_config_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pki_store_client_get(pki_store *s, pki_store_query_fn query, struct pki_client_config *out,
    struct pki_error *err)
{
	const struct one o = { .out = out };
	bool found;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = one_row(s, query, sql_client_get, NULL, _("reading the client configuration"),
	         client_read, &o, &found, err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority client is not configured: run "
		      "\"ncpki client configure\" first."));
	return r;
}

/* A certificate with its PEM, and a copy of its DER when o->der. */
static int
cert_get_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	int r;

	if ((r = cert_from_row(row, NULL, o->out, true, err)) != 0 || o->der == NULL)
		return r;
	if ((*o->der = row->ops->blob(row, C_DER, o->der_len)) == NULL) {
		pki_cert_info_clear(o->out);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pki_store_cert_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    uint64_t serial, struct pki_cert_info *out, unsigned char **der, size_t *der_len,
    struct pki_error *err)
{
	const struct one o = { .out = out, .der = der, .der_len = der_len };
	bool found;
	int r;

	memset(out, 0, sizeof *out);
	if (der) {
		*der = NULL;
		*der_len = 0;
	}
	if ((r = one_row(s, query, sql, params, _("reading the certificate"), cert_get_read, &o,
	         &found, err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "serial",
		    _("No certificate with serial number %llu."), (unsigned long long)serial);
	return r;
}

/* A request, with its PEM only when its DER is not wanted. */
static int
csr_get_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	int r;

	if ((r = csr_from_row(row, o->out, o->der == NULL, err)) != 0 || o->der == NULL)
		return r;
	if ((*o->der = row->ops->blob(row, 14, o->der_len)) == NULL) {
		pki_csr_info_clear(o->out);
		return pki_err_nomem(err);
	}
	return 0;
}

int
pki_store_csr_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    int64_t id, struct pki_csr_info *out, unsigned char **der, size_t *der_len,
    struct pki_error *err)
{
	const struct one o = { .out = out, .der = der, .der_len = der_len };
	bool found;
	int r;

	memset(out, 0, sizeof *out);
	if (der) {
		*der = NULL;
		*der_len = 0;
	}
	if ((r = one_row(s, query, sql, params, _("reading the request"), csr_get_read, &o, &found,
	         err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "id",
		    _("No pending Certificate Signing Request %lld."), (long long)id);
	return r;
}

static int
mail_get_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	return mail_read(row, o->out, err);
}

int
pki_store_mail_get(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    int64_t id, const char *kind, struct pki_mail *out, struct pki_error *err)
{
	const struct one o = { .out = out };
	bool found;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = one_row(s, query, sql, params, _("reading the outbox"), mail_get_read, &o, &found,
	         err)) != 0 ||
	    found)
		return r;
	if (kind != NULL)
		return pki_err_set(err, PKI_ERR_NOT_FOUND, "kind",
		    _("No email notice of this kind"));
	return pki_err_set(err, PKI_ERR_NOT_FOUND, "id", _("No email notice %lld"), (long long)id);
}

/* The rows of PKI_STORE_CRL_COLUMNS and the DER when o->der. */
static int
crl_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	struct pki_crl_info *info = o->out;

	info->number = (uint64_t)col_int(row, 0);
	info->this_update = (time_t)col_int(row, 1);
	info->next_update = (time_t)col_int(row, 2);
	info->revoked_count = (size_t)col_int(row, 3);
	info->der_len = (size_t)col_int(row, 4);
	if (o->der != NULL && (*o->der = row->ops->blob(row, 5, o->der_len)) == NULL)
		return pki_err_nomem(err);
	return 0;
}

int
pki_store_crl_latest(pki_store *s, pki_store_query_fn query, const char *sql,
    struct pki_crl_info *info, unsigned char **der, size_t *der_len, struct pki_error *err)
{
	const struct one o = { .out = info, .der = der, .der_len = der_len };
	bool found;
	int r;

	memset(info, 0, sizeof *info);
	if (der != NULL) {
		*der = NULL;
		*der_len = 0;
	}
	if ((r = one_row(s, query, sql, NULL, _("reading the CRL"), crl_read, &o, &found, err)) ==
	        0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, NULL,
		    _("No CRL has been generated yet: run \"ncpki crl generate\"."));
	return r;
}

/* What the readers below fill: each its own outputs. */
struct counts {
	size_t *pending, *issued;
};
struct ocsp_config {
	char *sha256;
	uint64_t *serial;
};
struct digest_state {
	char **admin_email;
	time_t *digest_at;
};
struct audit_last {
	int64_t *id;
	char *hash; /* PKI_AUDIT_HASH_SIZE */
};
struct audit_keyed {
	int64_t *legacy;
	char **key_dir; /* may be NULL */
};
struct revocation {
	time_t *revoked_at;
	int *reason;
};

static const char sql_counts[] = "SELECT (SELECT count(*) FROM csr), (SELECT count(*) FROM cert)";
static const char sql_count_pending[] = "SELECT count(*), 0 FROM csr";

static int
counts_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct counts *c = o->out;

	*c->pending = (size_t)col_int(row, 0);
	if (c->issued != NULL)
		*c->issued = (size_t)col_int(row, 1);
	return 0;
}

/* issued NULL: only the pending requests are counted. */
int
pki_store_counts(pki_store *s, pki_store_query_fn query, size_t *pending, size_t *issued,
    struct pki_error *err)
{
	struct counts c = { pending, issued };
	const struct one o = { .out = &c };
	bool found;

	*pending = 0;
	if (issued != NULL)
		*issued = 0;
	return one_row(s, query, issued != NULL ? sql_counts : sql_count_pending, NULL,
	    _("counting requests"), counts_read, &o, &found, err);
}

static const char sql_ocsp_config[] =
    "SELECT sha256, ocsp_signer_serial FROM ca_config WHERE id = 1";

static int
ocsp_config_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct ocsp_config *c = o->out;

	snprintf(c->sha256, PKI_FP_SHA256_SIZE, "%s", col_text(row, 0));
	*c->serial = (uint64_t)col_int(row, 1);
	return 0;
}

int
pki_store_ocsp_config(pki_store *s, pki_store_query_fn query, char sha256[PKI_FP_SHA256_SIZE],
    uint64_t *serial, struct pki_error *err)
{
	struct ocsp_config c = { sha256, serial };
	const struct one o = { .out = &c };
	bool found;

	sha256[0] = '\0';
	*serial = 0;
	return one_row(s, query, sql_ocsp_config, NULL, _("reading the configuration"),
	    ocsp_config_read, &o, &found, err);
}

static const char sql_digest_state[] = "SELECT admin_email, digest_at FROM ca_config WHERE id = 1";

static int
digest_state_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct digest_state *d = o->out;

	*d->admin_email = col_dup(row, 0);
	*d->digest_at = (time_t)col_int(row, 1);
	return *d->admin_email == NULL ? pki_err_nomem(err) : 0;
}

int
pki_store_digest_state(pki_store *s, pki_store_query_fn query, char **admin_email,
    time_t *digest_at, struct pki_error *err)
{
	struct digest_state d = { admin_email, digest_at };
	const struct one o = { .out = &d };
	bool found;
	int r;

	*admin_email = NULL;
	*digest_at = 0;
	if ((r = one_row(s, query, sql_digest_state, NULL,
	         _("reading the administrator's email address"), digest_state_read, &o, &found,
	         err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("The Certificate Authority server is not configured."));
	return r;
}

static const char sql_audit_last[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char sql_audit_keyed[] = "SELECT legacy_through, key_dir FROM audit_keyed LIMIT 1";

static int
audit_last_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct audit_last *a = o->out;

	*a->id = col_int(row, 0);
	snprintf(a->hash, PKI_AUDIT_HASH_SIZE, "%s", col_text(row, 1));
	return 0;
}

int
pki_store_audit_last(pki_store *s, pki_store_query_fn query, int64_t *id,
    char hash[PKI_AUDIT_HASH_SIZE], struct pki_error *err)
{
	struct audit_last a = { id, hash };
	const struct one o = { .out = &a };
	bool found;

	*id = 0;
	memset(hash, '0', PKI_AUDIT_HASH_SIZE - 1);
	hash[PKI_AUDIT_HASH_SIZE - 1] = '\0';
	return one_row(s, query, sql_audit_last, NULL, _("reading the audit trail"),
	    audit_last_read, &o, &found, err);
}

/* The key's directory only when wanted and set. */
static int
audit_keyed_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct audit_keyed *k = o->out;

	*k->legacy = col_int(row, 0);
	if (k->key_dir != NULL && !row->ops->null(row, 1) &&
	    (*k->key_dir = col_dup(row, 1)) == NULL)
		return pki_err_nomem(err);
	return 0;
}

int
pki_store_audit_keyed(pki_store *s, pki_store_query_fn query, int64_t *legacy, char **key_dir,
    struct pki_error *err)
{
	struct audit_keyed k = { legacy, key_dir };
	const struct one o = { .out = &k };
	bool found;

	*legacy = 0;
	if (key_dir != NULL)
		*key_dir = NULL;
	return one_row(s, query, sql_audit_keyed, NULL, _("reading the audit trail"),
	    audit_keyed_read, &o, &found, err);
}

static int
revocation_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	const struct revocation *v = o->out;

	*v->revoked_at = (time_t)col_int(row, 0);
	*v->reason = (int)col_int(row, 1);
	return 0;
}

int
pki_store_cert_revocation(pki_store *s, pki_store_query_fn query, const char *sql,
    const void *params, uint64_t serial, time_t *revoked_at, int *reason, struct pki_error *err)
{
	struct revocation v = { revoked_at, reason };
	const struct one o = { .out = &v };
	bool found;
	int r;

	*revoked_at = 0;
	*reason = 0;
	if ((r = one_row(s, query, sql, params, _("reading the certificate"), revocation_read, &o,
	         &found, err)) == 0 &&
	    !found)
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "serial",
		    _("No certificate with serial number %llu."), (unsigned long long)serial);
	return r;
}

/* revoked_at, revocation_reason, invalidity_date: revoked unless NULL. */
static int
ocsp_status_read(const struct pki_store_row *row, const struct one *o, struct pki_error *err)
{
	struct pki_ocsp_single *out = o->out;

	if (row->ops->null(row, 0)) {
		out->status = PKI_OCSP_GOOD;
		return 0;
	}
	out->status = PKI_OCSP_REVOKED;
	out->revoked_at = (time_t)col_int(row, 0);
	out->reason = (int)col_int(row, 1);
	out->invalidity_date = (time_t)col_int(row, 2);
	return 0;
}

int
pki_store_ocsp_status(pki_store *s, pki_store_query_fn query, const char *sql, const void *params,
    const struct pki_ocsp_certid *id, struct pki_ocsp_single *out, struct pki_error *err)
{
	const struct one o = { .out = out };
	bool found;

	memset(out, 0, sizeof *out);
	out->status = PKI_OCSP_UNKNOWN;
	if (!id->serial_ok && id->serial_number[0] == '\0')
		return 0;
	return one_row(s, query, sql, params, _("reading the certificate's status"),
	    ocsp_status_read, &o, &found, err);
}

/* ------------------------------------------------------------ pages */

size_t
pki_store_page_limit(const struct pki_cert_query *q)
{
	return q->limit ? q->limit : PAGE_DEFAULT;
}

void
pki_store_order(const struct pki_cert_query *q, struct pki_store_order *o)
{
	/* Read backwards (BEFORE, LAST) in the order shown: the SQL's
	 * direction is that, turned over again by desc. */
	bool back = q->seek == PKI_SEEK_BEFORE || q->seek == PKI_SEEK_LAST;

	memset(o, 0, sizeof *o);
	switch (q->order) {
	case PKI_ORDER_SUBJECT:
		o->col = "c.subject";
		o->key_text = q->key_subject != NULL ? q->key_subject : "";
		break;
	case PKI_ORDER_USAGE:
		o->col = "c.usage";
		o->key_text = pki_usage_name(q->key_usage);
		break;
	case PKI_ORDER_NOT_AFTER:
		o->col = "c.not_after";
		o->key_num = (int64_t)q->key_not_after;
		break;
	default:
		break;
	}
	o->sql_desc = back != q->desc;
	if (q->seek == PKI_SEEK_AFTER || q->seek == PKI_SEEK_BEFORE)
		o->cmp = o->sql_desc ? "<" : ">";
}

int
pki_store_page_rows(struct pki_store_row *row, const struct pki_cert_query *q,
    struct pki_cert_page *out, struct pki_error *err)
{
	size_t limit = pki_store_page_limit(q);
	int r;

	if (out->rows == NULL && (out->rows = calloc(limit + 1, sizeof *out->rows)) == NULL)
		return pki_err_nomem(err);
	while (row->ops->next(row)) {
		if (out->n == limit) {
			out->more = true;
			break;
		}
		if ((r = cert_from_row(row, page_cols, &out->rows[out->n], false, err)) != 0)
			return r;
		out->n++;
	}
	return 0;
}

int
pki_store_page_finish(pki_store *s, const struct pki_cert_query *q, struct pki_cert_page *out,
    struct pki_error *err)
{
	bool down = q->seek == PKI_SEEK_BEFORE || q->seek == PKI_SEEK_LAST;

	/* Read downwards, shown upwards. */
	for (size_t i = 0; down && i < out->n / 2; i++) {
		struct pki_cert_info t = out->rows[i];

		out->rows[i] = out->rows[out->n - 1 - i];
		out->rows[out->n - 1 - i] = t;
	}
	if (q->count_cap == 0)
		return 0;
	if (out->partial || (q->seek == PKI_SEEK_FIRST && !out->more)) {
		out->count = out->n;
		out->count_more = out->partial;
		return 0;
	}
	return s->ops->cert_count(s, q, q->count_cap, &out->count, &out->count_more, err);
}

int
pki_store_pending_counts(pki_store *s, pki_store_count_fn count, const char *submitter,
    const char *email, const char *name, size_t *by_submitter, size_t *by_contact,
    struct pki_error *err)
{
	int r = 0;

	*by_submitter = *by_contact = 0;
	if (!pki_str_empty(submitter) && (r = count(s, 0, submitter, by_submitter, err)) != 0)
		return r;
	if (!pki_str_empty(email))
		return count(s, 1, email, by_contact, err);
	if (!pki_str_empty(name))
		return count(s, 2, name, by_contact, err);
	return 0;
}

/* ------------------------------------------------------- rows handed out */

void
pki_ca_row_clear(struct pki_ca_row *r)
{
	if (r == NULL)
		return;
	free(r->root);
	free(r->dir);
	free(r->subject);
	free(r->key_desc);
	free(r->smtp_server);
	free(r->smtp_user);
	if (r->smtp_password)
		pki_secret_free(r->smtp_password, strlen(r->smtp_password));
	free(r->admin_email);
	free(r->cert_der);
	free(r->crl_url);
	free(r->ocsp_url);
	free(r->ca_issuers_url);
	free(r->chain_pem);
	free(r->smtp_insecure_host);
	memset(r, 0, sizeof *r);
}

void
pki_expiry_due_free(struct pki_expiry_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expiry_due_clear(&d[i]);
	free(d);
}

void
pki_outbox_due_free(struct pki_outbox_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_due_clear(&d[i]);
	free(d);
}

void
pki_cert_page_clear(struct pki_cert_page *p)
{
	if (p == NULL)
		return;
	pki_cert_info_array_free(&p->rows, p->n);
	memset(p, 0, sizeof *p);
}
