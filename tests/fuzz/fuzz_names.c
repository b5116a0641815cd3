/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_names.c: libFuzzer harness for the DN and subjectAltName checks
 * (validate.c): the input is up to six NUL- or newline-separated fields,
 * given to pki_dn_check as C, ST, L, O, OU and CN, and each to the host
 * name (with and without a wildcard, libpsl's public suffixes), e-mail,
 * phone, instance, country and free-text checks, and to pki_sanitize,
 * whose result must be valid text free of controls and of the invisible
 * and bidirectional characters of issue 14. A name the wildcard check
 * accepts is one the message check accepts too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ncpki.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* pki_sanitize's promise: no byte below 0x20, no DEL. */
static void
check_sanitized(const char *s)
{
	char *t = pki_sanitize(s);

	if (t == NULL)
		return;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			__builtin_trap();
	/* U+202E, U+200B, U+FEFF: never in what is shown */
	if (strstr(t, "\xe2\x80\xae") || strstr(t, "\xe2\x80\x8b") || strstr(t, "\xef\xbb\xbf"))
		__builtin_trap();
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *f[6] = { 0 };
	struct pki_error err;
	struct pki_dn dn;
	size_t i, n = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	f[n++] = buf;
	for (i = 0; i < size && n < 6; i++)
		if (buf[i] == '\n' || buf[i] == '\0') {
			buf[i] = '\0';
			f[n++] = buf + i + 1;
		}
	dn.country = f[0];
	dn.state = f[1];
	dn.locality = f[2];
	dn.org = f[3];
	dn.ou = f[4];
	dn.cn = f[5];
	pki_error_clear(&err);
	pki_dn_check(&dn, &err);
	for (i = 0; i < n; i++) {
		pki_check_hostname(f[i], "hostname", &err);
		if (pki_hostname_syntax(f[i], true) !=
		    (pki_check_dns_name(f[i], true, "sans", &err) == 0))
			__builtin_trap();
		pki_check_email(f[i], "email", &err);
		pki_check_phone(f[i], "phone", &err);
		pki_check_instance(f[i], "instance", &err);
		pki_check_country(f[i], "country", &err);
		pki_check_text(f[i], 64, "text", &err);
		check_sanitized(f[i]);
	}
	check_sanitized(buf);
	free(buf);
	return 0;
}
