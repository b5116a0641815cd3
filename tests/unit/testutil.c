/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testutil.c: shared helpers of the unit tests (see testutil.h): a temp
 * directory per test, file helpers, requests made with OpenSSL's own
 * non-deprecated EVP and X509_REQ calls, and a small EC P-256 CA.
 */
#include "config.h"

#include "testutil.h"
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#ifdef HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif

static const char *
test_store_location(void)
{
	const char *loc = getenv("NCPKI_TEST_STORE");

	return loc != NULL && *loc != '\0' ? loc : NULL;
}

#ifdef HAVE_POSTGRESQL
static void
test_pg_quiet(void *arg, const char *message)
{
}

/*
 * On PostgreSQL every data directory gets a schema of its own in the
 * test's database, as every one gets its own ncpki.db on SQLite: the
 * location names it first in search_path (pg_trgm, created once in
 * public, stays visible). The same home maps to the same schema, so a
 * reopen or a second connection sees the same rows. Caller frees.
 */
static char *
test_pg_location(const char *loc, const char *home)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	char schema[24], sql[192];
	PGconn *c;
	PGresult *res;
	bool ok;

	for (const char *p = home; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(schema, sizeof schema, "t%016llx", (unsigned long long)h);
	/* One at a time (a lock held to the end of the statements' one
	 * transaction): IF NOT EXISTS alone lets two first opens at once both
	 * try to create it, and one of them fail. */
	snprintf(sql, sizeof sql,
	    "SELECT pg_advisory_xact_lock(5002);"
	    " CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;"
	    " CREATE SCHEMA IF NOT EXISTS %s",
	    schema);
	if ((c = PQconnectdb(loc)) == NULL)
		return NULL;
	PQsetNoticeProcessor(c, test_pg_quiet, NULL);
	res = PQexec(c, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		print_error("test_open: %s", PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return ok ? pki_strfmt("%s%soptions=-csearch_path%%3D%s%%2Cpublic", loc,
	                strchr(loc, '?') != NULL ? "&" : "?", schema)
	          : NULL;
}
#endif

int
test_pg_drop_connections(void)
{
#ifdef HAVE_POSTGRESQL
	const char *loc = test_store_location();
	PGconn *c;
	PGresult *res;
	int n = -1;

	if (loc == NULL || strncmp(loc, "postgres", 8) != 0 || (c = PQconnectdb(loc)) == NULL)
		return -1;
	res = PQexec(c,
	    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
	    " WHERE datname = current_database() AND pid <> pg_backend_pid()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(c);
	return n;
#else
	return -1;
#endif
}

int
test_open(const char *home, pki_store **out, struct pki_error *err)
{
	const char *loc = test_store_location();

#ifdef HAVE_POSTGRESQL
	if (loc != NULL && strncmp(loc, "postgres", 8) == 0) {
		char *where = test_pg_location(loc, home);
		int r;

		if (where == NULL)
			return pki_err_set(err, PKI_ERR_DB, NULL, "cannot make the test's schema");
		r = pki_store_open(home, where, out, err);
		free(where);
		return r;
	}
#endif
	return pki_store_open(home, loc, out, err);
}

bool
test_store_sqlite(void)
{
	const char *loc = test_store_location();

	return loc == NULL || strncmp(loc, "sqlite:", 7) == 0;
}

int
tdir_setup(void **state)
{
	struct tctx *t = calloc(1, sizeof *t);
	const char *tmp = getenv("TMPDIR");

	if (t == NULL)
		return -1;
	snprintf(t->dir, sizeof t->dir, "%s/ncpki-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->home, sizeof t->home, "%s/home", t->dir);
	*state = t;
	return 0;
}

int
tctx_setup(void **state)
{
	struct tctx *t;

	if (tdir_setup(state) != 0)
		return -1;
	t = *state;
	if (test_open(t->home, &t->store, &t->err) != 0) {
		print_error("test_open(%s): %s\n", t->home, t->err.msg);
		rm_rf(t->dir);
		free(t);
		*state = NULL;
		return -1;
	}
	return 0;
}

int
tctx_teardown(void **state)
{
	struct tctx *t = *state;

	if (t == NULL)
		return 0;
	pki_close(&t->store);
	rm_rf(t->dir);
	free(t);
	*state = NULL;
	return 0;
}

const char *
tpath(const struct tctx *t, const char *name)
{
	static char bufs[8][512];
	static unsigned next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof bufs[0], "%s/%s", t->dir, name);
	return b;
}

bool
file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

unsigned
mode_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return ~0u;
	return (unsigned)(st.st_mode & 07777);
}

char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);
			if (nb == NULL) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, 4096, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		chmod(path, 0700), rmdir(path);
	else
		unlink(path);
	return 0;
}

