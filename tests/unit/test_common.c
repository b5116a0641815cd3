/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_common.c: src/common, what ncpki and ncpkid share: the exit status
 * of each libncpki error code, the "PROGRAM: error: ..." lines, and the
 * password reader on descriptors and files (a line at a time, nothing read
 * past it, too long and readable-by-others refused, failures reported),
 * and the JSON of an object in each view (the web service's shows no
 * contact and keeps API v1's "" where the operator's has null).
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
#include "json.h"
#include "message.h"
#include "ncpki.h"
#include "options.h"
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
	err.code = PKI_ERR_KEY_UNAVAILABLE; /* no message: the code's text */
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
	    "prog: error: %s\n",
	    pki_strerror(PKI_ERR_KEY_UNAVAILABLE));
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
	assert_true(len < 65536); /* fits in the pipe's buffer */
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
	src.fd = p[0]; /* closed: EBADF */
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

/* -------------------------------------------------------------- options */

struct opt_args {
	bool flag, num_seen;
	const char *str;
	long num;
	uint64_t serial;
	int fd;
	struct nc_strlist list;
	int cb_value;
	bool a, b, c, d;
};

static int
cb_upper(const char *hint, const struct nc_option *opt, const char *arg, void *field, void *base)
{
	if (arg[0] < 'A' || arg[0] > 'Z')
		return nc_usage_error(hint, "--%s: '%s' is not upper case", opt->name, arg);
	*(int *)field = arg[0];
	return 0;
}

static int
cb_done(const char *hint, const struct nc_option *opt, const char *arg, void *field, void *base)
{
	return NC_OPT_DONE;
}

static const struct nc_option test_opts[] = {
	NC_OPT_BOOL("flag", struct opt_args, flag, "a flag", .short_name = 'f'),
	NC_OPT_STR("str", struct opt_args, str, "TEXT", "a string", .flags = NC_OPT_REQUIRED),
	NC_OPT_NUM("num", struct opt_args, num, "N", "a number from 1 to 9", .min = 1, .max = 9,
	    .seen = NC_SEEN(struct opt_args, num_seen)),
	NC_OPT_SERIALNO("serial", struct opt_args, serial, "N", "a serial"),
	NC_OPT_FILENO("fd", struct opt_args, fd, "N", "a descriptor"),
	NC_OPT_STRLIST("item", struct opt_args, list, "ITEM", "at most two", .max = 2),
	NC_OPT_CB("upper", struct opt_args, cb_value, int, "WORD", "an upper-case word", cb_upper),
	NC_OPT_BOOL("a", struct opt_args, a, "one of a, b", .excl = 1),
	NC_OPT_BOOL("b", struct opt_args, b, "the other", .excl = 1, .needs = "flag"),
	NC_OPT_BOOL("c", struct opt_args, c, "one of c, d, stop", .excl = 2),
	NC_OPT_BOOL("d", struct opt_args, d, "", .excl = 2, .flags = NC_OPT_HIDDEN),
	NC_OPT_CB("stop", struct opt_args, c, bool, NULL, "stops", cb_done, .excl = 2,
	    .flags = NC_OPT_NOARG),
	NC_OPT_END_OF(struct opt_args, NULL),
};

static struct opt_args parsed;
static const char *parse_argv[32];
static int parse_status, parse_first;

static void
run_parse(void)
{
	char *argv[32];
	int argc = 0;

	for (argc = 0; parse_argv[argc] != NULL; argc++)
		argv[argc] = (char *)parse_argv[argc];
	argv[argc] = NULL;
	nc_opt_free(test_opts, &parsed);
	memset(&parsed, 0, sizeof parsed);
	parse_status = nc_opt_parse(test_opts, &parsed, argc, argv, 0, "t --help", &parse_first);
	memcpy(parse_argv, argv, (size_t)argc * sizeof *argv); /* as permuted */
}

/* Parses the NULL-terminated words (argv[0] first); returns what went to
 * standard error. */
