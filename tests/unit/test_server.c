/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server.c: configuring the CA server (the guide's "new" and
 * "existing" paths, a lone file set aside as .old), probing a directory,
 * the collected field checks, reinitializing, and the server's info.
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static X509 *
read_cert_file(const char *path)
{
	char *pem = slurp(path, NULL);
	X509 *x;

	assert_non_null(pem);
	x = pem_to_x509(pem);
	free(pem);
	return x;
}

static void
test_configure_new(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_server_info info;
	char fp[PKI_FP_SHA256_SIZE];
	char *key;
	X509 *x;
	EVP_PKEY *k;
	BIO *b;

	test_ca_params(t, &p);
	p.smtp_server = "smtp.example.com:587";
	p.smtp_user = "ca-mailer";
	p.smtp_password = "smtp secret";
	p.smtp_password_len = strlen(p.smtp_password);
	p.admin_email = "CAMgr@MyDomain.com";
	memset(&res, 0x5a, sizeof res);
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);

	assert_int_equal(res.mode, PKI_SERVER_NEW);
	assert_string_equal(res.cer_path, tpath(t, "ca/TestCA.cer"));
	assert_string_equal(res.key_path, tpath(t, "ca/TestCA.key"));
	assert_string_equal(res.srl_path, tpath(t, "ca/TestCA.srl"));
	assert_null(res.renamed_from);
	assert_null(res.renamed_to);
	assert_true(res.next_serial >= 1);
	assert_int_equal(strlen(res.sha1), 59);
	assert_int_equal(strlen(res.sha256), 95);
	assert_non_null(strstr(res.subject, "CN=Test CA"));
	assert_non_null(strstr(res.subject, "O=Example Corporation"));
	assert_non_null(strstr(res.subject, "C=US"));
	assert_string_equal(res.admin_email, "CAMgr@MyDomain.com");

	/* the directory is created 0700; the key 0600, encrypted PKCS#8 */
	assert_int_equal(mode_of(tpath(t, "ca")), 0700);
	assert_true(file_exists(res.cer_path));
	assert_true(file_exists(res.srl_path));
	assert_int_equal(mode_of(res.key_path), 0600);
	key = slurp(res.key_path, NULL);
	assert_non_null(key);
	assert_non_null(strstr(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	assert_null(strstr(key, "-----BEGIN PRIVATE KEY-----"));

	/* the key opens with the password only, and belongs to the certificate */
	x = read_cert_file(res.cer_path);
	b = BIO_new_mem_buf(key, -1);
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)"wrong password");
	assert_null(k);
	BIO_free(b);
	b = BIO_new_mem_buf(key, -1);
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)TEST_PASSWORD);
	assert_non_null(k);
	BIO_free(b);
	assert_int_equal(X509_check_private_key(x, k), 1);
	assert_int_equal(EVP_PKEY_get_id(k), EVP_PKEY_EC);
	EVP_PKEY_free(k);
	free(key);

	/* the fingerprints are the certificate file's */
	tfingerprint(x, EVP_sha1(), fp, sizeof fp);
	assert_string_equal(res.sha1, fp);
	tfingerprint(x, EVP_sha256(), fp, sizeof fp);
	assert_string_equal(res.sha256, fp);

	/* a self-signed v3 CA certificate */
	assert_int_equal(X509_get_version(x), 2);
	assert_int_equal(X509_verify(x, X509_get0_pubkey(x)), 1);
	assert_int_equal(X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)), 0);
	assert_true(X509_get_extension_flags(x) & EXFLAG_CA);
	assert_true(test_ext_critical(x, NID_basic_constraints));
	assert_true(X509_get_key_usage(x) & KU_KEY_CERT_SIGN);
	assert_true(X509_get_key_usage(x) & KU_CRL_SIGN);
	assert_true(test_ext_critical(x, NID_key_usage));
	assert_non_null(X509_get0_subject_key_id(x));
	assert_non_null(X509_get0_authority_key_id(x));
	assert_int_equal(ASN1_OCTET_STRING_cmp(X509_get0_subject_key_id(x),
	                     X509_get0_authority_key_id(x)),
	    0);
	assert_int_equal(X509_get_signature_nid(x), NID_ecdsa_with_SHA256);
	{
		int days = 0, secs = 0;
		assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
		                     X509_get0_notAfter(x)),
		    1);
		assert_true(days >= 3649 && days <= 3651);
	}

	/* info says the same */
	assert_pki_ok(pki_server_info(t->store, &info, &t->err), &t->err);
	assert_string_equal(info.root, "TestCA");
	assert_string_equal(info.dir, tpath(t, "ca"));
	assert_string_equal(info.cer_path, res.cer_path);
	assert_string_equal(info.key_path, res.key_path);
	assert_string_equal(info.srl_path, res.srl_path);
	assert_string_equal(info.subject, res.subject);
	assert_string_equal(info.key_desc, "EC P-256");
	assert_string_equal(info.sha1, res.sha1);
	assert_string_equal(info.sha256, res.sha256);
	assert_true(info.not_after > info.not_before);
	assert_int_equal(info.ca_days, 3650);
	assert_int_equal(info.issue_days, 365);
	assert_string_equal(info.smtp_server, "smtp.example.com:587");
	assert_string_equal(info.smtp_user, "ca-mailer");
	assert_true(info.smtp_password_set);
	assert_string_equal(info.admin_email, "CAMgr@MyDomain.com");
	assert_true(info.created_new);
	assert_int_equal(info.next_serial, res.next_serial);
	assert_true(info.key_present);
	assert_int_equal(info.pending, 0);
	assert_int_equal(info.issued, 0);
	pki_server_info_clear(&info);
	pki_server_result_clear(&res);
	X509_free(x);
}

