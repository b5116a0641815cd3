/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_revoke.c: reason names; the CRL's hand-written DER read back by
 * OpenSSL (d2i_X509_CRL, signature, entries by serial with their dates,
 * reason codes and invalidity dates, including a serial with its top bit
 * set and dates past 2049); revocation through the library with the CRL
 * regenerated and its number growing; the refusals.
 */
#include "config.h"

#include "testutil.h"
#include "internal.h"
#include "x509/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/x509v3.h>

static void
test_reason_names(void **state)
{
	static const char *const names[] = { "unspecified", "keyCompromise", "cACompromise",
		"affiliationChanged", "superseded", "cessationOfOperation", "certificateHold",
		"privilegeWithdrawn", "aACompromise" };
	int code;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(pki_reason_parse(names[i], &code), 0);
		assert_string_equal(pki_reason_name(code), names[i]);
	}
	assert_int_equal(pki_reason_parse("key-compromise", &code), 0);
	assert_int_equal(code, PKI_REASON_KEY_COMPROMISE);
	assert_int_equal(pki_reason_parse("KEYCOMPROMISE", &code), 0);
	assert_int_not_equal(pki_reason_parse("removeFromCRL", &code), 0);
	assert_int_not_equal(pki_reason_parse("", &code), 0);
	assert_int_not_equal(pki_reason_parse("keyCompromisex", &code), 0);
	assert_string_equal(pki_reason_name(7), "?");
	assert_string_equal(pki_reason_name(8), "?");
}

static long
entry_reason(const X509_REVOKED *rev)
{
	ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	long v = e != NULL ? ASN1_ENUMERATED_get(e) : -1;

	ASN1_ENUMERATED_free(e);
	return v;
}

static time_t
entry_invalidity(const X509_REVOKED *rev)
{
	ASN1_GENERALIZEDTIME *g = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, NULL, NULL);
	time_t t = 0;
	struct tm tm;

	if (g != NULL && ASN1_TIME_to_tm(g, &tm))
		t = timegm(&tm);
	ASN1_GENERALIZEDTIME_free(g);
	return t;
}

static X509_REVOKED *
find(X509_CRL *crl, uint64_t serial)
{
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	X509_REVOKED *rev = NULL;

	ASN1_INTEGER_set_uint64(sn, serial);
	if (X509_CRL_get0_by_serial(crl, &rev, sn) != 1)
		rev = NULL;
	ASN1_INTEGER_free(sn);
	return rev;
}

static void
test_crl_der(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = test_open_signer(t);
	pki_crl_builder *b = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	size_t len = 0;
	time_t now = 1700000000, late = 2600000000; /* 2052: GeneralizedTime */
	X509_CRL *crl;
	X509_REVOKED *rev;
	EVP_PKEY *pub;
	struct tm tm;

	assert_pki_ok(pki_crl_builder_new(pki_signer_ca(s), 300, now, now + 7 * 86400, &b, &t->err),
	    &t->err);
	assert_pki_ok(pki_crl_builder_add(b, 1, NULL, now, PKI_REASON_UNSPECIFIED, 0, &t->err),
	    &t->err);
	assert_pki_ok(pki_crl_builder_add(b, 0x80, NULL, now, PKI_REASON_KEY_COMPROMISE,
	                  now - 86400, &t->err),
	    &t->err);
	assert_pki_ok(pki_crl_builder_add(b, UINT64_C(0x4000000000000001), NULL, late,
	                  PKI_REASON_AA_COMPROMISE, 0, &t->err),
	    &t->err);
	/* Random serial mode: the entry carries the certificate's own serial
	 * number (its top bit set: a 0 octet first), not the counter. */
	assert_pki_ok(pki_crl_builder_add(b, 5, "80A1B2C3D4E5F6070000000000000005", now,
	                  PKI_REASON_SUPERSEDED, 0, &t->err),
	    &t->err);
	assert_int_not_equal(pki_crl_builder_add(b, 6, "00A1", now, PKI_REASON_SUPERSEDED, 0,
	                         &t->err),
	    0);
	assert_int_not_equal(pki_crl_builder_add(b, 6, "A1G2", now, PKI_REASON_SUPERSEDED, 0,
	                         &t->err),
	    0);
	assert_int_not_equal(pki_crl_builder_add(b, 6, "A1B", now, PKI_REASON_SUPERSEDED, 0,
	                         &t->err),
	    0);
	assert_pki_ok(pki_signer_sign_crl(s, b, &der, &len, &t->err), &t->err);
	p = der;
	crl = d2i_X509_CRL(NULL, &p, (long)len);
	assert_non_null(crl);
	assert_true(p == der + len);
	pub = X509_get0_pubkey((X509 *)pki_signer_ca(s));
	assert_int_equal(X509_CRL_verify(crl, pub), 1);
	assert_int_equal(X509_CRL_get_version(crl), X509_CRL_VERSION_2);
	assert_int_equal(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 4);
	{
		char hex[PKI_SERIAL_HEX_SIZE];
		int found = 0;
		for (int i = 0; i < 4; i++) {
			rev = sk_X509_REVOKED_value(X509_CRL_get_REVOKED(crl), i);
			if (pki_asn1_serial_hex(X509_REVOKED_get0_serialNumber(rev), hex) &&
			    strcmp(hex, "80A1B2C3D4E5F6070000000000000005") == 0)
				found++;
		}
		assert_int_equal(found, 1);
		assert_null(find(crl, 5));
	}
	assert_true(ASN1_TIME_to_tm(X509_CRL_get0_lastUpdate(crl), &tm));
	assert_int_equal(timegm(&tm), now);
	assert_true(ASN1_TIME_to_tm(X509_CRL_get0_nextUpdate(crl), &tm));
	assert_int_equal(timegm(&tm), now + 7 * 86400);

	assert_non_null(rev = find(crl, 1));
	assert_int_equal(entry_reason(rev), -1); /* unspecified: no extension */
	assert_int_equal(entry_invalidity(rev), 0);
	assert_non_null(rev = find(crl, 0x80));
	assert_int_equal(entry_reason(rev), PKI_REASON_KEY_COMPROMISE);
	assert_int_equal(entry_invalidity(rev), now - 86400);
	assert_non_null(rev = find(crl, UINT64_C(0x4000000000000001)));
	assert_int_equal(entry_reason(rev), PKI_REASON_AA_COMPROMISE);
	assert_int_equal(ASN1_STRING_type(X509_REVOKED_get0_revocationDate(rev)),
	    V_ASN1_GENERALIZEDTIME);
	assert_true(ASN1_TIME_to_tm(X509_REVOKED_get0_revocationDate(rev), &tm));
	assert_int_equal(timegm(&tm), late);
	assert_null(find(crl, 2));

	/* Re-encoding by OpenSSL gives the same bytes: the DER is canonical. */
	{
		unsigned char *re = NULL;
		int n;
		X509_CRL *copy = X509_CRL_dup(crl);
		/* dup keeps the cached encoding; force OpenSSL's own encoder. */
		n = i2d_re_X509_CRL_tbs(copy, NULL);
		assert_true(n > 0);
		n = i2d_X509_CRL(copy, &re);
		assert_int_equal((size_t)n, len);
		assert_memory_equal(re, der, len);
		OPENSSL_free(re);
		X509_CRL_free(copy);
	}
	X509_CRL_free(crl);
	free(der);
	pki_crl_builder_free(&b);
	pki_signer_close(&s);
}

