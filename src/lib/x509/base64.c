/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * base64.c: the base64 digits (RFC 4648 section 4, and leniently the URL
 * alphabet of section 5) and a decoder for base64 that comes from outside
 * in one piece: an OCSP GET request (RFC 6960 A.1, URL-encoded or not) and
 * a renewal proof. PEM blocks are read line by line in crypto_csr.c.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>

int
pki_base64_digit(unsigned char c, bool lenient)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || (lenient && (c == '-' || c == ' '))) /* ' ': a '+' taken for a space */
		return 62;
	if (c == '/' || (lenient && c == '_'))
		return 63;
	return -1;
}

int
pki_base64_decode(const char *in, size_t inlen, unsigned char **out, size_t *outlen)
{
	unsigned char *buf = malloc(inlen / 4 * 3 + 3);
	uint32_t acc = 0;
	size_t n = 0, bits = 0, pad = 0;

	*out = NULL;
	*outlen = 0;
	if (buf == NULL)
		return PKI_ERR_NOMEM;
	for (size_t i = 0; i < inlen; i++) {
		unsigned char c = (unsigned char)in[i];
		int v;

		if (c == '\r' || c == '\n' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = pki_base64_digit(c, true)) < 0)
			goto bad;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[n++] = (unsigned char)(acc >> bits);
		}
	}
	/* 2 or 4 bits left over are padding; 6 means a lone character. */
	if (bits >= 6 || pad > 2 || n == 0)
		goto bad;
	*out = buf;
	*outlen = n;
	return 0;
bad:
	free(buf);
	return PKI_ERR_INVALID;
}
