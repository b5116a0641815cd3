/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_audit.c: the audit trail's link hash: SHA-256 over the previous
 * link and each field of the row, every field length-prefixed so that no
 * two different rows hash the same input.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto.h"

static void
put(EVP_MD_CTX *ctx, const char *s)
{
	char len[32];

	snprintf(len, sizeof len, "%zu:", strlen(s));
	EVP_DigestUpdate(ctx, len, strlen(len));
	EVP_DigestUpdate(ctx, s, strlen(s));
	EVP_DigestUpdate(ctx, "\n", 1);
}

int
pki_audit_hash(const struct pki_audit_entry *e, char out[PKI_AUDIT_HASH_SIZE])
{
	static const char hexd[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char num[64];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	out[0] = '\0';
	if (ctx == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	if (ok) {
		put(ctx, "ncpki-audit-v1");
		put(ctx, e->prev_hash);
		snprintf(num, sizeof num, "%lld", (long long)e->id);
		put(ctx, num);
		snprintf(num, sizeof num, "%lld", (long long)e->at);
		put(ctx, num);
		put(ctx, e->actor);
		put(ctx, e->action);
		put(ctx, e->object);
		put(ctx, e->outcome);
		ok = EVP_DigestFinal_ex(ctx, md, &mdlen);
	}
	EVP_MD_CTX_free(ctx);
	if (!ok || mdlen * 2 + 1 > PKI_AUDIT_HASH_SIZE)
		return -1;
	for (unsigned i = 0; i < mdlen; i++) {
		out[2 * i] = hexd[md[i] >> 4];
		out[2 * i + 1] = hexd[md[i] & 15];
	}
	out[2 * mdlen] = '\0';
	return 0;
}
