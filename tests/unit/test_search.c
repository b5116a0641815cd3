/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_search.c: issued certificates a page at a time (the store's cert_page_read):
 * keyset pages forwards and backwards meet without a gap or a repeat, the
 * substring filter (through the trigram index from three characters, a
 * scan below, % and _ literal) finds what a plain search of the same
 * columns finds, the capped count, exact filters with a text, pages in
 * another order (subject, usage, notAfter, either way) that meet the order
 * a sort of every row gives, and rows written to cert without the library
 * found after all (SQLite only).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "testutil.h"

#define N 25

/* CN hNN.zoneZ.example.com (Z = NN % 3), file name hNN, issued for real. */
static int
search_setup(void **state)
{
	struct tctx *t;
	pki_signer *s = NULL;
	size_t issued = 0;
	char root[16], cn[64];
	int i;

	if (tca_setup(state) != 0)
		return -1;
	t = *state;
	for (i = 1; i <= N; i++) {
		snprintf(root, sizeof root, "h%02d", i);
		snprintf(cn, sizeof cn, "h%02d.zone%d.example.com", i, i % 3);
		submit_csr(t, TKEY_P256, root, cn, NULL);
	}
	s = test_open_signer(t);
	assert_pki_ok(pki_csr_issue_batch(t->store, s, NULL, 0, PKI_USAGE_TLS, &issued, &t->err),
	    &t->err);
	pki_signer_close(&s);
	assert_int_equal(issued, N);
	return 0;
}

static void
read_page(struct tctx *t, const struct pki_cert_query *q, struct pki_cert_page *p)
{
	assert_pki_ok(pki_cert_page_read(t->store, q, p, &t->err), &t->err);
	for (size_t i = 1; i < p->n; i++)
		assert_true(p->rows[i - 1].serial < p->rows[i].serial);
	assert_false(p->partial);
}

/* The serials matching `text`, as a plain search of the rows finds them. */
static size_t
expected(struct tctx *t, const char *text, uint64_t *out)
{
	struct pki_cert_info *all = NULL;
	size_t n = 0, k = 0;

	assert_pki_ok(pki_cert_list(t->store, NULL, &all, &n, &t->err), &t->err);
	for (size_t i = 0; i < n; i++) {
		const struct pki_cert_info *c = &all[i];

		if (strcasestr(c->subject, text) || strcasestr(c->sans, text) ||
		    strcasestr(c->hostname, text) || strcasestr(c->instance, text) ||
		    strcasestr(c->file_root, text))
			out[k++] = c->serial;
	}
	pki_cert_info_array_free(&all, n);
	return k;
}

static void
test_pages(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_query q;
	struct pki_cert_page p;
	uint64_t seen[N + 1], key = 0;
	size_t got = 0;

	/* Forwards, 10 at a time: 10, 10, 5, every serial once. */
	q = (struct pki_cert_query){ .limit = 10, .count_cap = 100 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 10);
	assert_true(p.more);
	assert_int_equal(p.count, N);
	assert_false(p.count_more);
	for (;;) {
		for (size_t i = 0; i < p.n; i++) {
			assert_true(p.rows[i].serial > key);
			seen[got++] = key = p.rows[i].serial;
			assert_non_null(p.rows[i].subject);
			assert_non_null(p.rows[i].issuer);
		}
		if (!p.more)
			break;
		pki_cert_page_clear(&p);
		q = (struct pki_cert_query){ .seek = PKI_SEEK_AFTER, .key = key, .limit = 10 };
		read_page(t, &q, &p);
	}
	assert_int_equal(p.n, 5);
	pki_cert_page_clear(&p);
	assert_int_equal(got, N);

	/* Backwards from the end meets the same serials in reverse. */
	q = (struct pki_cert_query){ .seek = PKI_SEEK_LAST, .limit = 10 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 10);
	assert_true(p.more);
	assert_int_equal(p.rows[9].serial, seen[N - 1]);
	assert_int_equal(p.rows[0].serial, seen[N - 10]);
	key = p.rows[0].serial;
	pki_cert_page_clear(&p);
	q = (struct pki_cert_query){ .seek = PKI_SEEK_BEFORE, .key = key, .limit = 20 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 15);
	assert_false(p.more);
	assert_int_equal(p.rows[0].serial, seen[0]);
	assert_int_equal(p.rows[14].serial, seen[14]);
	pki_cert_page_clear(&p);
	pki_cert_page_clear(NULL);

	/* The count stops at its cap. */
	q = (struct pki_cert_query){ .limit = 3, .count_cap = 7 };
	read_page(t, &q, &p);
	assert_int_equal(p.count, 7);
	assert_true(p.count_more);
	pki_cert_page_clear(&p);
}

static void
check_text(struct tctx *t, const char *text)
{
	struct pki_cert_query q;
	struct pki_cert_page p;
	uint64_t want[N + 8];
	size_t k = expected(t, text, want), n = 0;
	bool more = false;

	q = (struct pki_cert_query){ .text = text, .limit = N + 8, .count_cap = 100 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, k);
	assert_int_equal(p.count, k);
	for (size_t i = 0; i < k; i++)
		assert_int_equal(p.rows[i].serial, want[i]);
	pki_cert_page_clear(&p);
	assert_pki_ok(pki_cert_count(t->store, &q, 100, &n, &more, &t->err), &t->err);
	assert_int_equal(n, k);
	assert_false(more);
}

static void
test_text(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_query q;
	struct pki_cert_page p;
	uint64_t want[N + 8];

	assert_int_equal(expected(t, "zone1", want), 9); /* 1, 4, ... 22, 25 */
	check_text(t, "zone1");
	check_text(t, "ZONE2.EXAMPLE"); /* any case */
	check_text(t, "h1"); /* short: h10..h19 */
	assert_int_equal(expected(t, "h1", want), 10);
	check_text(t, "2");
	check_text(t, "h07.");
	check_text(t, "nowhere");
	assert_int_equal(expected(t, "%", want), 0);
	check_text(t, "%"); /* not a wildcard */
	check_text(t, "_");
	check_text(t, "h_1");
	check_text(t, "\"h0"); /* a quote in the index's query */

	/* Paging through a text: after the 3rd of zone1's 9, the 4th on. */
	expected(t, "zone1", want);
	q = (struct pki_cert_query){ .text = "zone1",
		.seek = PKI_SEEK_AFTER,
		.key = want[2],
		.limit = 2,
		.count_cap = 100 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 2);
	assert_true(p.more);
	assert_int_equal(p.rows[0].serial, want[3]);
	assert_int_equal(p.rows[1].serial, want[4]);
	assert_int_equal(p.count, 9); /* the whole filter's, key aside */
	pki_cert_page_clear(&p);
	q.seek = PKI_SEEK_LAST;
	read_page(t, &q, &p);
	assert_int_equal(p.rows[0].serial, want[7]);
	assert_int_equal(p.rows[1].serial, want[8]);
	assert_true(p.more);
	pki_cert_page_clear(&p);

	/* Exact fields with a text. */
	q = (struct pki_cert_query){ .text = "zone1", .f.file_root = "h04", .count_cap = 100 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.rows[0].file_root, "h04");
	pki_cert_page_clear(&p);
	q.f.file_root = "h05";
	read_page(t, &q, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.count, 0);
	pki_cert_page_clear(&p);
	q = (struct pki_cert_query){ .f.serial = want[1],
		.f.hostname = "host1.example.com",
		.count_cap = 100 };
	read_page(t, &q, &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].serial, want[1]);
	pki_cert_page_clear(&p);
	q.f.hostname = "nohost.example.com";
	read_page(t, &q, &p);
	assert_int_equal(p.n, 0);
	pki_cert_page_clear(&p);
}

