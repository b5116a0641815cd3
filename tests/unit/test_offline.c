/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_offline.c: the hierarchy and the offline root in the library: a
 * root CA's chain is its certificate alone; a directory import is all or
 * nothing (a refused file leaves nothing stored, each file has its
 * outcome); a contact file written by pki_csr_meta_write is read back; an
 * export writes its files and manifest; the existing-pair path refuses a
 * certificate that is not self-signed without a chain that verifies.
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
test_root_chain(void **state)
{
	struct tctx *t = *state;
	char **pems = NULL, *pem = NULL, *ca = NULL;
	size_t n = 0;

	assert_pki_ok(pki_ca_chain(t->store, &pems, &n, &t->err), &t->err);
	assert_int_equal(n, 1);
	assert_pki_ok(pki_ca_cert_pem(t->store, &ca, &t->err), &t->err);
	assert_string_equal(pems[0], ca);
	assert_pki_ok(pki_ca_chain_pem(t->store, false, true, &pem, &t->err), &t->err);
	assert_string_equal(pem, "");
	free(pem);
	assert_pki_ok(pki_ca_chain_pem(t->store, true, false, &pem, &t->err), &t->err);
	assert_string_equal(pem, ca); /* a root is its own root */
	free(pem);
	free(ca);
	pki_pem_array_free(&pems, n);
	assert_null(pems);
}

static void
test_import_all_or_nothing(void **state)
{
	struct tctx *t = *state;
	struct pki_import_report rep;
	struct pki_csr_meta meta;
	const char *dir = tpath(t, "media");
	size_t len = 0;
	char *pem = make_csr_pem(TKEY_P256, "a.example.com", "DNS:a.example.com", &len);
	unsigned char *der;

	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(tpath(t, "media/a.csr"), pem, len);
	free(pem);
	der = make_csr_der(TKEY_P256, "b.example.com", NULL, &len);
	write_file(tpath(t, "media/b.csr"), der, len);
	free(der);
	memset(&meta, 0, sizeof meta);
	meta.contact_name = "Bea";
	meta.hostname = "b.example.com";
	assert_pki_ok(pki_csr_meta_write(tpath(t, "media/b.json"), &meta, &t->err), &t->err);
	write_file(tpath(t, "media/z.csr"), "junk\n", 5);

	assert_int_not_equal(pki_csr_import_dir(t->store, dir, &rep, &t->err), 0);
	assert_int_equal(rep.n, 3);
	assert_int_equal(rep.refused, 1);
	assert_false(rep.stored);
	assert_string_equal(rep.items[0].file, "a.csr");
	assert_int_equal(rep.items[0].code, 0);
	assert_int_equal(rep.items[0].id, 0);
	assert_string_equal(rep.items[2].file, "z.csr");
	assert_int_not_equal(rep.items[2].code, 0);
	assert_true(rep.items[2].msg[0] != '\0');
	pki_import_report_clear(&rep);
	assert_int_equal(test_pending(t), 0);

	assert_int_equal(remove(tpath(t, "media/z.csr")), 0);
	pki_error_clear(&t->err);
	assert_pki_ok(pki_csr_import_dir(t->store, dir, &rep, &t->err), &t->err);
	assert_true(rep.stored);
	assert_int_equal(rep.n, 2);
	assert_true(rep.items[0].id > 0 && rep.items[1].id > rep.items[0].id);
	{
		struct pki_csr_info c;
		assert_pki_ok(pki_csr_get(t->store, rep.items[1].id, &c, &t->err), &t->err);
		assert_string_equal(c.file_root, "b");
		assert_string_equal(c.contact_name, "Bea");
		assert_string_equal(c.hostname, "b.example.com");
		pki_csr_info_clear(&c);
	}
	pki_import_report_clear(&rep);

	/* Again: both duplicates, nothing more. */
	assert_int_equal(pki_csr_import_dir(t->store, dir, &rep, &t->err), PKI_ERR_DUPLICATE);
	assert_int_equal(rep.refused, 2);
	pki_import_report_clear(&rep);
	assert_int_equal(test_pending(t), 2);
}