static const char *
parse(const char *first, ...)
{
	va_list ap;
	int n = 0;

	parse_argv[n++] = first;
	va_start(ap, first);
	while ((parse_argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	assert_true(n < 31);
	return stderr_of(run_parse);
}

static void
expect_usage(const char *err, const char *what)
{
	char want[256];

	snprintf(want, sizeof want, "prog: error: %s (try 't --help')\n", what);
	assert_int_equal(parse_status, NC_EXIT_USAGE);
	assert_string_equal(err, want);
}

static void
test_options_parse(void **state)
{
	(void)state;
	nc_set_program("prog");
	/* every kind, operands after the options (argv permuted) */
	assert_string_equal(parse("t", "op1", "-f", "--str", "x", "--num=3", "--serial", "0x1F",
	                        "--fd", "7", "--item", "i1", "op2", "--item", "i2", "--upper", "Up",
	                        NULL),
	    "");
	assert_int_equal(parse_status, 0);
	assert_true(parsed.flag && parsed.num_seen);
	assert_string_equal(parsed.str, "x");
	assert_int_equal(parsed.num, 3);
	assert_int_equal(parsed.serial, 31);
	assert_int_equal(parsed.fd, 7);
	assert_int_equal(parsed.list.n, 2);
	assert_string_equal(parsed.list.v[1], "i2");
	assert_int_equal(parsed.cb_value, 'U');
	assert_int_equal(parse_first, 15);
	assert_string_equal(parse_argv[15], "op1");
	assert_string_equal(parse_argv[16], "op2");
	/* defaults: a descriptor is -1 until given; nothing seen */
	assert_string_equal(parse("t", "--str", "y", NULL), "");
	assert_int_equal(parsed.fd, -1);
	assert_false(parsed.num_seen);
	assert_int_equal(parse_first, 3);
	/* --help and -h at once, whatever follows; a callback that is done */
	parse("t", "-h", "--bogus", NULL);
	assert_int_equal(parse_status, NC_OPT_HELP);
	parse("t", "--help", NULL);
	assert_int_equal(parse_status, NC_OPT_HELP);
	parse("t", "--stop", "--bogus", NULL);
	assert_int_equal(parse_status, NC_OPT_DONE);

	/* usage errors, as ncpki has always worded them */
	expect_usage(parse("t", "--bogus", NULL), "unknown or ambiguous option '--bogus'");
	expect_usage(parse("t", "-x", NULL), "unknown option '-x'");
	expect_usage(parse("t", "--str", NULL), "option '--str' needs an argument");
	expect_usage(parse("t", "--num", "x", "--str", "s", NULL), "--num: 'x' is not a number");
	expect_usage(parse("t", "--num", "10", NULL), "--num: give a number from 1 to 9");
	expect_usage(parse("t", "--serial", "0", NULL), "--serial: '0' is not a serial number");
	expect_usage(parse("t", "--fd", "-1", NULL), "--fd: '-1' is not a file descriptor");
	expect_usage(parse("t", "--item", "1", "--item", "2", "--item", "3", NULL),
	    "at most 2 --item options");
	expect_usage(parse("t", "--upper", "low", NULL), "--upper: 'low' is not upper case");
	/* the rules: exclusive groups of two and three, needs, required */
	expect_usage(parse("t", "--str", "s", "--a", "--b", NULL), "give --a or --b, not both");
	expect_usage(parse("t", "--str", "s", "--c", "--d", NULL),
	    "give only one of --c, --d and --stop");
	expect_usage(parse("t", "--str", "s", "--b", NULL), "--b goes with --flag");
	expect_usage(parse("t", "--flag", NULL), "the option --str is required");
	assert_string_equal(parse("t", "--str", "s", "--b", "--flag", NULL), "");
	assert_int_equal(parse_status, 0);
	nc_opt_free(test_opts, &parsed);
	assert_null(parsed.list.v);
}

static void
test_options_args(void **state)
{
	static const struct opt_args defaults = { .num = 5, .str = "default" };
	static const struct nc_option with_defaults[] = {
		NC_OPT_NUM("num", struct opt_args, num, "N", "a number"),
		NC_OPT_END_OF(struct opt_args, &defaults),
	};
	struct opt_args *a;

	(void)state;
	a = nc_opt_args_new(with_defaults);
	assert_non_null(a);
	assert_int_equal(a->num, 5);
	assert_string_equal(a->str, "default");
	free(a);
	a = nc_opt_args_new(test_opts); /* no defaults: zeroes */
	assert_non_null(a);
	assert_null(a->str);
	free(a);
	free(nc_opt_args_new(NULL));
}

static FILE *help_to;

/* Runs fn with its output going to a file (help_to); returns what it wrote. */
static char *
stdout_of(void (*fn)(void))
{
	static char text[4096];
	FILE *fp = tmpfile();
	size_t n;

	assert_non_null(fp);
	fflush(stdout);
	help_to = fp;
	fn();
	rewind(fp);
	n = fread(text, 1, sizeof text - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

static void
print_help(void)
{
	static const struct nc_option opts[] = {
		NC_OPT_STR("root", struct opt_args, str, "NAME", "file name root",
		    .flags = NC_OPT_REQUIRED),
		NC_OPT_BOOL("yes", struct opt_args, flag, "do not ask", .short_name = 'y'),
		NC_OPT_STR("a-rather-long-option", struct opt_args, str, "PLACEHOLDER",
		    "its help goes on the next line, which is wrapped at eighty columns "
		    "like every other"),
		NC_OPT_BOOL("secret", struct opt_args, flag, "hidden", .flags = NC_OPT_HIDDEN),
		NC_OPT_END_OF(struct opt_args, NULL),
	};

	nc_opt_help(opts, help_to);
	nc_opt_list(opts, "ncpki t", help_to);
}

static void
test_options_help(void **state)
{
	(void)state;
	assert_string_equal(stdout_of(print_help),
	    "  --root NAME  file name root (required)\n"
	    "  -y, --yes    do not ask\n"
	    "  --a-rather-long-option PLACEHOLDER\n"
	    "               its help goes on the next line, which is wrapped "
	    "at eighty\n"
	    "               columns like every other\n"
	    "  -h, --help   show this help and exit\n"
	    "ncpki t|--root|NAME|\n"
	    "ncpki t|--yes||-y\n"
	    "ncpki t|--a-rather-long-option|PLACEHOLDER|\n");
}

/* ---------------------------------------------------------------- JSON */

static const char *
member_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
test_json_views(void **state)
{
	struct pki_cert_info c;
	struct pki_csr_info q;
	struct pki_audit_entry e;
	json_t *op, *pub, *jq;
	char name[] = "Ann", phone[] = "555", mail[] = "ann@example.com", root[] = "web",
	     subj[] = "CN=web.example.com", bad[] = "caf\xe9";

	(void)state;
	memset(&c, 0, sizeof c);
	c.serial = 7;
	c.file_root = root;
	c.subject = subj;
	c.issuer = subj;
	c.sans = subj;
	c.hostname = bad; /* not UTF-8: kept, sanitized */
	c.instance = root;
	c.contact_name = name;
	c.contact_phone = phone;
	c.contact_email = mail;
	c.not_before = 1767225600; /* 2026-01-01 */
	c.not_after = 1798761600; /* 2027-01-01 */
	c.pem = subj;

	op = nc_json_cert(&c, NC_JSON_OPERATOR, true);
	pub = nc_json_cert(&c, NC_JSON_PUBLIC, false);
	assert_non_null(op);
	assert_non_null(pub);
	assert_int_equal(json_integer_value(json_object_get(op, "serial")), 7);
	assert_int_equal(json_integer_value(json_object_get(pub, "serial")), 7);
	/* The operator sees the contacts and the PEM; a web caller neither. */
	assert_string_equal(member_str(op, "contact_email"), mail);
	assert_null(json_object_get(pub, "contact_email"));
	assert_null(json_object_get(pub, "contact_name"));
	assert_null(json_object_get(pub, "sans"));
	assert_string_equal(member_str(op, "pem"), subj);
	assert_null(json_object_get(pub, "pem"));
	/* Not revoked: null for the operator, "" in API v1. */
	assert_true(json_is_null(json_object_get(op, "revoked_at")));
	assert_string_equal(member_str(pub, "revoked_at"), "");
	assert_string_equal(member_str(pub, "reason"), "");
	assert_string_equal(member_str(op, "not_after"), "2027-01-01T00:00:00Z");
	assert_string_equal(member_str(pub, "not_after"), "2027-01-01T00:00:00Z");
	/* A counter serial: its hexadecimal form for the operator, "" in v1. */
	assert_string_equal(member_str(op, "serial_number"), "07");
	assert_string_equal(member_str(pub, "serial_number"), "");
	assert_non_null(member_str(op, "hostname"));
	assert_string_not_equal(member_str(op, "hostname"), "");
	assert_true(json_is_null(json_object_get(op, "renewal_of")));
	json_decref(op);
	json_decref(pub);

	c.revoked_at = 1780000000;
	c.reason = 1; /* keyCompromise */
	pub = nc_json_cert(&c, NC_JSON_PUBLIC, false);
	assert_string_equal(member_str(pub, "status"), "revoked");
	assert_string_equal(member_str(pub, "reason"), "keyCompromise");
	json_decref(pub);

	/* A request: API v1 has no renewal_of unless it renews. */
	memset(&q, 0, sizeof q);
	q.id = 3;
	q.file_root = root;
	q.subject = subj;
	q.contact_email = mail;
	jq = nc_json_csr(&q, NC_JSON_PUBLIC, false);
	assert_null(json_object_get(jq, "renewal_of"));
	assert_null(json_object_get(jq, "contact_email"));
	json_decref(jq);
	q.renewal_of = 5;
	jq = nc_json_csr(&q, NC_JSON_OPERATOR, false);
	assert_int_equal(json_integer_value(json_object_get(jq, "renewal_of")), 5);
	assert_string_equal(member_str(jq, "contact_email"), mail);
	json_decref(jq);

	memset(&e, 0, sizeof e);
	e.id = 9;
	e.at = 1767225600;
	e.actor = name;
	e.action = root;
	e.object = subj;
	e.outcome = phone;
	jq = nc_json_audit(&e);
	assert_string_equal(member_str(jq, "at"), "2026-01-01T00:00:00Z");
	assert_string_equal(member_str(jq, "outcome"), phone);
	json_decref(jq);
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
		cmocka_unit_test(test_options_parse),
		cmocka_unit_test(test_options_args),
		cmocka_unit_test(test_options_help),
		cmocka_unit_test(test_json_views),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