/* A row written with SQL, not through the library, is found all the same:
 * SQLite's search index catches up with rows it was not told of (the
 * benchmarks' fabricated rows, a repair by hand). */
static void
test_outside_rows(void **state)
{
	struct tctx *t = *state;
	sqlite3 *db = NULL;

	SQLITE_ONLY();
	assert_int_equal(sqlite3_open(pki_store_db_path(t->store), &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO cert (serial, csr_id, file_root, subject, issuer, sans, usage,"
	        " sha1, sha256, not_before, not_after, issued_at, der)"
	        " SELECT 1000, 0, 'outside', 'CN=outside.example.org', issuer, sans, usage,"
	        " sha1, sha256, not_before, not_after, issued_at, der FROM cert LIMIT 1",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	check_text(t, "outside.exa");
	check_text(t, "example.org");
	check_text(t, "example");
}

/* ------------------------------------------------------------ the order */

struct key_row {
	uint64_t serial;
	char subject[160];
	const char *usage;
	time_t not_after;
	enum pki_usage u;
};

static enum pki_cert_order sort_order;
static bool sort_desc;

static int
key_cmp(const void *a, const void *b)
{
	const struct key_row *x = a, *y = b;
	int c = 0;

	if (sort_order == PKI_ORDER_SUBJECT)
		c = strcmp(x->subject, y->subject);
	else if (sort_order == PKI_ORDER_USAGE)
		c = strcmp(x->usage, y->usage);
	else if (sort_order == PKI_ORDER_NOT_AFTER)
		c = x->not_after < y->not_after ? -1 : x->not_after > y->not_after;
	if (c == 0)
		c = x->serial < y->serial ? -1 : x->serial > y->serial;
	return sort_desc ? -c : c;
}

static void
key_of(const struct pki_cert_info *c, struct key_row *k)
{
	k->serial = c->serial;
	snprintf(k->subject, sizeof k->subject, "%s", c->subject);
	k->usage = pki_usage_name(c->usage);
	k->u = c->usage;
	k->not_after = c->not_after;
}

static void
after_key(struct pki_cert_query *q, const struct key_row *k)
{
	q->key = k->serial;
	q->key_subject = k->subject;
	q->key_usage = k->u;
	q->key_not_after = k->not_after;
}

/* Pages in another order than the serial's, either way, forwards from the
 * first and backwards from the last, 4 rows at a time: every row once, in
 * the order a sort of all the rows gives (ties by serial). Rows whose
 * subjects, usages and notAfters do not follow the serials are added. */
static void
test_order(void **state)
{
	static const struct {
		const char *root, *cn;
		enum pki_usage usage;
		long days;
	} extra[] = {
		{ "zz", "aaa.first.example.com", PKI_USAGE_CODESIGN, 30 },
		{ "yy", "zzz.last.example.com", PKI_USAGE_INTERMEDIATE, 400 },
		{ "xx", "mmm.middle.example.com", PKI_USAGE_TLS, 2 },
		{ "ww", "H00.upper.example.com", PKI_USAGE_CODESIGN, 90 },
	};
	struct tctx *t = *state;
	struct key_row all[N + 8], got[N + 8];
	struct pki_cert_query q;
	struct pki_cert_page p;
	pki_signer *s;
	size_t n = 0, k;

	s = test_open_signer(t);
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		struct pki_cert_info ci;
		int64_t id = submit_csr(t, TKEY_P256, extra[i].root, extra[i].cn, NULL);

		assert_pki_ok(pki_csr_issue_for_days(t->store, s, id, extra[i].usage, extra[i].days,
		                  0, &ci, &t->err),
		    &t->err);
		pki_cert_info_clear(&ci);
	}
	pki_signer_close(&s);
	q = (struct pki_cert_query){ .limit = 100 };
	assert_pki_ok(pki_cert_page_read(t->store, &q, &p, &t->err), &t->err);
	for (size_t i = 0; i < p.n; i++)
		key_of(&p.rows[i], &all[n++]);
	pki_cert_page_clear(&p);
	assert_int_equal(n, N + sizeof extra / sizeof extra[0]);

	for (int o = PKI_ORDER_SERIAL; o < PKI_ORDER__COUNT; o++)
		for (int d = 0; d < 2; d++) {
			sort_order = (enum pki_cert_order)o;
			sort_desc = d != 0;
			qsort(all, n, sizeof all[0], key_cmp);
			/* forwards */
			k = 0;
			q = (struct pki_cert_query){ .order = sort_order,
				.desc = sort_desc,
				.limit = 4 };
			for (;;) {
				assert_pki_ok(pki_cert_page_read(t->store, &q, &p, &t->err),
				    &t->err);
				for (size_t i = 0; i < p.n && k < n + 8; i++)
					key_of(&p.rows[i], &got[k++]);
				if (!p.more || p.n == 0) {
					pki_cert_page_clear(&p);
					break;
				}
				pki_cert_page_clear(&p);
				q = (struct pki_cert_query){ .order = sort_order,
					.desc = sort_desc,
					.seek = PKI_SEEK_AFTER,
					.limit = 4 };
				after_key(&q, &got[k - 1]);
			}
			assert_int_equal(k, n);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(got[i].serial, all[i].serial);
			/* backwards */
			k = n;
			q = (struct pki_cert_query){ .order = sort_order,
				.desc = sort_desc,
				.seek = PKI_SEEK_LAST,
				.limit = 4 };
			for (;;) {
				assert_pki_ok(pki_cert_page_read(t->store, &q, &p, &t->err),
				    &t->err);
				assert_true(p.n <= k);
				k -= p.n;
				for (size_t i = 0; i < p.n; i++)
					key_of(&p.rows[i], &got[k + i]);
				if (!p.more || p.n == 0) {
					pki_cert_page_clear(&p);
					break;
				}
				pki_cert_page_clear(&p);
				q = (struct pki_cert_query){ .order = sort_order,
					.desc = sort_desc,
					.seek = PKI_SEEK_BEFORE,
					.limit = 4 };
				after_key(&q, &got[k]);
			}
			assert_int_equal(k, 0);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(got[i].serial, all[i].serial);
			/* a text filter keeps the order */
			q = (struct pki_cert_query){ .order = sort_order,
				.desc = sort_desc,
				.text = "example.com",
				.limit = 100 };
			assert_pki_ok(pki_cert_page_read(t->store, &q, &p, &t->err), &t->err);
			assert_int_equal(p.n, n);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(p.rows[i].serial, all[i].serial);
			pki_cert_page_clear(&p);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_pages, search_setup),
		tctx_test(test_text, search_setup),
		tctx_test(test_outside_rows, search_setup),
		tctx_test(test_order, search_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
