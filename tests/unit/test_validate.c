/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_validate.c: the field rules of validate.c: file name root (letters,
 * digits, '-', '_', not "cache", length), ISO 3166 country codes, email,
 * host names, phone numbers, passwords, validity days, the subject DN rule
 * and the text rule (no control characters or escape sequences, valid
 * UTF-8), plus sanitizing for display and the names of things.
 */
#include "config.h"

#include "testutil.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Each rejection must be PKI_ERR_INVALID with the caller's field name and a
 * message a person can read. */
#define assert_invalid(call, fieldname) \
	do { \
		struct pki_error e_; \
		memset(&e_, 0, sizeof e_); \
		int r_ = (call); \
		if (r_ != PKI_ERR_INVALID) \
			print_error("%s accepted (returned %d)\n", #call, r_); \
		assert_int_equal(r_, PKI_ERR_INVALID); \
		assert_int_equal(e_.code, PKI_ERR_INVALID); \
		assert_string_equal(e_.field, (fieldname)); \
		assert_true(strlen(e_.msg) > 10); \
	} while (0)

#define assert_valid(call) \
	do { \
		struct pki_error e_; \
		memset(&e_, 0, sizeof e_); \
		int r_ = (call); \
		if (r_ != 0) \
			print_error("%s refused: %s\n", #call, e_.msg); \
		assert_int_equal(r_, 0); \
	} while (0)

/* A rule on one string: pki_check_file_root, pki_check_country, ... */
typedef int (*str_rule)(const char *value, const char *field, struct pki_error *err);

/* Each of the n values (NULL among them) is accepted by the rule (want 0),
 * or refused as assert_invalid requires, naming field (want
 * PKI_ERR_INVALID). */
static void
each_value(str_rule rule, const char *field, int want, const char *const *values, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pki_error e;
		int r;

		memset(&e, 0, sizeof e);
		r = rule(values[i], field, &e);
		if (r != want)
			print_error("\"%s\": returned %d, not %d (%s)\n",
			    values[i] ? values[i] : "(null)", r, want, e.msg);
		assert_int_equal(r, want);
		if (want == 0)
			continue;
		assert_int_equal(e.code, PKI_ERR_INVALID);
		assert_string_equal(e.field, field);
		assert_true(strlen(e.msg) > 10);
	}
}

#define EACH_VALUE(rule, field, want, ...) \
	do { \
		static const char *const v_[] = { __VA_ARGS__ }; \
		each_value(rule, field, want, v_, sizeof v_ / sizeof *v_); \
	} while (0)
#define ALL_VALID(rule, field, ...) EACH_VALUE(rule, field, 0, __VA_ARGS__)
#define ALL_INVALID(rule, field, ...) EACH_VALUE(rule, field, PKI_ERR_INVALID, __VA_ARGS__)

static void
test_file_root(void **state)
{
	char longest[PKI_FILE_ROOT_MAX + 1], toolong[PKI_FILE_ROOT_MAX + 2];
	(void)state;

	ALL_VALID(pki_check_file_root, "root", "MyCA", "my-ca_2", "0", "cache2", "mycache");

	ALL_INVALID(pki_check_file_root, "root", "cache", "", NULL, "My CA", "My.CA", "../etc/x",
	    "a/b", "a\\b", "CA\n", "CA\x1b[31m", "caf\xc3\xa9", "a;rm");
	assert_invalid(pki_check_file_root("x*", "file_root", &e_), "file_root");
	/* A leading hyphen would make the files options of openssl, ls, rm. */
	assert_invalid(pki_check_file_root("-rf", "root", &e_), "root");
	{
		struct pki_error e;
		pki_error_clear(&e);
		assert_int_equal(pki_check_file_root("-rf", "root", &e), PKI_ERR_INVALID);
		assert_non_null(strstr(e.msg, "\"-rf\" cannot begin with a hyphen"));
	}
	assert_invalid(pki_check_file_root("-", "root", &e_), "root");
	assert_invalid(pki_check_file_root("--help", "file_root", &e_), "file_root");
	assert_valid(pki_check_file_root("ca-", "root", &e_));

	memset(longest, 'a', PKI_FILE_ROOT_MAX);
	longest[PKI_FILE_ROOT_MAX] = '\0';
	assert_valid(pki_check_file_root(longest, "root", &e_));
	memset(toolong, 'a', PKI_FILE_ROOT_MAX + 1);
	toolong[PKI_FILE_ROOT_MAX + 1] = '\0';
	assert_invalid(pki_check_file_root(toolong, "root", &e_), "root");
}

static void
test_file_root_message(void **state)
{
	struct pki_error e;
	(void)state;

	memset(&e, 0, sizeof e);
	assert_int_equal(pki_check_file_root("cache", "root", &e), PKI_ERR_INVALID);
	assert_non_null(strstr(e.msg, "cache"));
	memset(&e, 0, sizeof e);
	assert_int_equal(pki_check_file_root("bad root", "root", &e), PKI_ERR_INVALID);
	assert_non_null(strstr(e.msg, "bad root"));
	/* a bad name is shown safely: no escape byte in the message */
	memset(&e, 0, sizeof e);
	assert_int_equal(pki_check_file_root("x\x1b]0;pwned\a", "root", &e), PKI_ERR_INVALID);
	assert_null(strchr(e.msg, '\x1b'));
	assert_null(strchr(e.msg, '\a'));
}

static void
test_country(void **state)
{
	(void)state;
	ALL_VALID(pki_check_country, "country", "US", "FR", "GB", "JP", "ZA");

	ALL_INVALID(pki_check_country, "country", "ZZ", "AA", "XX", "USA", "U", "1A", "U\x1b");
	assert_invalid(pki_check_country(NULL, "C", &e_), "C");
}

static void
test_email(void **state)
{
	(void)state;
	ALL_VALID(pki_check_email, "admin_email", "CAMgr@MyDomain.com",
	    "first.last+pki@mail.example.org");

	ALL_INVALID(pki_check_email, "admin_email", "CAMgr", "", "@example.com", "user@",
	    "a@@example.com", "a@b@example.com", "us er@example.com", "user@exa mple.com",
	    "user@example.com\n", "user@-example.com");
	assert_invalid(pki_check_email("<user@example.com>", "contact_email", &e_),
	    "contact_email");
}

static void
test_hostname(void **state)
{
	char label64[80], longname[300];
	(void)state;

	ALL_VALID(pki_check_hostname, "hostname", "MyMachine.MyDomain.com", "host-1.example.com",
	    "localhost");

	ALL_INVALID(pki_check_hostname, "hostname", "", "-host.example.com", "host-.example.com",
	    "a..example.com", "has space.example.com", "host\x1b[2J.example.com",
	    "h\xc3\xa9.example.com", "*.example.com");

	memset(label64, 'a', 64);
	strcpy(label64 + 64, ".example.com");
	assert_invalid(pki_check_hostname(label64, "hostname", &e_), "hostname");
	/* a label of exactly 63 is fine */
	memset(label64, 'a', 63);
	strcpy(label64 + 63, ".example.com");
	assert_valid(pki_check_hostname(label64, "hostname", &e_));

	/* 254 characters in all is too long */
	for (int i = 0; i < 254; i++)
		longname[i] = (i % 50 == 49) ? '.' : 'a';
	longname[254] = '\0';
	assert_invalid(pki_check_hostname(longname, "hostname", &e_), "hostname");
}

static void
test_phone(void **state)
{
	(void)state;
	ALL_VALID(pki_check_phone, "contact_phone", "+1 617 555 0100", "(617) 555-0100",
	    "+33.1.23.45.67.89");

	ALL_INVALID(pki_check_phone, "contact_phone", "call me", "555<script>", "+1 617\n555",
	    "617\x1b[31m");
	assert_invalid(pki_check_phone("1234567890123456789012345678901234567890123",
	                   "contact_phone", &e_),
	    "contact_phone");
}

static void
test_password(void **state)
{
	char big[PKI_PASSWORD_MAX + 2];
	(void)state;

	assert_valid(pki_check_password("123456789012", 12, "password", &e_));
	assert_valid(pki_check_password("correct horse battery", 21, "password", &e_));
	assert_invalid(pki_check_password("12345678901", 11, "password", &e_), "password");
	assert_invalid(pki_check_password("", 0, "password", &e_), "password");
	assert_invalid(pki_check_password(NULL, 0, "password", &e_), "password");
	/* the length given counts, not strlen */
	assert_invalid(pki_check_password("12345678", 4, "password", &e_), "password");
	memset(big, 'p', sizeof big);
	assert_invalid(pki_check_password(big, PKI_PASSWORD_MAX + 1, "password", &e_), "password");
	assert_valid(pki_check_password(big, PKI_PASSWORD_MAX, "password", &e_));
}

static void
test_password_message_says_minimum(void **state)
{
	struct pki_error e;
	char min[16];
	(void)state;

	memset(&e, 0, sizeof e);
	assert_int_equal(pki_check_password("short", 5, "password", &e), PKI_ERR_INVALID);
	snprintf(min, sizeof min, "%d", PKI_PASSWORD_MIN);
	assert_non_null(strstr(e.msg, min));
}

static void
test_days(void **state)
{
	(void)state;
	assert_valid(pki_check_days(1, "days", &e_));
	assert_valid(pki_check_days(365, "days", &e_));
	assert_valid(pki_check_days(PKI_DAYS_MAX, "days", &e_));
	assert_invalid(pki_check_days(0, "days", &e_), "days");
	assert_invalid(pki_check_days(-1, "days", &e_), "days");
	assert_invalid(pki_check_days(PKI_DAYS_MAX + 1, "ca_days", &e_), "ca_days");
}

static void
test_instance_and_text(void **state)
{
	(void)state;
	assert_valid(pki_check_instance("IRIS", "instance", &e_));
	ALL_INVALID(pki_check_instance, "instance", "two words", "x\x1b");

	assert_valid(
	    pki_check_text("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale", 64, "org", &e_));
	assert_invalid(pki_check_text("bell\a", 64, "org", &e_), "org");
	assert_invalid(pki_check_text("\x1b[31mred", 64, "org", &e_), "org");
	assert_invalid(pki_check_text("c1 \xc2\x9b"
	                              "31m",
	                   64, "org", &e_),
	    "org");
	assert_invalid(pki_check_text("\xff\xfe", 64, "org", &e_), "org");
	assert_invalid(pki_check_text("\xc0\xaf", 64, "org", &e_), "org"); /* overlong */
	assert_invalid(pki_check_text("\xed\xa0\x80", 64, "org", &e_), "org"); /* surrogate */
	assert_invalid(pki_check_text("abc\xe2\x82", 64, "org", &e_), "org"); /* truncated */
	assert_invalid(pki_check_text("rtl\xe2\x80\xaemoc.exe", 64, "org", &e_), "org");
	assert_invalid(pki_check_text("12345", 4, "org", &e_), "org");
	/* the limit counts characters, not bytes */
	assert_valid(pki_check_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4, "org", &e_));
}

