/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_audit.c: the audit trail's link hash: SHA-256 over the previous
 * link and each field of the row, every field length-prefixed so that no
 * two different rows hash the same input; and the keyed seal over it
 * (HMAC-SHA-256 with the operator's audit key, EVP_MAC), the same
 * length-prefixed encoding.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "x509/crypto.h"

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

static void
to_hex(const unsigned char *md, size_t n, char *out)
{
	static const char hexd[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexd[md[i] >> 4];
		out[2 * i + 1] = hexd[md[i] & 15];
	}
	out[2 * n] = '\0';
}

int
pki_audit_hash(const struct pki_audit_entry *e, char out[PKI_AUDIT_HASH_SIZE])
{
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
	to_hex(md, mdlen, out);
	return 0;
}

/* HMAC-SHA-256 of the fields, length-prefixed as above, in hexadecimal. */
static int
hmac_fields(const unsigned char *key, size_t keylen, const char *const *fields, int n,
    char out[PKI_AUDIT_HASH_SIZE])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[2];
	unsigned char md[EVP_MAX_MD_SIZE];
	char b[512];
	size_t mdlen = 0, at = 0;
	int ok;

	out[0] = '\0';
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_MAC_init(ctx, key, keylen, params) == 1;
	for (int i = 0; ok && i < n; i++)
		ok = put(b, sizeof b, &at, fields[i]);
	ok = ok && EVP_MAC_update(ctx, (const unsigned char *)b, at) == 1 &&
	    EVP_MAC_final(ctx, md, &mdlen, sizeof md) == 1 && mdlen * 2 + 1 <= PKI_AUDIT_HASH_SIZE;
	OPENSSL_cleanse(b, sizeof b);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (!ok)
		return -1;
	to_hex(md, mdlen, out);
	return 0;
}

int
pki_audit_mac(const unsigned char *key, size_t keylen, const char *prev_mac, int64_t id,
    const char *hash, char out[PKI_AUDIT_HASH_SIZE])
{
	char num_id[32];
	const char *fields[4];

	snprintf(num_id, sizeof num_id, "%lld", (long long)id);
	fields[0] = "ncpki-audit-seal-v1";
	fields[1] = prev_mac;
	fields[2] = num_id;
	fields[3] = hash;
	return hmac_fields(key, keylen, fields, 4, out);
}

int
pki_audit_head_tag(const unsigned char *key, size_t keylen, int64_t legacy, int64_t sealed,
    const char *mac, char out[PKI_AUDIT_HASH_SIZE])
{
	char num_legacy[32], num_sealed[32];
	const char *fields[4];

	snprintf(num_legacy, sizeof num_legacy, "%lld", (long long)legacy);
	snprintf(num_sealed, sizeof num_sealed, "%lld", (long long)sealed);
	fields[0] = "ncpki-audit-head-v1";
	fields[1] = num_legacy;
	fields[2] = num_sealed;
	fields[3] = mac;
	return hmac_fields(key, keylen, fields, 4, out);
}

int
pki_audit_key_new(unsigned char *key, size_t keylen)
{
	return RAND_priv_bytes(key, (int)keylen) == 1 ? 0 : -1;
}
