/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c: what every store shares whatever holds its database: opening
 * the data directory (created 0700) and choosing the implementation by
 * the scheme of the database's location (SQLite the default), the common
 * head's accessors, the public calls that go to an operation, and freeing
 * the rows the operations return.
 */
#include "store/store_int.h"

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
	for (size_t i = 0; i < n; i++) {
		free(d[i].file_root);
		free(d[i].subject);
		free(d[i].email);
	}
	free(d);
}

void
pki_outbox_due_free(struct pki_outbox_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].recipient);
		free(d[i].subject);
		free(d[i].body);
	}
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