/* pki_dn_check refuses dn, naming field; its error in *e. */
static void
assert_dn_refused(struct pki_dn dn, const char *field, struct pki_error *e)
{
	memset(e, 0, sizeof *e);
	assert_int_equal(pki_dn_check(&dn, e), PKI_ERR_INVALID);
	assert_string_equal(e->field, field);
}

static void
test_dn(void **state)
{
	struct pki_dn dn;
	struct pki_error e;
	(void)state;

	/* at least one attribute */
	memset(&dn, 0, sizeof dn);
	memset(&e, 0, sizeof e);
	assert_int_equal(pki_dn_check(&dn, &e), PKI_ERR_INVALID);
	assert_true(e.field[0] != '\0');
	assert_true(strlen(e.msg) > 10);

	dn.cn = "";
	dn.org = "";
	memset(&e, 0, sizeof e);
	assert_int_equal(pki_dn_check(&dn, &e), PKI_ERR_INVALID);

	/* any single attribute is enough */
	dn = (struct pki_dn){ .cn = "Documentation Test CA" };
	assert_int_equal(pki_dn_check(&dn, &e), 0);
	dn = (struct pki_dn){ .ou = "For use within Example only" };
	assert_int_equal(pki_dn_check(&dn, &e), 0);
	dn = (struct pki_dn){ .country = "FR" };
	assert_int_equal(pki_dn_check(&dn, &e), 0);

	/* UTF-8 is welcome */
	dn = (struct pki_dn){ .org = "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale",
		.cn = "\xe6\x9d\xb1\xe4\xba\xac CA" };
	assert_int_equal(pki_dn_check(&dn, &e), 0);

	/* a bad country */
	assert_dn_refused((struct pki_dn){ .cn = "Test CA", .country = "ZZ" }, "country", &e);

	/* an escape sequence in CN */
	assert_dn_refused((struct pki_dn){ .cn = "Evil \x1b[2J\x1b[31mCA" }, "cn", &e);
	assert_null(strchr(e.msg, '\x1b'));

	/* a control character in O */
	assert_dn_refused((struct pki_dn){ .cn = "Test CA", .org = "Example\rCorporation" }, "org",
	    &e);

	/* invalid UTF-8 in L, ST, OU */
	assert_dn_refused((struct pki_dn){ .locality = "Bad \xff city" }, "locality", &e);
	assert_dn_refused((struct pki_dn){ .state = "\xc3" }, "state", &e);
	assert_dn_refused((struct pki_dn){ .ou = "ok", .cn = "\xc0\x80" }, "cn", &e);
}

