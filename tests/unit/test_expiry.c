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

/* The contact submit_csr gives every request. */
#define C_NAME "Jane Doe"
#define C_PHONE "+1 617 555 0100"
#define C_EMAIL "jane@example.com"

/* Submits a request for cn signed with k (root as its file root) with
 * submit_csr's contact, or none but the name when !contact; renewing `of`
 * (0: a new request). Returns the pki_csr_submit result; info filled on
 * success (caller clears). */
static int
submit_keyed(struct tctx *t, EVP_PKEY *k, const char *root, const char *cn, bool contact,
    uint64_t of, struct pki_csr_info *info)
{
	size_t len;
	unsigned char *der = make_csr_der_key(k, cn, NULL, &len);
	struct pki_csr_meta meta = { .file_root = root,
		.contact_name = C_NAME,
		.contact_phone = contact ? C_PHONE : NULL,
		.contact_email = contact ? C_EMAIL : NULL,
		.renewal_of = of };
	int r;

	r = pki_csr_submit(t->store, der, len, &meta, info, &t->err);
	free(der);
	return r;
}

/* Submits a renewal of `of` for cn keeping key k and the contact. */
static int
submit_renewal(struct tctx *t, EVP_PKEY *k, const char *cn, uint64_t of, struct pki_csr_info *info)
{
	return submit_keyed(t, k, "renewal", cn, true, of, info);
}

/* Submits a new request signed with k (asserts) and issues it. */
static uint64_t
issue_keyed(struct tctx *t, pki_signer *s, EVP_PKEY *k, const char *root, const char *cn,
    bool contact, struct pki_cert_info *out)
{
	struct pki_csr_info info;
	int64_t id;

	assert_pki_ok(submit_keyed(t, k, root, cn, contact, 0, &info), &t->err);
	id = info.id;
	pki_csr_info_clear(&info);
	return test_issue(t, s, id, out);
}

