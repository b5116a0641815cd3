/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.c: enum pki_err texts and the helpers that fill struct pki_error.
 * The library reports, it never prints.
 */
#include "internal.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

static const char *const err_text[PKI_ERR__COUNT] = {
	[PKI_OK] = N_("success"),
	[PKI_ERR_NOMEM] = N_("out of memory"),
	[PKI_ERR_IO] = N_("file error"),
	[PKI_ERR_DB] = N_("database error"),
	[PKI_ERR_BUSY] = N_("the database is busy"),
	[PKI_ERR_CRYPTO] = N_("cryptographic operation failed"),
	[PKI_ERR_INVALID] = N_("invalid value"),
	[PKI_ERR_NOT_CONFIGURED] = N_("the Certificate Authority server is not configured"),
	[PKI_ERR_ALREADY_CONFIGURED] = N_("the Certificate Authority server is already configured"),
	[PKI_ERR_PASSWORD] = N_("wrong password"),
	[PKI_ERR_KEY_UNAVAILABLE] =
	    N_("the Certificate Authority's private key file is not available"),
	[PKI_ERR_NOT_FOUND] = N_("not found"),
	[PKI_ERR_DUPLICATE] = N_("already pending"),
	[PKI_ERR_TOO_LARGE] = N_("input too large"),
	[PKI_ERR_BAD_CSR] = N_("bad Certificate Signing Request"),
	[PKI_ERR_WEAK_KEY] = N_("key too weak"),
	[PKI_ERR_MISMATCH] = N_("private key and certificate do not match"),
	[PKI_ERR_NOT_CA] = N_("not a Certificate Authority certificate"),
	[PKI_ERR_EXISTS] = N_("file exists"),
	[PKI_ERR_QUOTA] = N_("too many requests pending"),
	[PKI_ERR_NOT_RENEWAL] = N_("refused as a renewal"),
};

const char *
pki_strerror(int code)
{
	if (code < 0 || code >= PKI_ERR__COUNT || err_text[code] == NULL)
		return _("unknown error");
	return _(err_text[code]);
}

void
pki_error_clear(struct pki_error *err)
{
	if (err == NULL)
		return;
	err->code = PKI_OK;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

void
pki_init(void)
{
#ifdef LOCALEDIR
	bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
#endif
}

const char *
pki_version(void)
{
	return PACKAGE_VERSION;
}

int
pki_err_set(struct pki_error *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	if (fmt == NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", pki_strerror(code));
		return code;
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
pki_err_nomem(struct pki_error *err)
{
	return pki_err_set(err, PKI_ERR_NOMEM, NULL, NULL);
}

int
pki_err_crypto(struct pki_error *err, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256] = "";

	if (e != 0)
		ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	if (buf[0] != '\0')
		return pki_err_set(err, PKI_ERR_CRYPTO, NULL, "%s (%s)", what, buf);
	return pki_err_set(err, PKI_ERR_CRYPTO, NULL, "%s", what);
}
