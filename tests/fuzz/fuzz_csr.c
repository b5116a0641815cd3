/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csr.c: libFuzzer harness for CSR intake: every byte string goes
 * through pki_csr_inspect, the parse-and-check that `csr import` and POST
 * csr run before anything is stored (DER, or a PEM block among other text,
 * signature, key, subject, subjectAltNames). Whatever it answers, it must
 * not crash or leak. What it accepts must read the same again as tools
 * write it (a byte-order mark, text around the block, CRLF line ends) and
 * must be refused twice over (two requests in one file). The same bytes go
 * through pki_req_parts_parse, the signer's light reader of a stored
 * request, which converts a BMPString or T61String subject to UTF8String.
 * An accepted request's extensions are put in words (pki_csr_extensions,
 * what the console shows): one line each, never NULL.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ncpki.h"
#include "x509/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* info->pem with "\xEF\xBB\xBF" and a line of text in front, CRLF line
 * ends and a line after; caller frees. */
static unsigned char *
as_tools_write_it(const char *pem, size_t *len)
{
	static const char head[] = "\xEF\xBB\xBF"
	                           "PKCS #10 Certificate Request Information:\r\n";
	static const char tail[] = "Phone: (not specified)\r\n";
	size_t n = strlen(pem), o;
	unsigned char *s = malloc(sizeof head + 2 * n + sizeof tail);

	if (s == NULL)
		return NULL;
	memcpy(s, head, sizeof head - 1);
	o = sizeof head - 1;
	for (size_t i = 0; i < n; i++) {
		if (pem[i] == '\n')
			s[o++] = '\r';
		s[o++] = (unsigned char)pem[i];
	}
	memcpy(s + o, tail, sizeof tail - 1);
	*len = o + sizeof tail - 1;
	return s;
}

static void
check_forms(const struct pki_csr_info *info)
{
	struct pki_csr_info again;
	struct pki_error err;
	unsigned char *s;
	char *two;
	size_t len, n = strlen(info->pem);

	pki_error_clear(&err);
	if ((s = as_tools_write_it(info->pem, &len)) != NULL) {
		if (pki_csr_inspect(s, len, &again, &err) != 0 ||
		    strcmp(again.sha256, info->sha256) != 0)
			__builtin_trap();
		pki_csr_info_clear(&again);
		free(s);
	}
	if ((two = malloc(2 * n + 1)) != NULL) {
		memcpy(two, info->pem, n);
		memcpy(two + n, info->pem, n + 1);
		if (pki_csr_inspect((const unsigned char *)two, 2 * n, &again, &err) !=
		    PKI_ERR_BAD_CSR)
			__builtin_trap();
		free(two);
	}
}

static void
check_extensions(const struct pki_csr_info *info)
{
	struct pki_error err;
	char **lines = NULL;
	size_t n = 0;

	pki_error_clear(&err);
	if (pki_csr_extensions(info->pem, &lines, &n, &err) == 0)
		for (size_t i = 0; i < n; i++)
			if (lines[i] == NULL || strlen(lines[i]) == 0)
				__builtin_trap();
	pki_pem_array_free(&lines, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pki_csr_info info;
	struct pki_req_parts parts;
	struct pki_error err;

	pki_error_clear(&err);
	if (pki_req_parts_parse(data, size, &parts, &err) == 0) {
		const unsigned char *der;
		size_t len;

		if (parts.subject == NULL || !X509_NAME_get0_der(parts.subject, &der, &len))
			__builtin_trap();
		pki_req_parts_clear(&parts);
	}
	if (pki_csr_inspect(data, size, &info, &err) == 0) {
		/* What the queue shows must be printable text. */
		if (info.subject == NULL || info.sans == NULL || info.pem == NULL ||
		    strlen(info.sha256) != PKI_FP_SHA256_SIZE - 1)
			__builtin_trap();
		check_forms(&info);
		check_extensions(&info);
		pki_csr_info_clear(&info);
	}
	return 0;
}
