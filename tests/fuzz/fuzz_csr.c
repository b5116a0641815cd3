/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_csr.c: libFuzzer harness for CSR intake: every byte string goes
 * through pki_csr_inspect, the parse-and-check that `csr import` and POST
 * csr run before anything is stored (PEM or DER, signature, key, subject,
 * subjectAltNames). Whatever it answers, it must not crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ncpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pki_csr_info info;
	struct pki_error err;

	pki_error_clear(&err);
	if (pki_csr_inspect(data, size, &info, &err) == 0) {
		/* What the queue shows must be printable text. */
		if (info.subject == NULL || info.sans == NULL || info.pem == NULL ||
		    strlen(info.sha256) != PKI_FP_SHA256_SIZE - 1)
			__builtin_trap();
		pki_csr_info_clear(&info);
	}
	return 0;
}