void
rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

size_t
dir_count(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

EVP_PKEY *
tkey_new(enum tkey kind)
{
	EVP_PKEY *k = NULL;

	switch (kind) {
	case TKEY_P256:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case TKEY_RSA1024:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
		break;
	case TKEY_RSA2048:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	}
	assert_non_null(k);
	return k;
}

/* A request for cn (C=US, O=Example Corporation), with the SAN extension
 * san (NULL: none), signed with k. */
static X509_REQ *
make_req_key(EVP_PKEY *k, const char *cn, const char *san)
{
	X509_REQ *req = X509_REQ_new();
	X509_NAME *name;

	assert_non_null(req);
	assert_int_equal(X509_REQ_set_version(req, 0), 1);
	name = X509_REQ_get_subject_name(req);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
	                     (const unsigned char *)"US", -1, -1, 0),
	    1);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
	                     (const unsigned char *)"Example Corporation", -1, -1, 0),
	    1);
	assert_int_equal(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	                     (const unsigned char *)cn, -1, -1, 0),
	    1);
	assert_int_equal(X509_REQ_set_pubkey(req, k), 1);
	if (san != NULL) {
		STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
		X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, NULL, NID_subject_alt_name, san);
		assert_non_null(exts);
		assert_non_null(ext);
		sk_X509_EXTENSION_push(exts, ext);
		assert_int_equal(X509_REQ_add_extensions(req, exts), 1);
		sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	}
	assert_true(X509_REQ_sign(req, k, EVP_sha256()) > 0);
	return req;
}

static X509_REQ *
make_req(enum tkey kind, const char *cn, const char *san)
{
	EVP_PKEY *k = tkey_new(kind);
	X509_REQ *req = make_req_key(k, cn, san);

	EVP_PKEY_free(k);
	return req;
}

static unsigned char *
req_der(X509_REQ *req, size_t *len)
{
	unsigned char *der = NULL, *copy;
	int n = i2d_X509_REQ(req, &der);

	assert_true(n > 0);
	copy = malloc((size_t)n);
	assert_non_null(copy);
	memcpy(copy, der, (size_t)n);
	OPENSSL_free(der);
	X509_REQ_free(req);
	*len = (size_t)n;
	return copy;
}

unsigned char *
make_csr_der(enum tkey kind, const char *cn, const char *san, size_t *len)
{
	return req_der(make_req(kind, cn, san), len);
}

unsigned char *
make_csr_der_key(EVP_PKEY *k, const char *cn, const char *san, size_t *len)
{
	return req_der(make_req_key(k, cn, san), len);
}

/* "AA:BB:..." of the certificate's DER, as openssl x509 -fingerprint. */
void
tfingerprint(X509 *x, const EVP_MD *md, char *out, size_t size)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t o = 0;

	assert_int_equal(X509_digest(x, md, d, &n), 1);
	for (unsigned int i = 0; i < n && o + 3 < size; i++)
		o += (size_t)snprintf(out + o, size - o, i ? ":%02X" : "%02X", d[i]);
}