static void
test_configure_relative_dir(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	char want[600];

	test_ca_params(t, &p);
	p.dir = "keys"; /* relative: to the data directory */
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);
	snprintf(want, sizeof want, "%s/keys/TestCA.cer", t->home);
	assert_string_equal(res.cer_path, want);
	assert_true(file_exists(want));
	pki_server_result_clear(&res);
}

static void
test_probe_modes(void **state)
{
	struct tctx *t = *state;
	struct pki_server_probe pr;
	char want[600];

	/* nothing there: NEW */
	memset(&pr, 0x5a, sizeof pr);
	assert_pki_ok(pki_server_probe(t->store, "TestCA", tpath(t, "ca"), &pr, &t->err), &t->err);
	assert_int_equal(pr.mode, PKI_SERVER_NEW);
	assert_string_equal(pr.dir, tpath(t, "ca"));
	assert_string_equal(pr.key_path, tpath(t, "ca/TestCA.key"));
	assert_string_equal(pr.cer_path, tpath(t, "ca/TestCA.cer"));
	assert_string_equal(pr.srl_path, tpath(t, "ca/TestCA.srl"));
	assert_false(pr.key_exists);
	assert_false(pr.cer_exists);
	assert_false(pr.srl_exists);
	pki_server_probe_clear(&pr);
	/* probing creates nothing */
	assert_false(file_exists(tpath(t, "ca")));

	/* a relative directory is under the data directory */
	assert_pki_ok(pki_server_probe(t->store, "TestCA", "rel", &pr, &t->err), &t->err);
	snprintf(want, sizeof want, "%s/rel", t->home);
	assert_string_equal(pr.dir, want);
	pki_server_probe_clear(&pr);

	/* a bad root is refused with its field */
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_probe(t->store, "cache", tpath(t, "ca"), &pr, &t->err),
	    PKI_ERR_INVALID);
	assert_true(t->err.field[0] != '\0');

	/* after configure and reinit, the same root is EXISTING, encrypted */
	configure_test_ca(t, 3650, 365, NULL);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);
	assert_pki_ok(pki_server_probe(t->store, "TestCA", tpath(t, "ca"), &pr, &t->err), &t->err);
	assert_int_equal(pr.mode, PKI_SERVER_EXISTING);
	assert_true(pr.key_exists);
	assert_true(pr.cer_exists);
	assert_true(pr.srl_exists);
	assert_true(pr.key_encrypted);
	pki_server_probe_clear(&pr);

	/* only the key there: NEW (the key will be set aside) */
	assert_int_equal(unlink(tpath(t, "ca/TestCA.cer")), 0);
	assert_pki_ok(pki_server_probe(t->store, "TestCA", tpath(t, "ca"), &pr, &t->err), &t->err);
	assert_int_equal(pr.mode, PKI_SERVER_NEW);
	assert_true(pr.key_exists);
	assert_false(pr.cer_exists);
	pki_server_probe_clear(&pr);
	pki_server_probe_clear(&pr); /* clearing twice is harmless */
}