/* One SAN as a request takes it, checked before any key is made. */
static void
test_san_check(void **state)
{
	static const char *const good[] = { "DNS:www.example.com", "IP:192.0.2.1", "IP:2001:db8::1",
		"email:a@example.com", "URI:https://example.com/x", "dns:lower.example" };
	static const char *const bad[] = { "FOO:bar", "DNS:", "IP:300.1.1.1", "email:nobody",
		"URI:no-scheme", "www.example.com", "" };
	struct pki_error err;
	(void)state;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		pki_error_clear(&err);
		if (pki_san_check(good[i], &err) != 0)
			fail_msg("\"%s\" refused: %s", good[i], err.msg);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pki_error_clear(&err);
		if (pki_san_check(bad[i], &err) != PKI_ERR_INVALID)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(err.field, "sans");
		assert_true(err.msg[0] != '\0');
	}
}

/* The name the console's queue shows first: the CN, else the first SAN. */
static void
test_display_name(void **state)
{
	static const struct {
		const char *subject, *sans, *want;
	} cases[] = {
		{ "CN=web.example.com,O=Example,C=US", "DNS:web.example.com", "web.example.com" },
		{ "C=US,O=Example,CN=last", "", "last" },
		{ "CN=Doe\\, Jane+UID=jd,O=X", "", "Doe, Jane" },
		{ "CN=a\\2Cb\\\\c", NULL, "a,b\\c" },
		{ "cn=lower", "", "lower" },
		{ "O=Example,C=US", "DNS:only.example, IP:192.0.2.1", "only.example" },
		{ "O=Example,CN=,C=US", "IP:192.0.2.1", "192.0.2.1" },
		{ "O=Example,C=US", "", "O=Example,C=US" },
		{ "", NULL, "" },
		{ "OU=CN=not,C=US", "", "OU=CN=not,C=US" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = pki_display_name(cases[i].subject, cases[i].sans);

		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\" gave \"%s\", want \"%s\"", i, cases[i].subject,
			    got, cases[i].want);
		free(got);
	}
}