char *
make_csr_pem(enum tkey kind, const char *cn, const char *san, size_t *len)
{
	X509_REQ *req = make_req(kind, cn, san);
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *copy;
	long n;

	assert_non_null(b);
	assert_int_equal(PEM_write_bio_X509_REQ(b, req), 1);
	n = BIO_get_mem_data(b, &data);
	assert_true(n > 0);
	copy = malloc((size_t)n + 1);
	assert_non_null(copy);
	memcpy(copy, data, (size_t)n);
	copy[n] = '\0';
	BIO_free(b);
	X509_REQ_free(req);
	*len = (size_t)n;
	return copy;
}

void
test_ca_params(struct tctx *t, struct pki_server_params *p)
{
	memset(p, 0, sizeof *p);
	p->root = "TestCA";
	p->dir = tpath(t, "ca");
	p->password = TEST_PASSWORD;
	p->password_len = strlen(TEST_PASSWORD);
	p->subject.cn = "Test CA";
	p->subject.country = "US";
	p->subject.org = "Example Corporation";
	p->key_type = PKI_KEY_EC_P256;
	p->ca_days = 3650;
	p->issue_days = 365;
}

void
configure_test_ca(struct tctx *t, long ca_days, long issue_days, struct pki_server_result *res)
{
	struct pki_server_params p;
	struct pki_server_result local;
	struct pki_server_result *r = res ? res : &local;

	test_ca_params(t, &p);
	p.ca_days = ca_days;
	p.issue_days = issue_days;
	memset(r, 0, sizeof *r);
	assert_pki_ok(pki_server_configure(t->store, &p, r, &t->err), &t->err);
	if (r == &local)
		pki_server_result_clear(&local);
}

int64_t
submit_csr(struct tctx *t, enum tkey kind, const char *root, const char *cn, const char *san)
{
	size_t len;
	unsigned char *der = make_csr_der(kind, cn, san, &len);
	struct pki_csr_meta meta = { .file_root = root,
		.contact_name = "Jane Doe",
		.contact_phone = "+1 617 555 0100",
		.contact_email = "jane@example.com",
		.hostname = "host1.example.com",
		.instance = "IRIS" };
	struct pki_csr_info info;
	int64_t id;

	memset(&info, 0, sizeof info);
	assert_pki_ok(pki_csr_submit(t->store, der, len, &meta, &info, &t->err), &t->err);
	free(der);
	id = info.id;
	assert_true(id > 0);
	pki_csr_info_clear(&info);
	return id;
}

X509 *
pem_to_x509(const char *pem)
{
	BIO *b;
	X509 *x;

	assert_non_null(pem);
	b = BIO_new_mem_buf(pem, -1);
	assert_non_null(b);
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	assert_non_null(x);
	return x;
}

int
tca_setup_days(void **state, long ca_days, long issue_days)
{
	struct pki_server_result res;

	if (tctx_setup(state) != 0)
		return -1;
	configure_test_ca(*state, ca_days, issue_days, &res);
	pki_server_result_clear(&res);
	return 0;
}

int
tca_setup(void **state)
{
	return tca_setup_days(state, 3650, 365);
}

pki_signer *
test_open_signer(struct tctx *t)
{
	pki_signer *s = NULL;

	assert_pki_ok(pki_signer_open(t->store, TEST_PASSWORD, strlen(TEST_PASSWORD), &s, &t->err),
	    &t->err);
	assert_non_null(s);
	return s;
}

uint64_t
test_issue(struct tctx *t, pki_signer *s, int64_t id, struct pki_cert_info *out)
{
	struct pki_cert_info ci;
	uint64_t serial;

	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &ci, &t->err), &t->err);
	serial = ci.serial;
	if (out != NULL)
		*out = ci;
	else
		pki_cert_info_clear(&ci);
	return serial;
}

size_t
test_pending(struct tctx *t)
{
	size_t n = 0;

	assert_pki_ok(pki_csr_count(t->store, &n, &t->err), &t->err);
	return n;
}

bool
test_ext_critical(X509 *x, int nid)
{
	int i = X509_get_ext_by_NID(x, nid, -1);

	assert_true(i >= 0);
	return X509_EXTENSION_get_critical(X509_get_ext(x, i)) == 1;
}