static void
test_check_collects_errors(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_error errs[16];
	size_t count = 99;

	test_ca_params(t, &p);
	assert_int_equal(pki_server_check(&p, PKI_SERVER_NEW, errs, 16, &count), 0);
	assert_int_equal(count, 0);

	p.root = "cache";
	p.subject.country = "ZZ";
	p.password = "short";
	p.password_len = 5;
	p.ca_days = 0;
	p.issue_days = -5;
	p.admin_email = "not-an-address";
	memset(errs, 0, sizeof errs);
	assert_int_equal(pki_server_check(&p, PKI_SERVER_NEW, errs, 16, &count), PKI_ERR_INVALID);
	assert_true(count >= 6);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(errs[i].code, PKI_ERR_INVALID);
		assert_true(errs[i].field[0] != '\0');
		assert_true(strlen(errs[i].msg) > 10);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(errs[i].field, errs[j].field);
	}

	/* no more than max are written */
	assert_int_equal(pki_server_check(&p, PKI_SERVER_NEW, errs, 2, &count), PKI_ERR_INVALID);
	assert_true(count <= 2 && count >= 1);

	/* a subject without any attribute */
	test_ca_params(t, &p);
	memset(&p.subject, 0, sizeof p.subject);
	assert_int_equal(pki_server_check(&p, PKI_SERVER_NEW, errs, 16, &count), PKI_ERR_INVALID);
	assert_int_equal(count, 1);

	/* an escape sequence in the CN */
	test_ca_params(t, &p);
	p.subject.cn = "CA \x1b[31mred";
	assert_int_equal(pki_server_check(&p, PKI_SERVER_NEW, errs, 16, &count), PKI_ERR_INVALID);
	assert_int_equal(count, 1);
	assert_string_equal(errs[0].field, "cn");

	/* EXISTING needs no subject, key type or password */
	test_ca_params(t, &p);
	memset(&p.subject, 0, sizeof p.subject);
	p.password = NULL;
	p.password_len = 0;
	p.ca_days = 0;
	assert_int_equal(pki_server_check(&p, PKI_SERVER_EXISTING, errs, 16, &count), 0);
	assert_int_equal(count, 0);
	/* ...but still the issued validity */
	p.issue_days = 0;
	assert_int_equal(pki_server_check(&p, PKI_SERVER_EXISTING, errs, 16, &count),
	    PKI_ERR_INVALID);
	assert_int_equal(count, 1);
}

static void
test_configure_invalid_creates_nothing(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_server_info info;

	test_ca_params(t, &p);
	p.subject.country = "XX";
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_configure(t->store, &p, &res, &t->err), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "country");
	assert_false(file_exists(tpath(t, "ca/TestCA.key")));
	assert_false(file_exists(tpath(t, "ca/TestCA.cer")));
	assert_int_equal(dir_count(tpath(t, "ca")), 0);

	test_ca_params(t, &p);
	p.password_len = 3;
	assert_int_equal(pki_server_configure(t->store, &p, &res, &t->err), PKI_ERR_INVALID);
	assert_int_equal(dir_count(tpath(t, "ca")), 0);
	assert_int_equal(pki_server_info(t->store, &info, &t->err), PKI_ERR_NOT_CONFIGURED);
}

