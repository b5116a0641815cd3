/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_csr_batch.c: CSR intake in groups (csr_batch.c). A group of good
 * requests, a copy of one of them and a renewal of a certificate never
 * issued is stored in one call: the good ones get ids and one audit row
 * each under their own actor, the two others their own refusal, nothing of
 * theirs is stored; a request refused by the checks holds nothing.
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
test_group_each_own_outcome(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta ma = { .file_root = "alpha", .contact_name = "A" };
	struct pki_csr_meta mb = { .file_root = "beta", .contact_name = "B" };
	struct pki_csr_meta mc = { .file_root = "copy", .contact_name = "C" };
	struct pki_csr_meta md = { .file_root = "renew", .contact_name = "D", .renewal_of = 999 };
	struct pki_csr_pending p[4], *items[4];
	struct pki_csr_info *list = NULL;
	struct pki_audit_entry *audit = NULL;
	struct pki_audit_filter f = { .text = "csr-received" };
	size_t la, lb, ld, n = 0, na = 0, i;
	unsigned char *a = make_csr_der(TKEY_P256, "alpha.example.com", NULL, &la);
	unsigned char *b = make_csr_der(TKEY_P256, "beta.example.com", NULL, &lb);
	unsigned char *d = make_csr_der(TKEY_P256, "renew.example.com", NULL, &ld);
	char want[128];

	configure_test_ca(t, 3650, 365, NULL);
	assert_pki_ok(pki_csr_pending_prepare(a, la, &ma, "unit:a", &p[0], &t->err), &t->err);
	assert_pki_ok(pki_csr_pending_prepare(b, lb, &mb, "unit:b", &p[1], &t->err), &t->err);
	assert_pki_ok(pki_csr_pending_prepare(a, la, &mc, "unit:c", &p[2], &t->err), &t->err);
	assert_pki_ok(pki_csr_pending_prepare(d, ld, &md, "unit:d", &p[3], &t->err), &t->err);
	for (i = 0; i < 4; i++)
		items[i] = &p[i];
	assert_pki_ok(pki_csr_store_group(t->store, items, 4, &t->err), &t->err);

	assert_int_equal(p[0].code, 0);
	assert_int_equal(p[1].code, 0);
	assert_true(p[0].info.id > 0);
	assert_true(p[1].info.id > 0);
	assert_true(p[0].info.id != p[1].info.id);
	assert_int_equal(p[2].code, PKI_ERR_DUPLICATE);
	assert_int_equal(p[2].info.id, 0);
	snprintf(want, sizeof want, "request %lld", (long long)p[0].info.id);
	assert_non_null(strstr(p[2].err.msg, want));
	assert_int_equal(p[3].code, PKI_ERR_INVALID);
	assert_string_equal(p[3].err.field, "renewal_of");
	assert_int_equal(p[3].info.id, 0);

	assert_pki_ok(pki_csr_list(t->store, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].file_root, "alpha");
	assert_string_equal(list[1].file_root, "beta");
	pki_csr_info_array_free(&list, n);
	/* one audit row per stored request, each under its own actor */
	assert_pki_ok(pki_audit_list(t->store, &f, &audit, &na, &t->err), &t->err);
	assert_int_equal(na, 2);
	assert_string_equal(audit[0].actor, "unit:b"); /* newest first */
	assert_string_equal(audit[1].actor, "unit:a");
	pki_audit_array_free(audit, na);

	for (i = 0; i < 4; i++)
		pki_csr_pending_clear(&p[i]);
	free(a);
	free(b);
	free(d);
}

static void
test_prepare_refusal_holds_nothing(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_meta m = { .file_root = "bad", .contact_name = "E" };
	struct pki_csr_meta bad_root = { .file_root = "../up", .contact_name = "E" };
	struct pki_csr_pending p;
	static const unsigned char junk[] = "-----BEGIN CERTIFICATE REQUEST-----\n"
	                                    "bm90IGEgcmVxdWVzdA==\n"
	                                    "-----END CERTIFICATE REQUEST-----\n";
	size_t len;
	unsigned char *der = make_csr_der(TKEY_P256, "ok.example.com", NULL, &len);

	assert_int_equal(pki_csr_pending_prepare(junk, sizeof junk - 1, &m, "unit:e", &p, &t->err),
	    PKI_ERR_BAD_CSR);
	assert_true(t->err.msg[0] != '\0');
	assert_null(p.der);
	assert_null(p.info.subject);
	pki_csr_pending_clear(&p);
	assert_int_equal(pki_csr_pending_prepare(der, len, &bad_root, "unit:e", &p, &t->err),
	    PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "file_root");
	assert_null(p.der);
	pki_csr_pending_clear(&p);
	/* an empty group is a no-op */
	assert_pki_ok(pki_csr_store_group(t->store, NULL, 0, &t->err), &t->err);
	free(der);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_group_each_own_outcome, tctx_setup),
		tctx_test(test_prepare_refusal_holds_nothing, tctx_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