static void
test_sanitize(void **state)
{
	char *s;
	(void)state;

	s = pki_sanitize("plain text");
	assert_string_equal(s, "plain text");
	free(s);
	s = pki_sanitize("a\x1b[31mb");
	assert_non_null(s);
	assert_null(strchr(s, '\x1b'));
	assert_non_null(strstr(s, "[31mb"));
	free(s);
	s = pki_sanitize("x\xff"
	                 "y");
	assert_string_equal(s, "x?y");
	free(s);
	s = pki_sanitize("caf\xc3\xa9");
	assert_string_equal(s, "caf\xc3\xa9");
	free(s);
	s = pki_sanitize("tab\there\n");
	assert_null(strchr(s, '\t'));
	assert_null(strchr(s, '\n'));
	free(s);
	s = pki_sanitize(NULL);
	assert_non_null(s);
	free(s);
}

/* Issue 14: text that reads other than it is can never be stored. */
static void
test_hidden_characters(void **state)
{
	static const char *const hidden[] = {
		"evil\xe2\x80\xaetxt.exe", /* U+202E right-to-left override */
		"a\xe2\x80\x8f"
		"b", /* U+200F right-to-left mark */
		"a\xe2\x81\xa6"
		"b", /* U+2066 left-to-right isolate */
		"a\xd8\x9c"
		"b", /* U+061C Arabic letter mark */
		"pay\xe2\x80\x8bpal.com", /* U+200B zero-width space */
		"a\xe2\x80\x8c"
		"b", /* U+200C zero-width non-joiner */
		"a\xe2\x80\x8d"
		"b", /* U+200D zero-width joiner */
		"a\xe2\x81\xa0"
		"b", /* U+2060 word joiner */
		"\xef\xbb\xbf"
		"bom", /* U+FEFF byte-order mark */
		"soft\xc2\xadhyphen", /* U+00AD soft hyphen */
		"a\xef\xb7\x90"
		"b", /* U+FDD0 non-character */
		"a\xef\xb7\xaf"
		"b", /* U+FDEF non-character */
		"a\xef\xbf\xbe"
		"b", /* U+FFFE */
		"a\xef\xbf\xbf"
		"b", /* U+FFFF */
		"a\xf0\x9f\xbf\xbe"
		"b", /* U+1FFFE */
		"a\xf4\x8f\xbf\xbf"
		"b", /* U+10FFFF */
	};
	struct pki_error e;
	struct pki_dn dn;
	char *s;
	(void)state;

	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		assert_invalid(pki_check_text(hidden[i], 64, "Common Name", &e_), "Common Name");
		s = pki_sanitize(hidden[i]);
		assert_non_null(strchr(s, '?'));
		free(s);
		dn = (struct pki_dn){ .cn = hidden[i] };
		memset(&e, 0, sizeof e);
		assert_int_equal(pki_dn_check(&dn, &e), PKI_ERR_INVALID);
		assert_string_equal(e.field, "cn");
	}
	/* the message names the character */
	memset(&e, 0, sizeof e);
	pki_check_text(hidden[0], 64, "Common Name", &e);
	assert_non_null(strstr(e.msg, "U+202E"));
	/* letters next to them are fine: é, ß, CJK, an emoji */
	assert_valid(pki_check_text("caf\xc3\xa9 Stra\xc3\x9f"
	                            "e \xe6\x9d\xb1\xe4\xba\xac "
	                            "\xf0\x9f\x94\x92",
	    64, "Common Name", &e_));
}

