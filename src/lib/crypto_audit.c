/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_audit.c: the audit trail's link hash: SHA-256 over the previous
 * link and each field of the row, every field length-prefixed so that no
 * two different rows hash the same input.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto.h"

/* "LEN:" s "\n" onto b; false when it does not fit. */
static bool
put(char *b, size_t size, size_t *at, const char *s)
{
	size_t n = strlen(s);
	int h = snprintf(b + *at, size - *at, "%zu:", n);

	if (h < 0 || (size_t)h >= size - *at || size - *at - (size_t)h < n + 1)
		return false;
	*at += (size_t)h;
	memcpy(b + *at, s, n);
	*at += n;
	b[(*at)++] = '\n';
	return true;
}

int
pki_audit_hash(const struct pki_audit_entry *e, char out[PKI_AUDIT_HASH_SIZE])
{
	static const char hexd[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char num_id[32], num_at[32], stack[2048], *b = stack;
	const char *fields[8];
	size_t size = sizeof stack, at = 0, need = 0;
	int ok = 1;

	out[0] = '\0';
	snprintf(num_id, sizeof num_id, "%lld", (long long)e->id);
	snprintf(num_at, sizeof num_at, "%lld", (long long)e->at);
	fields[0] = "ncpki-audit-v1";
	fields[1] = e->prev_hash;
	fields[2] = num_id;
	fields[3] = num_at;
	fields[4] = e->actor;
	fields[5] = e->action;
	fields[6] = e->object;
	fields[7] = e->outcome;
	/* One buffer, one digest: the bytes the chain has always hashed. */
	for (int i = 0; i < 8; i++)
		need += strlen(fields[i]) + 24;
	if (need > size && (b = malloc(size = need)) == NULL)
		return -1;
	for (int i = 0; ok && i < 8; i++)
		ok = put(b, size, &at, fields[i]);
	ok = ok && EVP_Digest(b, at, md, &mdlen, EVP_sha256(), NULL);
	if (b != stack)
		free(b);
	if (!ok || mdlen * 2 + 1 > PKI_AUDIT_HASH_SIZE)
		return -1;
	for (unsigned i = 0; i < mdlen; i++) {
		out[2 * i] = hexd[md[i] >> 4];
		out[2 * i + 1] = hexd[md[i] & 15];
	}
	out[2 * mdlen] = '\0';
	return 0;
}
