/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_client.c: the CA client without a network: configuration checks
 * and defaults, the pinning rules (nothing goes out before a CA is
 * pinned; what is pinned is what was confirmed; a reconfiguration keeps
 * the pin only for the same server), and the key pair and request that
 * pki_csr_generate writes (modes, encryption, SANs, no overwrite).
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
params(struct pki_client_params *p)
{
	memset(p, 0, sizeof *p);
	p->server_host = "ca.example.com";
	p->contact_name = "Jane Doe";
	p->contact_phone = "+1 617 555 0100";
	p->contact_email = "jane@example.com";
	p->instance = "IRIS1";
}

static void
expect_invalid(struct tctx *t, const struct pki_client_params *p, const char *field)
{
	pki_error_clear(&t->err);
	assert_int_equal(pki_client_configure(t->store, p, &t->err), PKI_ERR_INVALID);
	assert_string_equal(t->err.field, field);
	assert_true(t->err.msg[0] != '\0');
}

static void
test_configure_validation(void **state)
{
	struct tctx *t = *state;
	struct pki_client_params p;
	struct pki_client_config c;

	params(&p);
	p.server_host = NULL;
	expect_invalid(t, &p, "server_host");
	p.server_host = "bad host!";
	expect_invalid(t, &p, "server_host");
	params(&p);
	p.server_port = 65536;
	expect_invalid(t, &p, "server_port");
	p.server_port = -1;
	expect_invalid(t, &p, "server_port");
	params(&p);
	static const char *const bad_paths[] = {
		"ncpki",
		"/a b",
		"/a/../b",
		"/..",
		"/a//b",
		"/a?x=1",
		"/a%2e",
		"/é",
	};
	for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
		p.server_path = bad_paths[i];
		expect_invalid(t, &p, "server_path");
	}
	params(&p);
	p.contact_name = "";
	expect_invalid(t, &p, "contact_name");
	p.contact_name = "Bad\x1b[2Jname";
	expect_invalid(t, &p, "contact_name");
	params(&p);
	p.contact_email = "not-an-address";
	expect_invalid(t, &p, "contact_email");
	params(&p);
	p.contact_phone = "call me maybe";
	expect_invalid(t, &p, "contact_phone");
	params(&p);
	p.instance = "no spaces";
	expect_invalid(t, &p, "instance");

	/* Nothing was stored by any of these. */
	memset(&c, 0, sizeof c);
	assert_int_equal(pki_client_config_get(t->store, &c, &t->err), PKI_ERR_NOT_CONFIGURED);

	/* IP literals are accepted as the server's host. */
	params(&p);
	p.server_host = "192.0.2.10";
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	p.server_host = "2001:db8::1";
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
}

static void
test_configure_defaults(void **state)
{
	struct tctx *t = *state;
	struct pki_client_params p;
	struct pki_client_config c;
	char host[256];

	params(&p);
	p.instance = NULL;
	p.contact_phone = NULL;
	p.contact_email = NULL;
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	assert_pki_ok(pki_client_config_get(t->store, &c, &t->err), &t->err);
	assert_string_equal(c.server_host, "ca.example.com");
	assert_int_equal(c.server_port, PKI_CLIENT_DEFAULT_PORT);
	assert_string_equal(c.server_path, PKI_CLIENT_DEFAULT_PATH);
	assert_string_equal(c.contact_phone, "");
	assert_string_equal(c.contact_email, "");
	assert_int_equal(gethostname(host, sizeof host), 0);
	host[sizeof host - 1] = '\0';
	assert_string_equal(c.instance, host);
	assert_string_equal(c.dir, tpath(t, "home/client"));
	assert_string_equal(c.ca_file_root, "");
	assert_string_equal(c.ca_sha256, "");
	assert_true(c.configured_at > 0);
	pki_client_config_clear(&c);
}

/* The locally configured CA as first contact would have shown it. */
static void
local_ca(struct tctx *t, struct pki_client_ca *ca)
{
	struct pki_server_result res;

	memset(ca, 0, sizeof *ca);
	configure_test_ca(t, 3650, 365, &res);
	assert_pki_ok(pki_ca_cert_pem(t->store, &ca->pem, &t->err), &t->err);
	memcpy(ca->sha1, res.sha1, sizeof ca->sha1);
	memcpy(ca->sha256, res.sha256, sizeof ca->sha256);
	ca->file_root = strdup("TestCA");
	pki_server_result_clear(&res);
}