static void
test_export_empty(void **state)
{
	struct tctx *t = *state;
	struct pki_export_params p;
	struct pki_export_result res;
	char *man;

	memset(&p, 0, sizeof p);
	p.dir = tpath(t, "out");
	assert_pki_ok(pki_export_dir(t->store, &p, &res, &t->err), &t->err);
	assert_int_equal(res.certs, 0);
	assert_false(res.crl);
	assert_true(file_exists(tpath(t, "out/ca.pem")));
	assert_true(file_exists(tpath(t, "out/ca-chain.pem")));
	assert_false(file_exists(tpath(t, "out/crl.der")));
	man = slurp(res.manifest, NULL);
	assert_non_null(man);
	assert_non_null(strstr(man, "\"format\": \"ncpki-export/1\""));
	assert_non_null(strstr(man, "\"crl\": null"));
	free(man);
	pki_export_result_clear(&res);
}

/* A CA certificate issued by the test CA, configured elsewhere as existing. */
static void
test_existing_needs_chain(void **state)
{
	struct tctx *t = *state;
	struct pki_server_params p;
	struct pki_server_result res;
	struct pki_cert_info ci;
	pki_signer *s = NULL;
	pki_store *other = NULL;
	EVP_PKEY *k = tkey_new(TKEY_P256);
	unsigned char *der = NULL;
	char *ca = NULL, *kpem = NULL;
	size_t len = 0;
	int64_t id;
	BIO *b;

	/* The request is made with k, so the pair is known here. */
	{
		X509_REQ *req = X509_REQ_new();
		X509_NAME *n = X509_NAME_new();
		X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"Inter",
		    -1, -1, 0);
		X509_REQ_set_subject_name(req, n);
		X509_REQ_set_pubkey(req, k);
		X509_REQ_sign(req, k, EVP_sha256());
		len = (size_t)i2d_X509_REQ(req, &der);
		X509_NAME_free(n);
		X509_REQ_free(req);
	}
	{
		struct pki_csr_meta m;
		struct pki_csr_info c;
		memset(&m, 0, sizeof m);
		m.file_root = "inter";
		assert_pki_ok(pki_csr_submit(t->store, der, len, &m, &c, &t->err), &t->err);
		id = c.id;
		pki_csr_info_clear(&c);
	}
	OPENSSL_free(der);
	s = test_open_signer(t);
	assert_pki_ok(pki_csr_issue(t->store, s, id, PKI_USAGE_INTERMEDIATE, &ci, &t->err),
	    &t->err);
	pki_signer_close(&s);

	assert_int_equal(mkdir(tpath(t, "inter"), 0700), 0);
	write_file(tpath(t, "inter/Inter.cer"), ci.pem, strlen(ci.pem));
	b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
	len = (size_t)BIO_get_mem_data(b, &kpem);
	write_file(tpath(t, "inter/Inter.key"), kpem, len);
	BIO_free(b);
	EVP_PKEY_free(k);
	assert_pki_ok(pki_ca_cert_pem(t->store, &ca, &t->err), &t->err);
	write_file(tpath(t, "root.pem"), ca, strlen(ca));
	write_file(tpath(t, "wrong.pem"), ci.pem, strlen(ci.pem));

	assert_pki_ok(test_open(tpath(t, "home2"), &other, &t->err), &t->err);
	memset(&p, 0, sizeof p);
	p.root = "Inter";
	/* the unencrypted key is re-encrypted under this password (issue 14) */
	p.password = "inter-key-password";
	p.password_len = strlen(p.password);
	p.dir = tpath(t, "inter");
	p.issue_days = 30;
	assert_int_equal(pki_server_configure(other, &p, &res, &t->err), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, "chain");
	p.chain_path = tpath(t, "wrong.pem"); /* itself only: no root */
	assert_int_equal(pki_server_configure(other, &p, &res, &t->err), PKI_ERR_INVALID);
	assert_non_null(strstr(t->err.msg, "no self-signed root"));
	p.chain_path = tpath(t, "root.pem");
	assert_pki_ok(pki_server_configure(other, &p, &res, &t->err), &t->err);
	pki_server_result_clear(&res);
	{
		char **pems = NULL;
		size_t n = 0;
		assert_pki_ok(pki_ca_chain(other, &pems, &n, &t->err), &t->err);
		assert_int_equal(n, 2);
		assert_string_equal(pems[0], ci.pem);
		assert_string_equal(pems[1], ca);
		pki_pem_array_free(&pems, n);
	}
	pki_close(&other);
	pki_cert_info_clear(&ci);
	free(ca);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_root_chain, tca_setup),
		tctx_test(test_import_all_or_nothing, tca_setup),
		tctx_test(test_export_empty, tca_setup),
		tctx_test(test_existing_needs_chain, tca_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