static void
test_renewal_intake(void **state)
{
	struct tctx *t = *state;
	struct pki_csr_info info;
	struct pki_cert_info ci;
	pki_signer *s = test_open_signer(t);
	EVP_PKEY *k = tkey_new(TKEY_P256), *other = tkey_new(TKEY_P256);
	uint64_t old, neu;
	int64_t id;
	size_t before;

	old = issue_keyed(t, s, k, "web", "web.example.com", true, NULL);
	before = test_pending(t);

	assert_int_equal(submit_renewal(t, k, "web.example.com", 4242, &info), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "renewal_of");
	assert_non_null(strstr(t->err.msg, "Certificate 4242 was never issued"));
	assert_int_equal(submit_renewal(t, k, "other.example.com", old, &info), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "renewal_of");
	assert_non_null(strstr(t->err.msg, "is not the subject of certificate"));
	assert_int_equal(submit_renewal(t, k, "web.example.com", UINT64_MAX, &info),
	    PKI_ERR_INVALID);
	/* Issue 14: a new key without a proof, or another contact, is no renewal. */
	assert_int_equal(submit_renewal(t, other, "web.example.com", old, &info),
	    PKI_ERR_NOT_RENEWAL);
	assert_string_equal(t->err.field, "renewal_proof");
	assert_int_equal(submit_keyed(t, k, "renewal", "web.example.com", false, old, &info),
	    PKI_ERR_NOT_RENEWAL);
	assert_string_equal(t->err.field, "contact");
	assert_int_equal(test_pending(t), before);

	/* Same subject, key and contact: accepted. */
	assert_pki_ok(submit_renewal(t, k, "web.example.com", old, &info), &t->err);
	assert_int_equal(info.renewal_of, old);
	id = info.id;
	pki_csr_info_clear(&info);
	assert_int_equal(test_pending(t), before + 1);
	assert_pki_ok(pki_csr_get(t->store, id, &info, &t->err), &t->err);
	assert_int_equal(info.renewal_of, old);
	pki_csr_info_clear(&info);

	neu = test_issue(t, s, id, &ci);
	assert_int_equal(ci.renewal_of, old);
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_cert_get(t->store, neu, &ci, &t->err), &t->err);
	assert_int_equal(ci.renewal_of, old);
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_cert_get(t->store, old, &ci, &t->err), &t->err);
	assert_int_equal(ci.renewal_of, 0);
	pki_cert_info_clear(&ci);
	EVP_PKEY_free(other);
	EVP_PKEY_free(k);
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
	struct pki_mail *mails = NULL;
	EVP_PKEY *kc = tkey_new(TKEY_P256), *ke = tkey_new(TKEY_P256);
	uint64_t sa, sb, sc, sd, se;
	size_t n = 0, i, nm = 0, na = 0, nd = 0;

	sa = test_issue(t, s, submit_csr(t, TKEY_P256, "a", "a.example.com", NULL), &a);
	sb = test_issue(t, s, submit_csr(t, TKEY_P256, "b", "b.example.com", NULL), NULL);
	sc = issue_keyed(t, s, kc, "c", "c.example.com", true, NULL);
	assert_pki_ok(pki_cert_revoke(t->store, s, sb, PKI_REASON_SUPERSEDED, 0, NULL, &t->err),
	    &t->err);
	/* c is renewed by d (same key and contact); e, a new request, has no
	 * contact email. */
	assert_pki_ok(submit_renewal(t, kc, "c.example.com", sc, &info), &t->err);
	sd = test_issue(t, s, info.id, NULL);
	pki_csr_info_clear(&info);
	se = issue_keyed(t, s, ke, "e", "e.example.com", false, NULL);

	/* Listing: b (revoked) left out; 10 days each, so none within 9 days. */
	assert_pki_ok(pki_cert_list_expiring(t->store, 9, &arr, &n, &t->err), &t->err);
	assert_int_equal(n, 0);
	assert_pki_ok(pki_cert_list_expiring(t->store, 11, &arr, &n, &t->err), &t->err);
	assert_int_equal(n, 4);
	assert_int_equal(arr[0].serial, sa);
	assert_int_equal(arr[1].serial, sc);
	assert_int_equal(arr[2].serial, sd);
	assert_int_equal(arr[2].renewal_of, sc);
	assert_int_equal(arr[3].serial, se);
	pki_cert_info_array_free(&arr, n);
	assert_int_equal(pki_cert_list_expiring(t->store, -1, &arr, &n, &t->err), PKI_ERR_INVALID);
	/* The console's page: the soonest first, at most `limit`, the counts
	 * capped; none has expired yet. */
	{
		struct pki_expiring_page pg;

		assert_pki_ok(pki_cert_expiring_page(t->store, 11, 2, 10, &pg, &t->err), &t->err);
		assert_int_equal(pg.n, 2);
		assert_int_equal(pg.rows[0].serial, sa);
		assert_int_equal(pg.count, 4);
		assert_false(pg.count_more);
		assert_int_equal(pg.expired, 0);
		pki_expiring_page_clear(&pg);
		assert_pki_ok(pki_cert_expiring_page(t->store, 11, 5, 2, &pg, &t->err), &t->err);
		assert_int_equal(pg.n, 4);
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
	/* Within the window a and d qualify: b revoked, c renewed (by d), e no
	 * email. */
	assert_int_equal(notices(t, a.not_after - 5 * DAY + 60), 2);
	assert_pki_ok(pki_mail_last(t->store, "expiry-notice", &m, &t->err), &t->err);
	assert_string_equal(m.recipient, C_EMAIL);
	pki_mail_clear(&m);
	assert_pki_ok(pki_mail_list(t->store, &mails, &nm, &t->err), &t->err);
	for (i = 0; i < nm; i++) {
		if (strcmp(mails[i].kind, "expiry-notice") != 0)
			continue;
		assert_string_equal(mails[i].recipient, C_EMAIL);
		if (strstr(mails[i].subject, "\"a\" expires on") != NULL)
			na++;
		else if (strstr(mails[i].subject, "\"renewal\" expires on") != NULL)
			nd++;
		else
			fail_msg("unexpected expiry notice: %s", mails[i].subject);
	}
	pki_mail_array_free(&mails, nm);
	assert_int_equal(na, 1);
	assert_int_equal(nd, 1);
	/* Once only. */
	assert_int_equal(notices(t, a.not_after - DAY), 0);
	/* Turned off, or already expired: none. */
	assert_pki_ok(pki_server_set_notice_days(t->store, 0, &t->err), &t->err);
	assert_int_equal(notices(t, a.not_after - DAY), 0);
	assert_pki_ok(pki_server_set_notice_days(t->store, 30, &t->err), &t->err);
	assert_int_equal(notices(t, a.not_after + DAY), 0);
	pki_cert_info_clear(&a);
	EVP_PKEY_free(kc);
	EVP_PKEY_free(ke);
	pki_signer_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_renewal_intake, ca_setup),
		tctx_test(test_notice_days, ca_setup),
		tctx_test(test_expiry_notices, ca_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