static void
test_already_configured(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	char *before, *after;

	configure_test_ca(t, 3650, 365, NULL);
	before = slurp(tpath(t, "ca/TestCA.cer"), NULL);
	test_ca_params(t, &p);
	p.root = "OtherCA";
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_configure(t->store, &p, &res, &t->err),
	    PKI_ERR_ALREADY_CONFIGURED);
	assert_int_equal(t->err.code, PKI_ERR_ALREADY_CONFIGURED);
	assert_true(strlen(t->err.msg) > 0);
	assert_false(file_exists(tpath(t, "ca/OtherCA.key")));
	after = slurp(tpath(t, "ca/TestCA.cer"), NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_reinit_keeps_files(void **state)
{
	struct tctx *t = *state;
	struct pki_server_info info;
	struct pki_csr_info *list = NULL;
	size_t n = 5;
	char *cer, *key, *srl, *cer2, *key2, *srl2;

	configure_test_ca(t, 3650, 365, NULL);
	submit_csr(t, TKEY_P256, "pending1", "pending1.example.com", NULL);
	cer = slurp(tpath(t, "ca/TestCA.cer"), NULL);
	key = slurp(tpath(t, "ca/TestCA.key"), NULL);
	srl = slurp(tpath(t, "ca/TestCA.srl"), NULL);

	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);
	cer2 = slurp(tpath(t, "ca/TestCA.cer"), NULL);
	key2 = slurp(tpath(t, "ca/TestCA.key"), NULL);
	srl2 = slurp(tpath(t, "ca/TestCA.srl"), NULL);
	assert_non_null(cer2);
	assert_non_null(key2);
	assert_non_null(srl2);
	assert_string_equal(cer, cer2);
	assert_string_equal(key, key2);
	assert_string_equal(srl, srl2);

	assert_int_equal(pki_server_info(t->store, &info, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_pki_ok(pki_csr_list(t->store, &list, &n, &t->err), &t->err);
	assert_int_equal(n, 0);
	pki_csr_info_array_free(&list, n);
	free(cer);
	free(key);
	free(srl);
	free(cer2);
	free(key2);
	free(srl2);
}

static void
test_configure_existing(void **state)
{
	struct tctx *t = *state;
	struct pki_server_result first, res;
	struct pki_server_params p;
	struct pki_server_info info;

	configure_test_ca(t, 3650, 365, &first);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);

	/* wrong password: refused, still not configured */
	test_ca_params(t, &p);
	p.password = "not the password";
	p.password_len = strlen(p.password);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_configure(t->store, &p, &res, &t->err), PKI_ERR_PASSWORD);
	assert_int_equal(pki_server_info(t->store, &info, &t->err), PKI_ERR_NOT_CONFIGURED);

	/* the right password: the same certificate is used */
	test_ca_params(t, &p);
	p.issue_days = 90;
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);
	assert_int_equal(res.mode, PKI_SERVER_EXISTING);
	assert_string_equal(res.sha1, first.sha1);
	assert_string_equal(res.sha256, first.sha256);
	assert_false(res.srl_created);
	assert_null(res.renamed_from);
	assert_int_equal(res.next_serial, first.next_serial);

	assert_pki_ok(pki_server_info(t->store, &info, &t->err), &t->err);
	assert_false(info.created_new);
	assert_int_equal(info.issue_days, 90);
	assert_string_equal(info.sha1, first.sha1);
	pki_server_info_clear(&info);
	pki_server_result_clear(&res);
	pki_server_result_clear(&first);
}

static void
test_configure_existing_creates_srl(void **state)
{
	struct tctx *t = *state;
	struct pki_server_result res;
	struct pki_server_params p;
	char *srl;

	configure_test_ca(t, 3650, 365, NULL);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);
	assert_int_equal(unlink(tpath(t, "ca/TestCA.srl")), 0);

	test_ca_params(t, &p);
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);
	assert_int_equal(res.mode, PKI_SERVER_EXISTING);
	assert_true(res.srl_created);
	assert_true(res.next_serial >= 1);
	srl = slurp(tpath(t, "ca/TestCA.srl"), NULL);
	assert_non_null(srl);
	assert_int_equal(strtoull(srl, NULL, 16), res.next_serial);
	free(srl);
	pki_server_result_clear(&res);
}

