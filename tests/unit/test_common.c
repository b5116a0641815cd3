/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_common.c: src/common, what ncpki and ncpkid share: the exit status
 * of each libncpki error code, the "PROGRAM: error: ..." lines, and the
 * password reader on descriptors and files (a line at a time, nothing read
 * past it, too long and readable-by-others refused, failures reported).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "exitcode.h"
#include "message.h"
#include "ncpki.h"
#include "secret.h"

/* ---------------------------------------------------------- exit codes */

static void
test_exit_codes(void **state)
{
	static const int want[PKI_ERR__COUNT] = {
		[PKI_OK] = NC_EXIT_OK,
		[PKI_ERR_NOMEM] = NC_EXIT_FAILURE,
		[PKI_ERR_IO] = NC_EXIT_FAILURE,
		[PKI_ERR_DB] = NC_EXIT_FAILURE,
		[PKI_ERR_BUSY] = NC_EXIT_FAILURE,
		[PKI_ERR_CRYPTO] = NC_EXIT_FAILURE,
		[PKI_ERR_INVALID] = NC_EXIT_REJECTED,
		[PKI_ERR_NOT_CONFIGURED] = NC_EXIT_FAILURE,
		/* ncpkid said 1 here before issue 15; ncpki said 3 */
		[PKI_ERR_ALREADY_CONFIGURED] = NC_EXIT_REJECTED,
		[PKI_ERR_PASSWORD] = NC_EXIT_PASSWORD,
		[PKI_ERR_KEY_UNAVAILABLE] = NC_EXIT_KEY,
		[PKI_ERR_NOT_FOUND] = NC_EXIT_FAILURE,
		[PKI_ERR_DUPLICATE] = NC_EXIT_REJECTED,
		[PKI_ERR_TOO_LARGE] = NC_EXIT_REJECTED,
		[PKI_ERR_BAD_CSR] = NC_EXIT_REJECTED,
		[PKI_ERR_WEAK_KEY] = NC_EXIT_REJECTED,
		[PKI_ERR_MISMATCH] = NC_EXIT_REJECTED,
		[PKI_ERR_NOT_CA] = NC_EXIT_REJECTED,
		[PKI_ERR_EXISTS] = NC_EXIT_REJECTED,
		[PKI_ERR_QUOTA] = NC_EXIT_REJECTED,
		[PKI_ERR_NOT_RENEWAL] = NC_EXIT_REJECTED,
	};
	int code;

	(void)state;
	for (code = 0; code < PKI_ERR__COUNT; code++) {
		if (nc_exit_code(code) != want[code])
			print_error("code %d (%s)\n", code, pki_strerror(code));
		assert_int_equal(nc_exit_code(code), want[code]);
	}
	assert_int_equal(nc_exit_code(PKI_ERR__COUNT), NC_EXIT_FAILURE);
}

/* "$TMPDIR/test_common.XXXXXX" for mkstemp or mkdtemp. */
static void
tmp_template(char *buf, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, size, "%s/test_common.XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
}

/* ------------------------------------------------------------ messages */

/* Runs fn with standard error going to a file; returns what it wrote. */
static char *
stderr_of(void (*fn)(void))
{
	static char text[1024];
	char path[512];
	int fd, saved;
	ssize_t n;

	tmp_template(path, sizeof path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	n = pread(fd, text, sizeof text - 1, 0);
	close(fd);
	assert_true(n >= 0);
	text[n] = '\0';
	return text;
}

static int fail_status;

static void
say_things(void)
{
	struct pki_error err;

	nc_error("no %s", "luck");
	nc_warning("%d left", 3);
	nc_note("%s", "listening");
	pki_error_clear(&err);
	err.code = PKI_ERR_ALREADY_CONFIGURED;
	snprintf(err.msg, sizeof err.msg, "%s", "configured already");
	fail_status = nc_fail(&err);
	pki_error_clear(&err);
	err.code = PKI_ERR_KEY_UNAVAILABLE;   /* no message: the code's text */
	(void)nc_fail(&err);
}

static void
test_messages(void **state)
{
	char want[512];

	(void)state;
	nc_set_program("prog");
	snprintf(want, sizeof want,
	         "prog: error: no luck\n"
	         "prog: warning: 3 left\n"
	         "prog: listening\n"
	         "prog: error: configured already\n"
	         "prog: error: %s\n", pki_strerror(PKI_ERR_KEY_UNAVAILABLE));
	assert_string_equal(stderr_of(say_things), want);
	assert_int_equal(fail_status, NC_EXIT_REJECTED);
}

/* ------------------------------------------------------------ secrets */

static char reported[1024];
static int nreported;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reported, sizeof reported, fmt, ap);
	va_end(ap);
	nreported++;
}

