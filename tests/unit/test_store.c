/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_store.c: the data directory and its database (created 0700, with
 * ncpki.db 0600 on SQLite, a schema version, rows kept across a reopen),
 * the choice of the store's implementation by the database's location and
 * the completeness of its operations, the file helpers (atomic writes
 * leave no temporary file and set the mode; reads stop at their limit),
 * and the change watch the OCSP responder follows. The store is the one
 * test_open gives (testutil.h: $NCPKI_TEST_STORE).
 */
#include "config.h"

#include "testutil.h"
#include "internal.h"

#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void
test_open_creates_home(void **state)
{
	struct tctx *t = *state;
	char db[400];

	assert_false(file_exists(t->home));
	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	assert_non_null(t->store);
	assert_true(file_exists(t->home));
	assert_int_equal(mode_of(t->home), 0700);
	assert_non_null(pki_store_db_path(t->store));
	if (test_store_sqlite()) {
		snprintf(db, sizeof db, "%s/ncpki.db", t->home);
		assert_true(file_exists(db));
		assert_string_equal(pki_store_db_path(t->store), db);
		assert_int_equal(mode_of(db), 0600);
	}
	assert_non_null(pki_store_home(t->store));
	assert_string_equal(pki_store_home(t->store), t->home);
	assert_true(pki_store_schema_version(t->store) > 0);
	pki_close(&t->store);
	assert_null(t->store);
	pki_close(&t->store); /* NULL is accepted */
}

static void
test_open_nested_home(void **state)
{
	struct tctx *t = *state;
	char nested[400];

	snprintf(nested, sizeof nested, "%s/a/b/ncpki", t->dir);
	assert_pki_ok(test_open(nested, &t->store, &t->err), &t->err);
	assert_int_equal(mode_of(nested), 0700);
	pki_close(&t->store);
}

static void
test_open_on_a_file_fails(void **state)
{
	struct tctx *t = *state;
	pki_store *s = (pki_store *)0x1;
	FILE *fp = fopen(t->home, "w");

	assert_non_null(fp);
	fputs("not a directory\n", fp);
	fclose(fp);
	memset(&t->err, 0, sizeof t->err);
	assert_int_not_equal(test_open(t->home, &s, &t->err), 0);
	assert_null(s); /* out-parameters are cleared at entry */
	assert_true(t->err.code != 0);
	assert_true(strlen(t->err.msg) > 0);
}

