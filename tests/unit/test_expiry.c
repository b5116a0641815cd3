/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_expiry.c: renewals at intake (the serial must have been issued, the
 * subject must be the same, a refusal stores nothing; issuing copies
 * renewal_of to the certificate), the expiring list (not revoked, soonest
 * first, the expired included), the notice period's bounds, and the
 * expiry notices at chosen times: the window's edges, one per certificate,
 * none for revoked, renewed, expired or contactless certificates.
 */
#include "config.h"

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400

static int
ca_setup(void **state)
{
	return tca_setup_days(state, 3650, 10);
}

/* Submits a renewal of `of` for cn; returns the pki_csr_submit result. */
static int
submit_renewal(struct tctx *t, const char *cn, uint64_t of, const char *email,
               struct pki_csr_info *info)
{
	size_t len;
	unsigned char *der = make_csr_der(TKEY_P256, cn, NULL, &len);
	struct pki_csr_meta meta = { .file_root = "renewal", .contact_name = "Jane Doe",
		.contact_email = email, .renewal_of = of };
	int r;

	r = pki_csr_submit(t->store, der, len, &meta, info, &t->err);
	free(der);
	return r;
}

static void
test_renewal_intake(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_info info;
	struct pki_cert_info ci;
	pki_signer *s = test_open_signer(t);
	uint64_t old, neu;
	size_t before;

	old = test_issue(t, s, submit_csr(t, TKEY_P256, "web", "web.example.com", NULL), NULL);
	before = test_pending(t);

	assert_int_equal(submit_renewal(t, "web.example.com", 4242, NULL, &info), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "renewal_of");
	assert_non_null(strstr(t->err.msg, "Certificate 4242 was never issued"));
	assert_int_equal(submit_renewal(t, "other.example.com", old, NULL, &info), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "renewal_of");
	assert_non_null(strstr(t->err.msg, "is not the subject of certificate"));
	assert_int_equal(submit_renewal(t, "web.example.com", UINT64_MAX, NULL, &info),
	                 PKI_ERR_INVALID);
	assert_int_equal(test_pending(t), before);

	assert_pki_ok(submit_renewal(t, "web.example.com", old, NULL, &info), &t->err);
	assert_int_equal(info.renewal_of, old);
	pki_csr_info_clear(&info);
	assert_int_equal(test_pending(t), before + 1);
	assert_pki_ok(pki_csr_get(t->store, 2, &info, &t->err), &t->err);
	assert_int_equal(info.renewal_of, old);
	pki_csr_info_clear(&info);

	neu = test_issue(t, s, 2, &ci);
	assert_int_equal(ci.renewal_of, old);
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_cert_get(t->store, neu, &ci, &t->err), &t->err);
	assert_int_equal(ci.renewal_of, old);
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_cert_get(t->store, old, &ci, &t->err), &t->err);
	assert_int_equal(ci.renewal_of, 0);
	pki_cert_info_clear(&ci);
	pki_signer_close(&s);
}

static void
test_notice_days(void **state)
{
	struct tctx *t = *state;
	long d = -1;

	assert_pki_ok(pki_server_get_notice_days(t->store, &d, &t->err), &t->err);
	assert_int_equal(d, 30);
	assert_int_equal(pki_server_set_notice_days(t->store, 367, &t->err), PKI_ERR_INVALID);
	assert_int_equal(pki_server_set_notice_days(t->store, -1, &t->err), PKI_ERR_INVALID);
	assert_pki_ok(pki_server_set_notice_days(t->store, 366, &t->err), &t->err);
	assert_pki_ok(pki_server_get_notice_days(t->store, &d, &t->err), &t->err);
	assert_int_equal(d, 366);
	assert_pki_ok(pki_server_set_notice_days(t->store, 0, &t->err), &t->err);
	assert_pki_ok(pki_server_get_notice_days(t->store, &d, &t->err), &t->err);
	assert_int_equal(d, 0);
}

static size_t
notices(struct tctx *t, time_t now)
{
	size_t q = 99;

	assert_pki_ok(pki_expiry_notices_queue(t->store, now, &q, &t->err), &t->err);
	return q;
}