static void
test_lone_file_set_aside(void **state)
{
	struct tctx *t = *state;
	struct pki_server_result first, res;
	struct pki_server_params p;
	char *oldkey, *moved;

	configure_test_ca(t, 3650, 365, &first);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);
	oldkey = slurp(tpath(t, "ca/TestCA.key"), NULL);
	assert_int_equal(unlink(tpath(t, "ca/TestCA.cer")), 0);

	test_ca_params(t, &p);
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);
	assert_int_equal(res.mode, PKI_SERVER_NEW);
	assert_non_null(res.renamed_from);
	assert_string_equal(res.renamed_from, tpath(t, "ca/TestCA.key"));
	assert_string_equal(res.renamed_to, tpath(t, "ca/TestCA.key.old"));
	moved = slurp(tpath(t, "ca/TestCA.key.old"), NULL);
	assert_non_null(moved);
	assert_string_equal(moved, oldkey);
	assert_true(file_exists(tpath(t, "ca/TestCA.key")));
	assert_true(file_exists(tpath(t, "ca/TestCA.cer")));
	assert_string_not_equal(res.sha1, first.sha1);
	free(oldkey);
	free(moved);
	pki_server_result_clear(&res);
	pki_server_result_clear(&first);
}

static void
test_existing_mismatch(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_server_info info;
	char *otherkey;

	/* CA "TestCA" in ca/, then CA "Other" in ca/: both made by the library */
	configure_test_ca(t, 3650, 365, NULL);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);
	test_ca_params(t, &p);
	p.root = "Other";
	assert_pki_ok(pki_server_configure(t->store, &p, &res, &t->err), &t->err);
	pki_server_result_clear(&res);
	assert_pki_ok(pki_server_reinit(t->store, &t->err), &t->err);

	/* TestCA.key now holds Other's key */
	otherkey = slurp(tpath(t, "ca/Other.key"), NULL);
	assert_pki_ok(pki_file_write_atomic(tpath(t, "ca/TestCA.key"), otherkey, strlen(otherkey),
	                  0600, &t->err),
	    &t->err);
	free(otherkey);

	test_ca_params(t, &p);
	memset(&t->err, 0, sizeof t->err);
	assert_int_equal(pki_server_configure(t->store, &p, &res, &t->err), PKI_ERR_MISMATCH);
	assert_true(strlen(t->err.msg) > 0);
	assert_int_equal(pki_server_info(t->store, &info, &t->err), PKI_ERR_NOT_CONFIGURED);
}

/* The settings page's check names every fault at once; a set with one
 * fault changes nothing; a good one changes every part in one go. */