/* Issue 14: a wildcard only as the whole leftmost label, never directly
 * under a public suffix (libpsl). */
static void
test_wildcards(void **state)
{
	(void)state;

	assert_true(pki_hostname_syntax("*.example.com", true));
	assert_true(pki_hostname_syntax("*.example.co.uk", true));
	assert_true(pki_hostname_syntax("*.a.b.example.org", true));
	assert_false(pki_hostname_syntax("*.example.com", false));
	assert_false(pki_hostname_syntax("f*.example.com", true));
	assert_false(pki_hostname_syntax("*f.example.com", true));
	assert_false(pki_hostname_syntax("*.*.example.com", true));
	assert_false(pki_hostname_syntax("www.*.example.com", true));
	assert_false(pki_hostname_syntax("*", true));
	assert_false(pki_hostname_syntax("*.", true));
	assert_false(pki_hostname_syntax("*.com", true));
	assert_false(pki_hostname_syntax("*.COM", true));
	assert_false(pki_hostname_syntax("*.co.uk", true));
	assert_false(pki_hostname_syntax("*.github.io", true));
	assert_false(pki_hostname_syntax("*.nosuchtld", true)); /* the implicit "*" rule */
	assert_true(pki_public_suffix("com"));
	assert_true(pki_public_suffix("co.uk"));
	assert_false(pki_public_suffix("example.com"));
	assert_false(pki_public_suffix(""));

	assert_valid(pki_check_dns_name("*.example.com", true, "sans", &e_));
	assert_invalid(pki_check_dns_name("f*.example.com", true, "sans", &e_), "sans");
	assert_invalid(pki_check_dns_name("*.co.uk", true, "sans", &e_), "sans");
	{
		struct pki_error e;

		memset(&e, 0, sizeof e);
		pki_check_dns_name("*.co.uk", true, "sans", &e);
		assert_non_null(strstr(e.msg, "public suffix"));
		memset(&e, 0, sizeof e);
		pki_check_dns_name("www.*.example.com", true, "sans", &e);
		assert_non_null(strstr(e.msg, "leftmost"));
	}
}

