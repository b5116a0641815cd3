/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testutil.h: what the unit tests share: a throwaway directory per test,
 * small file helpers, PKCS#10 requests made here with OpenSSL (so the tests
 * do not depend on the library's own code to make their inputs), and a
 * configured EC P-256 CA to issue from.
 */
#ifndef NCPKI_TESTUTIL_H
#define NCPKI_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ncpki.h"

#define TEST_PASSWORD "correct horse battery"

/* A fresh mkdtemp directory; its store (home = DIR/home) once opened. */
struct tctx {
	char dir[256];
	char home[300];
	pki_store *store;
	struct pki_error err;
};

/*
 * The store the unit tests run on: pki_open's, through the implementation
 * that $NCPKI_TEST_STORE names by its database location ("sqlite:", the
 * default; a second implementation adds its scheme), so that the same
 * tests run on each. A test of one implementation's own behaviour (SQLite's
 * file, its WAL) skips on the others with SQLITE_ONLY().
 */
int test_open(const char *home, pki_store **out, struct pki_error *err);
bool test_store_sqlite(void);
/* PostgreSQL: ends every other connection to the test's database, as a
 * server restart would (how many; -1 on SQLite or on failure). */
int test_pg_drop_connections(void);
#define SQLITE_ONLY() \
	do { \
		if (!test_store_sqlite()) \
			skip(); \
	} while (0)

/* cmocka setup/teardown: state is a struct tctx with dir made, store open. */
int tctx_setup(void **state);
int tctx_teardown(void **state);
/* The same with only the dir made (home = DIR/home, not opened): for tests
 * that open their own store; tctx_teardown ends it all the same. */
int tdir_setup(void **state);
/* A test run between setup and tctx_teardown (one line of a test table). */
#define tctx_test(f, setup) cmocka_unit_test_setup_teardown(f, setup, tctx_teardown)

/* "DIR/name" in a static rotating buffer (enough for a few at once). */
const char *tpath(const struct tctx *t, const char *name);

bool file_exists(const char *path);
unsigned mode_of(const char *path); /* permission bits, or ~0u */
/* Whole file, NUL-terminated; caller frees; NULL if unreadable. */
char *slurp(const char *path, size_t *len);
void rm_rf(const char *path);
size_t dir_count(const char *path); /* entries besides . and .. */

/* Key kinds for requests. */
enum tkey { TKEY_P256, TKEY_RSA1024, TKEY_RSA2048 };
EVP_PKEY *tkey_new(enum tkey kind);

/*
 * A signed PKCS#10 request in DER (caller frees with free()).
 * cn: the subject CN (O=Example Corporation, C=US are added);
 * san: e.g. "DNS:host.example.com" or NULL.
 */
unsigned char *make_csr_der(enum tkey kind, const char *cn, const char *san, size_t *len);
/* The same signed with k (a renewal that keeps its key). */
unsigned char *make_csr_der_key(EVP_PKEY *k, const char *cn, const char *san, size_t *len);
/* "AA:BB:..." of the certificate's DER, as openssl x509 -fingerprint. */
void tfingerprint(X509 *x, const EVP_MD *md, char *out, size_t size);
/* The same as PEM text, NUL-terminated. */
char *make_csr_pem(enum tkey kind, const char *cn, const char *san, size_t *len);

/* Configures a new EC P-256 CA "TestCA" in DIR/ca; asserts success. */
void configure_test_ca(struct tctx *t, long ca_days, long issue_days,
    struct pki_server_result *res);
/* Default parameters for that CA (dir is DIR/ca). */
void test_ca_params(struct tctx *t, struct pki_server_params *p);

/* Submits a request; asserts success; returns its id. */
int64_t submit_csr(struct tctx *t, enum tkey kind, const char *root, const char *cn,
    const char *san);

/* cmocka setup: tctx_setup and configure_test_ca (a CA of 3650 days
 * issuing for 365; _days: other periods). */
int tca_setup(void **state);
int tca_setup_days(void **state, long ca_days, long issue_days);
/* The test CA's key, unlocked with TEST_PASSWORD; asserts. */
pki_signer *test_open_signer(struct tctx *t);
/* Issues request id for TLS/SSL: its serial, and the certificate in *out
 * when out is not NULL (caller clears). */
uint64_t test_issue(struct tctx *t, pki_signer *s, int64_t id, struct pki_cert_info *out);
/* How many requests are pending. */
size_t test_pending(struct tctx *t);
/* Whether x's extension nid is critical; asserts x has it. */
bool test_ext_critical(X509 *x, int nid);

/* Parses PEM into an X509; asserts. */
X509 *pem_to_x509(const char *pem);

/* Prints err when a call fails, for a readable cmocka failure. */
#define assert_pki_ok(expr, errp) \
	do { \
		int r_ = (expr); \
		if (r_ != 0) \
			print_error("%s: %d (%s) field=\"%s\" msg=\"%s\"\n", #expr, r_, \
			    pki_strerror(r_), (errp)->field, (errp)->msg); \
		assert_int_equal(r_, 0); \
	} while (0)

#endif
