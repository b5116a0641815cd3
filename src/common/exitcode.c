/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * exitcode.c: which exit status each libncpki error code ends a command
 * with, the same for ncpki and ncpkid.
 */
#include <config.h>

#include "exitcode.h"
#include "ncpki.h"

int
nc_exit_code(int pki_code)
{
	switch (pki_code) {
	case PKI_OK:
		return NC_EXIT_OK;
	case PKI_ERR_INVALID:
	case PKI_ERR_BAD_CSR:
	case PKI_ERR_WEAK_KEY:
	case PKI_ERR_TOO_LARGE:
	case PKI_ERR_DUPLICATE:
	case PKI_ERR_MISMATCH:
	case PKI_ERR_NOT_CA:
	case PKI_ERR_EXISTS:
	case PKI_ERR_QUOTA:
	case PKI_ERR_NOT_RENEWAL:
	case PKI_ERR_ALREADY_CONFIGURED:
		return NC_EXIT_REJECTED;
	case PKI_ERR_PASSWORD:
		return NC_EXIT_PASSWORD;
	case PKI_ERR_KEY_UNAVAILABLE:
		return NC_EXIT_KEY;
	default:
		return NC_EXIT_FAILURE;
	}
}