static void
reset_report(void)
{
	reported[0] = '\0';
	nreported = 0;
}

/* A pipe holding `text`, its write end closed: returns the read end. */
static int
pipe_with(const char *text, size_t len)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_true(len < 65536);   /* fits in the pipe's buffer */
	assert_int_equal(write(p[1], text, len), (ssize_t)len);
	close(p[1]);
	return p[0];
}

static void
test_secret_fd(void **state)
{
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct nc_secret pw;
	char rest[16];
	ssize_t n;

	(void)state;
	reset_report();
	src.fd = pipe_with("pass word\r\nnext\n", 16);
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_OK);
	assert_int_equal(pw.len, 9);
	assert_string_equal(pw.buf, "pass word");
	nc_secret_free(&pw);
	assert_null(pw.buf);
	assert_int_equal(pw.cap, 0);
	/* nothing past the newline was consumed */
	n = read(src.fd, rest, sizeof rest);
	assert_int_equal(n, 5);
	assert_memory_equal(rest, "next\n", 5);
	close(src.fd);
	assert_int_equal(nreported, 0);

	/* an empty descriptor: an empty password */
	src.fd = pipe_with("", 0);
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_OK);
	assert_int_equal(pw.len, 0);
	nc_secret_free(&pw);
	close(src.fd);
}

static void
test_secret_too_long(void **state)
{
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct nc_secret pw;
	char line[PKI_PASSWORD_MAX + 3];
	char want[128];

	(void)state;
	/* PKI_PASSWORD_MAX + 1 bytes still reach the library, whose rule
	 * (pki_validate_password) names the field that is too long */
	memset(line, 'a', sizeof line);
	line[PKI_PASSWORD_MAX + 1] = '\n';
	reset_report();
	src.fd = pipe_with(line, PKI_PASSWORD_MAX + 2);
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_OK);
	assert_int_equal(pw.len, PKI_PASSWORD_MAX + 1);
	nc_secret_free(&pw);
	close(src.fd);

	/* one more: refused here, the buffer already released */
	memset(line, 'a', sizeof line);
	line[PKI_PASSWORD_MAX + 2] = '\n';
	src.fd = pipe_with(line, PKI_PASSWORD_MAX + 3);
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_REJECTED);
	assert_null(pw.buf);
	assert_int_equal(pw.len, 0);
	close(src.fd);
	snprintf(want, sizeof want, "The password is longer than %d bytes.", PKI_PASSWORD_MAX);
	assert_string_equal(reported, want);
	assert_int_equal(nreported, 1);
}

static void
test_secret_bad_fd(void **state)
{
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct nc_secret pw;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	close(p[1]);
	reset_report();
	src.fd = p[0];   /* closed: EBADF */
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_FAILURE);
	assert_null(pw.buf);
	assert_non_null(strstr(reported, "Cannot read the password from descriptor "));
	assert_int_equal(nreported, 1);
}

static void
test_secret_file(void **state)
{
	char dir[512], path[600], missing[600];
	struct nc_pwsrc src = NC_PWSRC_INIT;
	struct nc_secret pw;
	FILE *fp;

	(void)state;
	tmp_template(dir, sizeof dir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/pw", dir);
	snprintf(missing, sizeof missing, "%s/none", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("from a file\nsecond line\n", fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0600), 0);

	reset_report();
	src.file = path;
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_OK);
	assert_string_equal(pw.buf, "from a file");
	nc_secret_free(&pw);
	assert_int_equal(nc_secret_from_file(path, &pw, report), NC_EXIT_OK);
	assert_string_equal(pw.buf, "from a file");
	nc_secret_free(&pw);
	assert_int_equal(nreported, 0);

	/* others can read it: refused with the fix */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(nc_password(&src, "unused: ", NULL, &pw, report), NC_EXIT_REJECTED);
	assert_null(pw.buf);
	assert_non_null(strstr(reported, "chmod 600"));

	/* absent */
	reset_report();
	assert_int_equal(nc_secret_from_file(missing, &pw, report), NC_EXIT_FAILURE);
	assert_null(pw.buf);
	assert_non_null(strstr(reported, "Cannot open password file "));
	assert_non_null(strstr(reported, strerror(ENOENT)));

	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_secret_fd),
		cmocka_unit_test(test_secret_too_long),
		cmocka_unit_test(test_secret_bad_fd),
		cmocka_unit_test(test_secret_file),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
