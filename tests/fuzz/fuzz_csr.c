/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csr.c: libFuzzer harness for CSR intake: every byte string goes
 * through pki_csr_inspect, the parse-and-check that `csr import` and POST
 * csr run before anything is stored (PEM or DER, signature, key, subject,
 * subjectAltNames). Whatever it answers, it must not crash or leak. The
 * same bytes go through pki_req_parts_parse, the signer's light reader of
 * a stored request, which converts a BMPString or T61String subject to
 * UTF8String (issue 14).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ncpki.h"
#include "crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
		pki_csr_info_clear(&info);
	}
	return 0;
}