static void
test_expiry_notices(void **state)
{
	struct tctx *t = *state;
	struct pki_cert_info a, *arr = NULL;
	struct pki_csr_info info;
	struct pki_mail m;
	pki_signer *s = test_open_signer(t);
	uint64_t sa, sb, sc, sd;
	size_t n = 0;

	sa = test_issue(t, s, submit_csr(t, TKEY_P256, "a", "a.example.com", NULL), &a);
	sb = test_issue(t, s, submit_csr(t, TKEY_P256, "b", "b.example.com", NULL), NULL);
	sc = test_issue(t, s, submit_csr(t, TKEY_P256, "c", "c.example.com", NULL), NULL);
	assert_pki_ok(pki_cert_revoke(t->store, s, sb, PKI_REASON_SUPERSEDED, 0, NULL, &t->err),
	              &t->err);
	/* c is renewed by d; d has no contact email. */
	assert_pki_ok(submit_renewal(t, "c.example.com", sc, "", &info), &t->err);
	sd = test_issue(t, s, info.id, NULL);
	pki_csr_info_clear(&info);

	/* Listing: b (revoked) left out; 10 days each, so none within 9 days. */
	assert_pki_ok(pki_cert_list_expiring(t->store, 9, &arr, &n, &t->err), &t->err);
	assert_int_equal(n, 0);
	assert_pki_ok(pki_cert_list_expiring(t->store, 11, &arr, &n, &t->err), &t->err);
	assert_int_equal(n, 3);
	assert_int_equal(arr[0].serial, sa);
	assert_int_equal(arr[2].serial, sd);
	assert_int_equal(arr[2].renewal_of, sc);
	pki_cert_info_array_free(&arr, n);
	assert_int_equal(pki_cert_list_expiring(t->store, -1, &arr, &n, &t->err), PKI_ERR_INVALID);
	/* The console's page: the soonest first, at most `limit`, the counts
	 * capped; none has expired yet. */
	{
		struct pki_expiring_page pg;

		assert_pki_ok(pki_cert_expiring_page(t->store, 11, 2, 10, &pg, &t->err), &t->err);
		assert_int_equal(pg.n, 2);
		assert_int_equal(pg.rows[0].serial, sa);
		assert_int_equal(pg.count, 3);
		assert_false(pg.count_more);
		assert_int_equal(pg.expired, 0);
		pki_expiring_page_clear(&pg);
		assert_pki_ok(pki_cert_expiring_page(t->store, 11, 5, 2, &pg, &t->err), &t->err);
		assert_int_equal(pg.n, 3);
		assert_int_equal(pg.count, 2);
		assert_true(pg.count_more);
		pki_expiring_page_clear(&pg);
		assert_pki_ok(pki_cert_expiring_page(t->store, 9, 5, 10, &pg, &t->err), &t->err);
		assert_int_equal(pg.n, 0);
		assert_int_equal(pg.count, 0);
		pki_expiring_page_clear(&pg);
		assert_int_equal(pki_cert_expiring_page(t->store, -1, 5, 10, &pg, &t->err),
		                 PKI_ERR_INVALID);
	}

	/* Notices: 5 days before the end. */
	assert_pki_ok(pki_server_set_notice_days(t->store, 5, &t->err), &t->err);
	assert_int_equal(notices(t, a.not_after - 5 * DAY - 60), 0);
	/* Within the window only a qualifies: b revoked, c renewed, d no email. */
	assert_int_equal(notices(t, a.not_after - 5 * DAY + 60), 1);
	assert_pki_ok(pki_mail_last(t->store, "expiry-notice", &m, &t->err), &t->err);
	assert_string_equal(m.recipient, "jane@example.com");
	assert_non_null(strstr(m.subject, "\"a\" expires on"));
	pki_mail_clear(&m);
	/* Once only. */
	assert_int_equal(notices(t, a.not_after - DAY), 0);
	/* Turned off, or already expired: none. */
	assert_pki_ok(pki_server_set_notice_days(t->store, 0, &t->err), &t->err);
	assert_int_equal(notices(t, a.not_after - DAY), 0);
	assert_pki_ok(pki_server_set_notice_days(t->store, 30, &t->err), &t->err);
	assert_int_equal(notices(t, a.not_after + DAY), 0);
	pki_cert_info_clear(&a);
	pki_signer_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_renewal_intake, ca_setup, tctx_teardown),
		cmocka_unit_test_setup_teardown(test_notice_days, ca_setup, tctx_teardown),
		cmocka_unit_test_setup_teardown(test_expiry_notices, ca_setup, tctx_teardown),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
