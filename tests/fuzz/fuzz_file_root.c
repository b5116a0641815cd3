/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_file_root.c: libFuzzer harness for file name root validation
 * (pki_check_file_root): a root it accepts must be safe to join into a path
 * (no '/' or '\\', no control byte, not "." or "..", no leading '.' or '-',
 * within PKI_FILE_ROOT_MAX) whatever bytes come in.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ncpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *root = malloc(size + 1);
	struct pki_error err;

	if (root == NULL)
		return 0;
	memcpy(root, data, size);
	root[size] = '\0';
	pki_error_clear(&err);
	if (pki_check_file_root(root, "root", &err) == 0) {
		size_t len = strlen(root);
		if (len == 0 || len > PKI_FILE_ROOT_MAX || strchr(root, '/') != NULL ||
		    strchr(root, '\\') != NULL || root[0] == '.' || root[0] == '-' ||
		    strstr(root, "..") != NULL)
			__builtin_trap();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)root[i] < 0x20 || root[i] == 0x7f)
				__builtin_trap();
	} else if (err.code != PKI_ERR_INVALID || err.msg[0] == '\0') {
		__builtin_trap();
	}
	free(root);
	return 0;
}
