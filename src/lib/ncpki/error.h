/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.h: the error every call of libncpki returns. A call that can fail
 * returns 0 or an enum pki_err code and fills a struct pki_error with a
 * specific, translated message and, for a bad form field, the field's
 * name. Here too: the library's start-up and version, and the sizes and
 * limits the other objects share.
 */
#ifndef NCPKI_ERROR_H
#define NCPKI_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

enum pki_err {
	PKI_OK = 0,
	PKI_ERR_NOMEM, /* out of memory */
	PKI_ERR_IO, /* a file could not be read or written */
	PKI_ERR_DB, /* the database failed */
	PKI_ERR_BUSY, /* the database stayed locked too long */
	PKI_ERR_CRYPTO, /* OpenSSL failed */
	PKI_ERR_INVALID, /* a field is not valid: see .field */
	PKI_ERR_NOT_CONFIGURED, /* no CA server configured yet */
	PKI_ERR_ALREADY_CONFIGURED,
	PKI_ERR_PASSWORD, /* wrong or missing password */
	PKI_ERR_KEY_UNAVAILABLE, /* CA key file absent: media not mounted */
	PKI_ERR_NOT_FOUND, /* no such CSR or certificate */
	PKI_ERR_DUPLICATE, /* the same CSR is already pending */
	PKI_ERR_TOO_LARGE, /* input over its size limit */
	PKI_ERR_BAD_CSR, /* unparsable, unsigned or unacceptable CSR */
	PKI_ERR_WEAK_KEY, /* key below RSA 2048 / EC P-256 */
	PKI_ERR_MISMATCH, /* key and certificate do not belong together */
	PKI_ERR_NOT_CA, /* certificate is not a CA certificate */
	PKI_ERR_EXISTS, /* a file that would be written exists */
	PKI_ERR_QUOTA, /* too many requests pending for one submitter */
	PKI_ERR_NOT_RENEWAL, /* refused as a renewal: may be sent as a new request */
	PKI_ERR__COUNT,
};

#define PKI_ERROR_FIELD_MAX 32
#define PKI_ERROR_MSG_MAX 512

struct pki_error {
	int code; /* enum pki_err */
	char field[PKI_ERROR_FIELD_MAX]; /* form field at fault, or "" */
	char msg[PKI_ERROR_MSG_MAX]; /* translated, specific message */
};

/* A short generic text for a code; never NULL. */
const char *pki_strerror(int code);
void pki_error_clear(struct pki_error *err);

/* Sets up the library's message catalogue; call once before anything else. */
void pki_init(void);
const char *pki_version(void);

/* ----------------------------------------------------- limits and formats */

#define PKI_FP_SHA1_SIZE 60 /* "AA:BB:..." 20 bytes, NUL included */
#define PKI_FP_SHA256_SIZE 96 /* 32 bytes, NUL included */
/* A certificate's serialNumber in upper-case hexadecimal (at most 20
 * octets, RFC 5280 4.1.2.2), NUL included. */
#define PKI_SERIAL_HEX_SIZE 41
#define PKI_CSR_MAX_BYTES (64 * 1024)
#define PKI_CERT_MAX_BYTES (256 * 1024)
#define PKI_FILE_ROOT_MAX 64
#define PKI_PASSWORD_MIN 12
#define PKI_PASSWORD_MAX 1023
#define PKI_DAYS_MAX 36500

#endif /* NCPKI_ERROR_H */
