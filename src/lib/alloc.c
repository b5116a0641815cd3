/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * alloc.c: the library's one way to grow an array. The library's policy on
 * allocation failure is the same everywhere: the call that could not
 * allocate returns PKI_ERR_NOMEM (pki_err_nomem), leaves what it was given
 * as it was, and frees what it made; nothing aborts and nothing prints.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
pki_array_grow(void *arrp, size_t *cap, size_t need, size_t size, size_t first,
    struct pki_error *err)
{
	void *arr, *na;
	size_t ncap = *cap != 0 ? *cap : first;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return pki_err_nomem(err);
		ncap *= 2;
	}
	if (size != 0 && ncap > SIZE_MAX / size)
		return pki_err_nomem(err);
	memcpy(&arr, arrp, sizeof arr);
	if ((na = realloc(arr, ncap * size)) == NULL)
		return pki_err_nomem(err);
	memcpy(arrp, &na, sizeof na);
	*cap = ncap;
	return 0;
}