static void
test_settings(void **state)
{
	struct tctx *t = *state;
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;
	struct pki_server_urls urls;
	struct pki_error errs[8];
	size_t n = 0;
	long days = 0;

	configure_test_ca(t, 3650, 365, NULL);
	set.crl_url = "ftp://crl.example.com/ca.crl";
	set.ocsp_url = "http://ocsp.example.com";
	set.crl_days = 400;
	set.notice_days = 500;
	assert_int_equal(pki_server_settings_check(&set, errs, 8, &n), PKI_ERR_INVALID);
	assert_int_equal(n, 3);
	assert_string_equal(errs[0].field, "crl");
	assert_string_equal(errs[1].field, "crl-days");
	assert_string_equal(errs[2].field, "notice_days");
	assert_int_equal(pki_server_settings_set(t->store, &set, &t->err), PKI_ERR_INVALID);
	assert_pki_ok(pki_server_get_urls(t->store, &urls, &t->err), &t->err);
	assert_string_equal(urls.ocsp_url, "");
	assert_int_equal(urls.crl_days, 7);
	pki_server_urls_clear(&urls);

	set.crl_url = "http://crl.example.com/ca.crl";
	set.crl_days = 3;
	set.notice_days = 14;
	set.random_serial = 1;
	assert_int_equal(pki_server_settings_check(&set, errs, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_pki_ok(pki_server_settings_set(t->store, &set, &t->err), &t->err);
	assert_pki_ok(pki_server_get_urls(t->store, &urls, &t->err), &t->err);
	assert_string_equal(urls.crl_url, "http://crl.example.com/ca.crl");
	assert_string_equal(urls.ocsp_url, "http://ocsp.example.com");
	assert_string_equal(urls.ca_issuers_url, "");
	assert_int_equal(urls.crl_days, 3);
	pki_server_urls_clear(&urls);
	assert_pki_ok(pki_server_get_notice_days(t->store, &days, &t->err), &t->err);
	assert_int_equal(days, 14);
}

/* A root's own certificate renewed: the row and the file agree (a signer
 * opens on them), the same key and subject, a new serial number, the
 * previous file kept; issuing goes on; a bad period changes nothing. */
static void
test_ca_renew(void **state)
{
	struct tctx *t = *state;
	struct pki_server_info before, after;
	struct pki_ca_renewed res;
	pki_signer *s;
	X509 *oldx, *newx;
	char *oldpem, *newpem;
	int64_t id;

	configure_test_ca(t, 30, 10, NULL);
	memset(&before, 0, sizeof before);
	memset(&after, 0, sizeof after);
	assert_pki_ok(pki_server_info(t->store, &before, &t->err), &t->err);
	oldpem = slurp(before.cer_path, NULL);
	assert_non_null(oldpem);

	s = test_open_signer(t);
	assert_int_equal(pki_ca_renew(t->store, s, 40000, &res, &t->err), PKI_ERR_INVALID);
	assert_pki_ok(pki_ca_renew(t->store, s, 400, &res, &t->err), &t->err);
	pki_signer_close(&s);
	assert_string_equal(res.cer_path, before.cer_path);
	assert_non_null(res.previous_path);
	newpem = slurp(res.previous_path, NULL);
	assert_string_equal(newpem, oldpem);
	free(newpem);

	assert_pki_ok(pki_server_info(t->store, &after, &t->err), &t->err);
	assert_string_equal(after.sha256, res.sha256);
	assert_string_not_equal(after.sha256, before.sha256);
	assert_string_equal(after.subject, before.subject);
	assert_true(after.not_after > before.not_after + 300L * 86400);
	assert_int_equal((long long)after.not_before, (long long)before.not_before);

	newpem = slurp(after.cer_path, NULL);
	oldx = pem_to_x509(oldpem);
	newx = pem_to_x509(newpem);
	assert_int_equal(EVP_PKEY_eq(X509_get0_pubkey(oldx), X509_get0_pubkey(newx)), 1);
	assert_int_not_equal(ASN1_INTEGER_cmp(X509_get0_serialNumber(oldx),
	                         X509_get0_serialNumber(newx)),
	    0);
	assert_int_equal(X509_verify(newx, X509_get0_pubkey(newx)), 1);
	X509_free(oldx);
	X509_free(newx);
	free(newpem);
	free(oldpem);

	/* The signer opens on the new pair of row and file, and issues. */
	id = submit_csr(t, TKEY_P256, "after", "after.example.com", "DNS:after.example.com");
	s = test_open_signer(t);
	assert_true(test_issue(t, s, id, NULL) > 0);
	pki_signer_close(&s);
	pki_ca_renewed_clear(&res);
	pki_server_info_clear(&before);
	pki_server_info_clear(&after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_configure_new, tctx_setup),
		tctx_test(test_configure_relative_dir, tctx_setup),
		tctx_test(test_probe_modes, tctx_setup),
		tctx_test(test_check_collects_errors, tctx_setup),
		tctx_test(test_configure_invalid_creates_nothing, tctx_setup),
		tctx_test(test_already_configured, tctx_setup),
		tctx_test(test_reinit_keeps_files, tctx_setup),
		tctx_test(test_configure_existing, tctx_setup),
		tctx_test(test_configure_existing_creates_srl, tctx_setup),
		tctx_test(test_lone_file_set_aside, tctx_setup),
		tctx_test(test_existing_mismatch, tctx_setup),
		tctx_test(test_settings, tctx_setup),
		tctx_test(test_ca_renew, tctx_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