static void
test_names(void **state)
{
	enum pki_key_type kt;
	enum pki_usage u;
	(void)state;

	assert_int_equal(pki_key_type_parse("p256", &kt), 0);
	assert_int_equal(kt, PKI_KEY_EC_P256);
	assert_int_equal(pki_key_type_parse("rsa3072", &kt), 0);
	assert_int_equal(kt, PKI_KEY_RSA3072);
	assert_int_equal(pki_key_type_parse("ed25519", &kt), 0);
	assert_int_equal(kt, PKI_KEY_ED25519);
	assert_int_not_equal(pki_key_type_parse("rsa1024", &kt), 0);
	assert_int_not_equal(pki_key_type_parse("dsa", &kt), 0);
	assert_string_equal(pki_key_type_name(PKI_KEY_RSA3072), "rsa3072");
	assert_string_equal(pki_key_type_label(PKI_KEY_EC_P384), "EC P-384");
	assert_int_equal(PKI_KEY_DEFAULT, PKI_KEY_RSA3072);

	assert_int_equal(pki_usage_parse("tls", &u), 0);
	assert_int_equal(u, PKI_USAGE_TLS);
	assert_int_equal(pki_usage_parse("intermediate", &u), 0);
	assert_int_equal(u, PKI_USAGE_INTERMEDIATE);
	assert_int_equal(pki_usage_parse("codesign", &u), 0);
	assert_int_equal(u, PKI_USAGE_CODESIGN);
	assert_int_not_equal(pki_usage_parse("email", &u), 0);
	assert_string_equal(pki_usage_name(PKI_USAGE_CODESIGN), "codesign");
	assert_string_equal(pki_usage_label(PKI_USAGE_TLS), "TLS/SSL and XML security");
	assert_string_equal(pki_usage_label(PKI_USAGE_INTERMEDIATE),
	    "Intermediate Certificate Authority");
	assert_string_equal(pki_usage_label(PKI_USAGE_CODESIGN), "Code signing");

	for (int c = 0; c < PKI_ERR__COUNT; c++) {
		assert_non_null(pki_strerror(c));
		assert_true(strlen(pki_strerror(c)) > 0);
	}
	assert_non_null(pki_strerror(9999));
	assert_non_null(pki_version());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_root),
		cmocka_unit_test(test_file_root_message),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_password_message_says_minimum),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_instance_and_text),
		cmocka_unit_test(test_dn),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_san_check),
		cmocka_unit_test(test_hidden_characters),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_names),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