static void
test_revoke_flow(void **state)
{
	struct tctx *t = *state;
	pki_signer *s = test_open_signer(t);
	struct pki_cert_info ci;
	struct pki_crl_info crl, again;
	unsigned char *der = NULL;
	size_t len;
	int64_t id = submit_csr(t, TKEY_P256, "leaf", "leaf.example.com", "DNS:leaf.example.com");

	assert_int_equal(pki_crl_latest(t->store, false, &der, &len, NULL, &t->err),
	    PKI_ERR_NOT_FOUND);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_TLS, &ci, &t->err), &t->err);
	assert_pki_ok(pki_cert_revoke(t->store, s, ci.serial, PKI_REASON_CERTIFICATE_HOLD, 0, &crl,
	                  &t->err),
	    &t->err);
	assert_int_equal(crl.number, 1);
	assert_int_equal(crl.revoked_count, 1);
	assert_int_equal(crl.next_update - crl.this_update, 7 * 86400);
	/* A second hold is refused; a permanent reason is accepted. */
	assert_int_equal(pki_cert_revoke(t->store, s, ci.serial, PKI_REASON_CERTIFICATE_HOLD, 0,
	                     NULL, &t->err),
	    PKI_ERR_INVALID);
	assert_pki_ok(pki_cert_revoke(t->store, s, ci.serial, PKI_REASON_SUPERSEDED, 0, &crl,
	                  &t->err),
	    &t->err);
	assert_int_equal(crl.number, 2);
	assert_int_equal(pki_cert_revoke(t->store, s, ci.serial, PKI_REASON_KEY_COMPROMISE, 0, NULL,
	                     &t->err),
	    PKI_ERR_INVALID);
	assert_int_equal(pki_cert_release_hold(t->store, s, ci.serial, NULL, &t->err),
	    PKI_ERR_INVALID);
	assert_int_equal(pki_cert_revoke(t->store, s, 999, PKI_REASON_SUPERSEDED, 0, NULL, &t->err),
	    PKI_ERR_NOT_FOUND);
	assert_int_equal(pki_cert_revoke(t->store, s, ci.serial, 7, 0, NULL, &t->err),
	    PKI_ERR_INVALID);
	assert_pki_ok(pki_crl_generate(t->store, s, &again, &t->err), &t->err);
	assert_int_equal(again.number, 3);
	assert_pki_ok(pki_crl_latest(t->store, false, &der, &len, &crl, &t->err), &t->err);
	assert_int_equal(crl.number, 3);
	assert_int_equal(len, again.der_len);
	free(der);
	pki_cert_info_clear(&ci);
	pki_signer_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reason_names),
		tctx_test(test_crl_der, tca_setup),
		tctx_test(test_revoke_flow, tca_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