static void
test_reopen_keeps_rows(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_info *list = NULL;
	size_t n = 0;
	int version;
	int64_t id;

	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	version = pki_store_schema_version(t->store);
	id = submit_csr(t, TKEY_P256, "keepme", "keep.example.com", NULL);
	pki_close(&t->store);

	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	assert_int_equal(pki_store_schema_version(t->store), version);
	assert_pki_ok(pki_csr_list(t->store, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_string_equal(list[0].file_root, "keepme");
	assert_string_equal(list[0].contact_name, "Jane Doe");
	assert_string_equal(list[0].hostname, "host1.example.com");
	pki_csr_info_array_free(&list, n);
	assert_null(list);
	pki_close(&t->store);
}

/* pki_open is SQLite's; a location's scheme picks the implementation, and
 * one that none has is refused. */
static void
test_open_location(void **state)
{
	struct tctx *t = *state;
	pki_store *s = (pki_store *)0x1;

	assert_pki_ok(pki_open(t->home, &t->store, &t->err), &t->err);
	assert_ptr_equal(t->store->ops, &pki_store_sqlite_ops);
	pki_close(&t->store);
	assert_pki_ok(pki_store_open(t->home, "sqlite:", &t->store, &t->err), &t->err);
	assert_ptr_equal(t->store->ops, &pki_store_sqlite_ops);
	assert_true(pki_store_schema_version(t->store) > 0);
	pki_close(&t->store);

	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_store_open(t->home, "nosuch://db.example.com/ca", &s, &t->err),
	    PKI_ERR_INVALID);
	assert_null(s);
	assert_non_null(strstr(t->err.msg, "nosuch://db.example.com/ca"));
}

/* Every operation of the implementation under test is there: the table is
 * the scheme, then function pointers only. */
static void
test_ops_complete(void **state)
{
	struct tctx *t = *state;
	const struct pki_store_ops *ops;
	const size_t first = offsetof(struct pki_store_ops, open);
	void (*fn)(void);

	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	ops = t->store->ops;
	assert_non_null(ops->scheme);
	assert_true((sizeof *ops - first) % sizeof fn == 0);
	for (size_t off = first; off < sizeof *ops; off += sizeof fn) {
		memcpy(&fn, (const char *)ops + off, sizeof fn);
		assert_non_null(fn);
	}
}

static void
test_not_configured(void **state)
{
	struct tctx *t = *state;
	struct pki_server_info info;
	pki_signer *sg = NULL;
	char *pem = (char *)0x1;

	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_info(t->store, &info, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_int_equal(t->err.code, PKI_ERR_NOT_CONFIGURED);
	assert_int_equal(pki_signer_open(t->store, NULL, 0, &sg, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_null(sg);
	assert_int_equal(pki_ca_cert_pem(t->store, &pem, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_null(pem);
	pki_close(&t->store);
}

static int
count_entries(const char *dir)
{
	return (int)dir_count(dir);
}

static void
test_write_atomic(void **state)
{
	struct tctx *t = *state;
	char out[400];
	const char *data = "first version\n";
	const char *data2 = "second, longer version\n";
	char *got;
	size_t len;

	assert_int_equal(mkdir(t->home, 0700), 0);
	snprintf(out, sizeof out, "%s/file.txt", t->home);

	assert_pki_ok(pki_file_write_atomic(out, data, strlen(data), 0600, &t->err), &t->err);
	got = slurp(out, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(data));
	assert_string_equal(got, data);
	free(got);
	assert_int_equal(mode_of(out), 0600);
	/* no temporary file left beside it */
	assert_int_equal(count_entries(t->home), 1);

	/* overwriting replaces the content and sets the new mode */
	assert_pki_ok(pki_file_write_atomic(out, data2, strlen(data2), 0644, &t->err), &t->err);
	got = slurp(out, &len);
	assert_string_equal(got, data2);
	free(got);
	assert_int_equal(mode_of(out), 0644);
	assert_int_equal(count_entries(t->home), 1);

	/* the mode is set regardless of the umask */
	mode_t old = umask(077);
	assert_pki_ok(pki_file_write_atomic(out, data, strlen(data), 0644, &t->err), &t->err);
	umask(old);
	assert_int_equal(mode_of(out), 0644);

	/* binary data with NUL bytes and an empty file */
	static const unsigned char bin[] = { 0, 1, 2, 0, 255 };
	assert_pki_ok(pki_file_write_atomic(out, bin, sizeof bin, 0600, &t->err), &t->err);
	got = slurp(out, &len);
	assert_int_equal(len, sizeof bin);
	assert_memory_equal(got, bin, sizeof bin);
	free(got);
	assert_pki_ok(pki_file_write_atomic(out, "", 0, 0600, &t->err), &t->err);
	got = slurp(out, &len);
	assert_int_equal(len, 0);
	free(got);
	assert_int_equal(count_entries(t->home), 1);
}

static void
test_write_atomic_missing_dir(void **state)
{
	struct tctx *t = *state;
	char out[400];

	snprintf(out, sizeof out, "%s/no/such/dir/file.txt", t->dir);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_file_write_atomic(out, "x", 1, 0600, &t->err), PKI_ERR_IO);
	assert_true(strlen(t->err.msg) > 0);
	assert_false(file_exists(out));
}

static void
test_file_read_limit(void **state)
{
	struct tctx *t = *state;
	char path[400];
	unsigned char *buf = (unsigned char *)0x1;
	size_t len = 99;
	char data[101];

	memset(data, 'x', 100);
	data[100] = '\0';
	snprintf(path, sizeof path, "%s/hundred", t->dir);
	assert_pki_ok(pki_file_write_atomic(path, data, 100, 0600, &t->err), &t->err);

	assert_pki_ok(pki_file_read(path, 100, &buf, &len, &t->err), &t->err);
	assert_int_equal(len, 100);
	assert_memory_equal(buf, data, 100);
	free(buf);

	buf = (unsigned char *)0x1;
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_file_read(path, 99, &buf, &len, &t->err), PKI_ERR_TOO_LARGE);
	assert_null(buf);
	assert_true(strlen(t->err.msg) > 0);

	snprintf(path, sizeof path, "%s/absent", t->dir);
	buf = (unsigned char *)0x1;
	assert_int_equal(pki_file_read(path, 100, &buf, &len, &t->err), PKI_ERR_IO);
	assert_null(buf);
}

/* Looks until the watch has settled (its first looks map the WAL index). */
static void
settle(pki_store *s, struct pki_store_watch *w)
{
	int i;

	for (i = 0; i < 3 && s->ops->changed(s, w); i++)
		;
	assert_true(i < 3);
}

static void
configure_client(pki_store *s, const char *host, struct pki_error *err)
{
	struct pki_client_params p;

	memset(&p, 0, sizeof p);
	p.server_host = host;
	p.contact_name = "Jane Doe";
	p.instance = "IRIS1";
	assert_pki_ok(pki_client_configure(s, &p, err), err);
}

/* ops->changed: a commit through another connection or this one shows
 * once; a watch turned to another store starts afresh. */
static void
test_change_watch(void **state)
{
	struct tctx *t = *state;
	struct pki_store_watch w;
	pki_store *other = NULL;

	memset(&w, 0, sizeof w);
	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	assert_pki_ok(test_open(t->home, &other, &t->err), &t->err);
	assert_true(t->store->ops->changed(t->store, &w)); /* the first look */
	settle(t->store, &w);
	assert_false(t->store->ops->changed(t->store, &w));

	configure_client(other, "ca.example.com", &t->err);
	assert_true(t->store->ops->changed(t->store, &w));
	assert_false(t->store->ops->changed(t->store, &w));
	configure_client(t->store, "ca2.example.com", &t->err);
	assert_true(t->store->ops->changed(t->store, &w));
	assert_false(t->store->ops->changed(t->store, &w));

	assert_true(other->ops->changed(other, &w));
	settle(other, &w);
	assert_false(other->ops->changed(other, &w));
	pki_close(&other);
}

/* PostgreSQL: a connection lost is PKI_ERR_DB naming the database (never
 * its password); outside a transaction the next call connects again,
 * inside one nothing more runs until the caller rolls back. */
static void
test_connection_lost(void **state)
{
	struct tctx *t = *state;
	size_t n;

	if (test_store_sqlite())
		skip();
	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	assert_pki_ok(t->store->ops->csr_count(t->store, &n, &t->err), &t->err);
	assert_true(test_pg_drop_connections() >= 1);
	assert_int_equal(t->store->ops->csr_count(t->store, &n, &t->err), PKI_ERR_DB);
	assert_non_null(strstr(t->err.msg, "postgresql://"));
	assert_null(strchr(t->err.msg, '\n'));
	assert_pki_ok(t->store->ops->csr_count(t->store, &n, &t->err), &t->err);

	assert_pki_ok(t->store->ops->tx_begin(t->store, true, &t->err), &t->err);
	assert_true(test_pg_drop_connections() >= 1);
	assert_int_equal(t->store->ops->csr_count(t->store, &n, &t->err), PKI_ERR_DB);
	assert_int_equal(t->store->ops->csr_count(t->store, &n, &t->err), PKI_ERR_DB);
	t->store->ops->tx_rollback(t->store);
	assert_pki_ok(t->store->ops->csr_count(t->store, &n, &t->err), &t->err);
	pki_close(&t->store);
}

/* One writer's turn: the next serial after the highest, in one write
 * transaction, as issuing takes it. */
static int
insert_next_serial(pki_store *s, const char *file_root, struct pki_error *err)
{
	struct pki_cert_info c;
	uint64_t max;
	int r;

	memset(&c, 0, sizeof c);
	if ((r = s->ops->tx_begin(s, true, err)) != 0)
		return r;
	if ((r = s->ops->cert_max_serial(s, &max, err)) != 0)
		goto out;
	c.serial = max + 1;
	c.file_root = (char *)file_root;
	c.subject = c.issuer = (char *)"CN=concurrent";
	c.sans = c.hostname = c.instance = (char *)"";
	c.contact_name = c.contact_phone = c.contact_email = (char *)"";
	c.usage = PKI_USAGE_TLS;
	snprintf(c.sha1, sizeof c.sha1, "%s", file_root);
	snprintf(c.sha256, sizeof c.sha256, "%s", file_root);
	c.not_before = c.issued_at = 1;
	c.not_after = 2;
	if ((r = s->ops->cert_insert(s, &c, (const unsigned char *)"\x30\x00", 2, err)) == 0)
		return s->ops->tx_commit(s, err);
out:
	s->ops->tx_rollback(s);
	return r;
}

/* Four processes open a new database at once and take serials max + 1 in
 * turn: every first open succeeds (one creates the schema, the others
 * wait for it), no serial is taken twice, none is lost. */
static void
test_concurrent_writers(void **state)
{
	struct tctx *t = *state;
	enum { WRITERS = 4, TURNS = 25 };
	uint64_t max;
	int status, failed = 0;

	for (int w = 0; w < WRITERS; w++) {
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			struct pki_error err;
			pki_store *s = NULL;
			char root[32];
			int r = test_open(t->home, &s, &err);

			for (int i = 0; r == 0 && i < TURNS; i++) {
				snprintf(root, sizeof root, "w%d-%d", w, i);
				r = insert_next_serial(s, root, &err);
			}
			if (r != 0)
				fprintf(stderr, "writer %d: %s\n", w, err.msg);
			pki_close(&s);
			_exit(r != 0);
		}
	}
	while (wait(&status) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	assert_int_equal(failed, 0);
	assert_pki_ok(test_open(t->home, &t->store, &t->err), &t->err);
	assert_pki_ok(t->store->ops->cert_max_serial(t->store, &max, &t->err), &t->err);
	assert_int_equal(max, WRITERS * TURNS);
	pki_close(&t->store);
}

static void
test_secret_free(void **state)
{
	char *p = malloc(32);
	(void)state;

	assert_non_null(p);
	memset(p, 'k', 32);
	pki_cleanse(p, 32);
	for (int i = 0; i < 32; i++)
		assert_int_equal(p[i], 0);
	pki_secret_free(p, 32);
	pki_secret_free(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_open_creates_home, tdir_setup),
		tctx_test(test_open_nested_home, tdir_setup),
		tctx_test(test_open_on_a_file_fails, tdir_setup),
		tctx_test(test_reopen_keeps_rows, tdir_setup),
		tctx_test(test_open_location, tdir_setup),
		tctx_test(test_ops_complete, tdir_setup),
		tctx_test(test_not_configured, tdir_setup),
		tctx_test(test_write_atomic, tdir_setup),
		tctx_test(test_write_atomic_missing_dir, tdir_setup),
		tctx_test(test_file_read_limit, tdir_setup),
		tctx_test(test_change_watch, tdir_setup),
		tctx_test(test_connection_lost, tdir_setup),
		tctx_test(test_concurrent_writers, tdir_setup),
		cmocka_unit_test(test_secret_free),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