static void
test_nothing_before_pin(void **state)
{
	struct tctx *t = *state;
	struct pki_client_params p;
	struct pki_client_request rq;
	struct pki_client_submitted sub;
	struct pki_cert_info *arr = NULL, info;
	struct pki_client_ca ca;
	char *path = NULL;
	size_t n = 0;

	/* Not configured: every call says so. */
	assert_int_equal(pki_client_fetch_ca(t->store, &ca, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_int_equal(pki_client_list(t->store, NULL, &arr, &n, &t->err),
	    PKI_ERR_NOT_CONFIGURED);

	params(&p);
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	memset(&rq, 0, sizeof rq);
	rq.csr.root = "web";
	rq.csr.subject.cn = "web.example.com";
	rq.csr.key_type = PKI_KEY_EC_P256;
	pki_error_clear(&t->err);
	assert_int_equal(pki_client_submit(t->store, &rq, &sub, &t->err), PKI_ERR_NOT_CONFIGURED);
	assert_non_null(strstr(t->err.msg, "get the CA certificate first"));
	/* No key was made for a request that cannot be sent. */
	assert_false(file_exists(tpath(t, "home/client/web.key")));
	assert_int_equal(pki_client_list(t->store, NULL, &arr, &n, &t->err),
	    PKI_ERR_NOT_CONFIGURED);
	assert_null(arr);
	assert_int_equal(pki_client_get(t->store, 1, false, &path, &info, &t->err),
	    PKI_ERR_NOT_CONFIGURED);
	assert_null(path);
	assert_int_equal(pki_client_resubmit(t->store, "web", NULL, &sub, &t->err),
	    PKI_ERR_NOT_CONFIGURED);
}

static void
test_pin_rules(void **state)
{
	struct tctx *t = *state;
	struct pki_client_params p;
	struct pki_client_config c;
	struct pki_client_ca ca;
	struct pki_cert_info *arr = NULL;
	char *path = NULL, saved;
	size_t n = 0;

	params(&p);
	p.server_host = "localhost";
	p.server_port = 1; /* nothing listens there */
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	local_ca(t, &ca);

	/* Only what was confirmed is pinned. */
	saved = ca.sha256[0];
	ca.sha256[0] = saved == 'A' ? 'B' : 'A';
	assert_int_equal(pki_client_pin_ca(t->store, &ca, &path, &t->err), PKI_ERR_MISMATCH);
	ca.sha256[0] = saved;
	free(ca.file_root);
	ca.file_root = strdup("../evil");
	assert_int_equal(pki_client_pin_ca(t->store, &ca, &path, &t->err), PKI_ERR_INVALID);
	free(ca.file_root);
	ca.file_root = strdup("TestCA");
	assert_null(path);
	assert_false(file_exists(tpath(t, "home/client/TestCA.cer")));

	assert_pki_ok(pki_client_pin_ca(t->store, &ca, &path, &t->err), &t->err);
	assert_string_equal(path, tpath(t, "home/client/TestCA.cer"));
	assert_true(file_exists(path));
	free(path);
	assert_pki_ok(pki_client_config_get(t->store, &c, &t->err), &t->err);
	assert_string_equal(c.ca_file_root, "TestCA");
	assert_string_equal(c.ca_sha256, ca.sha256);
	pki_client_config_clear(&c);

	/* Pinned: the call goes out (and fails to connect: port 1). */
	pki_error_clear(&t->err);
	assert_int_equal(pki_client_list(t->store, NULL, &arr, &n, &t->err), PKI_ERR_IO);
	assert_non_null(strstr(t->err.msg, "https://localhost:1/ncpki/v1/certs"));

	/* A changed pinned file is refused before any connection. */
	{
		FILE *f = fopen(tpath(t, "home/client/TestCA.cer"), "a");
		assert_non_null(f);
		fputs("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", f);
		fclose(f);
		/* PEM reading stops at the first certificate: still the same one. */
		assert_int_equal(pki_client_list(t->store, NULL, &arr, &n, &t->err), PKI_ERR_IO);
		f = fopen(tpath(t, "home/client/TestCA.cer"), "w");
		assert_non_null(f);
		fputs("not a certificate\n", f);
		fclose(f);
		assert_int_not_equal(pki_client_list(t->store, NULL, &arr, &n, &t->err), 0);
		assert_null(strstr(t->err.msg, "https://"));
		assert_pki_ok(pki_client_pin_ca(t->store, &ca, NULL, &t->err), &t->err);
	}

	/* Same server, other contact: the pin stays. */
	p.contact_name = "John Roe";
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	assert_pki_ok(pki_client_config_get(t->store, &c, &t->err), &t->err);
	assert_string_equal(c.ca_sha256, ca.sha256);
	assert_string_equal(c.contact_name, "John Roe");
	pki_client_config_clear(&c);
	/* Another port: the pin goes. */
	p.server_port = 2;
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	assert_pki_ok(pki_client_config_get(t->store, &c, &t->err), &t->err);
	assert_string_equal(c.ca_sha256, "");
	assert_string_equal(c.ca_file_root, "");
	pki_client_config_clear(&c);
	/* Pinned again, then another host: the pin goes. */
	assert_pki_ok(pki_client_pin_ca(t->store, &ca, NULL, &t->err), &t->err);
	p.server_host = "127.0.0.1";
	assert_pki_ok(pki_client_configure(t->store, &p, &t->err), &t->err);
	assert_pki_ok(pki_client_config_get(t->store, &c, &t->err), &t->err);
	assert_string_equal(c.ca_sha256, "");
	pki_client_config_clear(&c);
	pki_client_ca_clear(&ca);
}

static void
test_csr_generate(void **state)
{
	struct tctx *t = *state;
	static const char *const sans[] = { "DNS:web.example.com", "IP:192.0.2.1" };
	struct pki_csr_request rq;
	struct pki_csr_generated g;
	struct pki_csr_info info;
	char *key, *csr;
	size_t len;

	memset(&rq, 0, sizeof rq);
	rq.root = "web";
	rq.dir = tpath(t, "client");
	rq.subject.cn = "web.example.com";
	rq.subject.country = "US";
	rq.key_type = PKI_KEY_EC_P256;
	rq.sans = sans;
	rq.nsans = 2;
	rq.password = TEST_PASSWORD;
	rq.password_len = strlen(TEST_PASSWORD);
	assert_pki_ok(pki_csr_generate(&rq, &g, &t->err), &t->err);
	assert_int_equal(mode_of(g.key_path), 0600);
	key = slurp(g.key_path, NULL);
	assert_non_null(key);
	assert_non_null(strstr(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	free(key);
	csr = slurp(g.csr_path, &len);
	assert_non_null(csr);
	memset(&info, 0, sizeof info);
	assert_pki_ok(pki_csr_inspect((unsigned char *)csr, len, &info, &t->err), &t->err);
	assert_string_equal(info.sans, "DNS:web.example.com, IP:192.0.2.1");
	assert_string_equal(info.sha1, g.sha1);
	assert_non_null(strstr(info.subject, "CN=web.example.com"));
	pki_csr_info_clear(&info);
	free(csr);
	pki_csr_generated_clear(&g);

	/* The same root again: refused, files untouched. */
	assert_int_equal(pki_csr_generate(&rq, &g, &t->err), PKI_ERR_EXISTS);

	/* Without a password: unencrypted, still 0600. */
	rq.root = "plain";
	rq.password = NULL;
	rq.password_len = 0;
	rq.nsans = 0;
	assert_pki_ok(pki_csr_generate(&rq, &g, &t->err), &t->err);
	assert_int_equal(mode_of(g.key_path), 0600);
	key = slurp(g.key_path, NULL);
	assert_non_null(key);
	assert_non_null(strstr(key, "-----BEGIN PRIVATE KEY-----"));
	free(key);
	pki_csr_generated_clear(&g);

	/* A bad SAN or root writes nothing. */
	rq.root = "bad";
	static const char *const bad[] = { "DNS:exa mple" };
	rq.sans = bad;
	rq.nsans = 1;
	assert_int_equal(pki_csr_generate(&rq, &g, &t->err), PKI_ERR_INVALID);
	assert_false(file_exists(tpath(t, "client/bad.key")));
	rq.root = "../up";
	rq.nsans = 0;
	assert_int_equal(pki_csr_generate(&rq, &g, &t->err), PKI_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tctx_test(test_configure_validation, tctx_setup),
		tctx_test(test_configure_defaults, tctx_setup),
		tctx_test(test_nothing_before_pin, tctx_setup),
		tctx_test(test_pin_rules, tctx_setup),
		tctx_test(test_csr_generate, tctx_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
