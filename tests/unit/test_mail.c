/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mail.c: the outbox without a network: the retry backoff, the SMTP
 * server forms, the message's headers (RFC 2047 subjects, CRLF bodies, no
 * header injection), enqueue's refusals, retry and list, and a flush with
 * no SMTP server configured (rows wait, saying so).
 */
#include "config.h"
#include "testutil.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void
test_backoff(void **state)
{
	(void)state;
	assert_int_equal(pki_mail_backoff(1), 60);
	assert_int_equal(pki_mail_backoff(2), 120);
	assert_int_equal(pki_mail_backoff(3), 240);
	assert_int_equal(pki_mail_backoff(9), 60 * 256);
	assert_int_equal(pki_mail_backoff(10), 6 * 3600);
	assert_int_equal(pki_mail_backoff(1000), 6 * 3600);
	assert_int_equal(pki_mail_backoff(0), 60);
}

static void
test_smtp_target(void **state)
{
	struct pki_smtp_target t;
	struct pki_error err;

	(void)state;
	assert_int_equal(pki_mail_smtp_target("mail.example.com", &t, &err), 0);
	assert_string_equal(t.host, "mail.example.com");
	assert_int_equal(t.port, 25);
	assert_false(t.smtps);
	assert_false(t.loopback);
	assert_int_equal(pki_mail_smtp_target("mail.example.com:587", &t, &err), 0);
	assert_int_equal(t.port, 587);
	assert_int_equal(pki_mail_smtp_target("mail.example.com:465", &t, &err), 0);
	assert_true(t.smtps);
	assert_int_equal(pki_mail_smtp_target("smtps://mail.example.com", &t, &err), 0);
	assert_true(t.smtps);
	assert_int_equal(t.port, 465);
	assert_int_equal(pki_mail_smtp_target("smtp://mail.example.com:2525/", &t, &err), 0);
	assert_false(t.smtps);
	assert_int_equal(t.port, 2525);
	assert_int_equal(pki_mail_smtp_target("127.0.0.1:2525", &t, &err), 0);
	assert_true(t.loopback);
	assert_int_equal(pki_mail_smtp_target("127.8.9.10", &t, &err), 0);
	assert_true(t.loopback);
	assert_int_equal(pki_mail_smtp_target("localhost:25", &t, &err), 0);
	assert_true(t.loopback);
	assert_int_equal(pki_mail_smtp_target("[::1]:25", &t, &err), 0);
	assert_true(t.loopback);
	assert_string_equal(t.host, "::1");
	assert_int_equal(pki_mail_smtp_target("128.0.0.1", &t, &err), 0);
	assert_false(t.loopback);
	assert_int_equal(pki_mail_smtp_target("", &t, &err), PKI_ERR_NOT_CONFIGURED);
	assert_int_equal(pki_mail_smtp_target("host:0", &t, &err), PKI_ERR_INVALID);
	assert_int_equal(pki_mail_smtp_target("host:99999", &t, &err), PKI_ERR_INVALID);
	assert_int_equal(pki_mail_smtp_target("user@host", &t, &err), PKI_ERR_INVALID);
	assert_int_equal(pki_mail_smtp_target("smtp://", &t, &err), PKI_ERR_INVALID);
}

static void
test_message(void **state)
{
	struct pki_error err;
	char *m = NULL;

	(void)state;
	assert_int_equal(pki_mail_message(7, "ca@example.com", "tc@example.org", "Plain subject",
	                     "line 1\nline 2\r\n.dot\rlast", 0, &m, &err),
	    0);
	assert_non_null(strstr(m, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(m, "\r\nFrom: ncpki <ca@example.com>\r\n"));
	assert_non_null(strstr(m, "\r\nTo: <tc@example.org>\r\n"));
	assert_non_null(strstr(m, "\r\nSubject: Plain subject\r\n"));
	assert_non_null(strstr(m, "\r\nMessage-ID: <ncpki.7.0."));
	assert_non_null(strstr(m, "@example.com>\r\n"));
	assert_non_null(strstr(m, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	/* Every line end is CRLF; libcurl does the dot-stuffing. */
	assert_non_null(strstr(m, "\r\n\r\nline 1\r\nline 2\r\n.dot\r\nlast\r\n"));
	for (const char *p = m; *p; p++)
		if (*p == '\n')
			assert_true(p > m && p[-1] == '\r');
	free(m);

	/* Non-ASCII subject: RFC 2047 encoded words. */
	assert_int_equal(pki_mail_message(1, "ca@example.com", "tc@example.org",
	                     "Certificat émis pour «Santé»", "x", 0, &m, &err),
	    0);
	assert_non_null(strstr(m, "\r\nSubject: =?UTF-8?B?"));
	assert_null(strstr(m, "émis"));
	free(m);

	/* Injection: CR/LF in the subject or an address is refused. */
	assert_int_equal(pki_mail_message(1, "ca@example.com", "tc@example.org",
	                     "Hi\r\nBcc: evil@example.net", "x", 0, &m, &err),
	    PKI_ERR_INVALID);
	assert_null(m);
	assert_int_equal(pki_mail_message(1, "ca@example.com",
	                     "tc@example.org\r\nBcc: evil@example.net", "Hi", "x", 0, &m, &err),
	    PKI_ERR_INVALID);
	assert_null(m);
}

static void
test_enqueue_list_retry(void **state)
{
	struct tctx *t = *state;
	struct pki_mail *arr = NULL;
	size_t n = 0, sent = 9, failed = 9, count = 0;

	assert_int_equal(pki_mail_enqueue(t->store, "csr-received",
	                     "tc@example.org\r\nBcc: evil@example.net", "s", "b", &t->err),
	    PKI_ERR_INVALID);
	assert_int_equal(pki_mail_enqueue(t->store, "csr-received", "tc@example.org",
	                     "s\r\nBcc: evil@example.net", "b", &t->err),
	    PKI_ERR_INVALID);
	assert_int_equal(pki_mail_enqueue(t->store, "spam", "tc@example.org", "s", "b", &t->err),
	    PKI_ERR_INVALID);
	assert_int_equal(pki_mail_enqueue(t->store, "cert-issued", "tc@example.org", "first",
	                     "body", &t->err),
	    0);
	assert_int_equal(pki_mail_enqueue(t->store, "csr-received", "ca@example.com", "second",
	                     "body", &t->err),
	    0);
	assert_int_equal(pki_mail_list(t->store, &arr, &n, &t->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(arr[0].subject, "second"); /* newest first */
	assert_string_equal(arr[0].state, "pending");
	assert_int_equal(arr[0].attempts, 0);
	pki_mail_array_free(&arr, n);
	assert_null(arr);

	/* No CA server, so no SMTP server: the rows wait and say why. */
	assert_int_equal(pki_mail_flush(t->store, true, &sent, &failed, &t->err), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(failed, 2);
	assert_int_equal(pki_mail_list(t->store, &arr, &n, &t->err), 0);
	assert_string_equal(arr[1].state, "pending");
	assert_int_equal(arr[1].attempts, 0);
	assert_string_not_equal(arr[1].last_error, "");
	pki_mail_array_free(&arr, n);

	assert_int_equal(pki_mail_retry(t->store, 0, &count, &t->err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(pki_mail_retry(t->store, 1, &count, &t->err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(pki_mail_retry(t->store, 42, &count, &t->err), PKI_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_smtp_target),
		cmocka_unit_test(test_message),
		tctx_test(test_enqueue_list_retry, tctx_setup),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
