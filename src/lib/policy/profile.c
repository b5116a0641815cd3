/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.c: what a certificate of each usage is, written once. The
 * builder (crypto_cert.c) puts in exactly what a profile grants, and the
 * lint (lint.c) refuses anything a profile does not grant, both reading
 * this table, so that a usage is described in one place and a mistake in
 * one of the two layers is caught by the other. The guide's three usages
 * and the delegated OCSP signer are the built-in profiles; custom profiles
 * will be rows of the same shape.
 */
#include "internal.h"

#include <strings.h>

static const struct pki_profile profiles[PKI_USAGE__COUNT] = {
	[PKI_USAGE_TLS] = {
		.name = "tls",
		.label = N_("TLS/SSL and XML security"),
		.max_days = PKI_TLS_DAYS_MAX,
		.key_usage = PKI_KU_DIGITAL_SIGNATURE,
		/* RSA key transport (TLS 1.2 RSA key exchange, XML encryption) */
		.key_usage_rsa = PKI_KU_KEY_ENCIPHERMENT,
		.ext_key_usage = PKI_KP_SERVER | PKI_KP_CLIENT,
		.revocation_pointers = true,
		.cn_is_san = true,
	},
	[PKI_USAGE_INTERMEDIATE] = {
		.name = "intermediate",
		.label = N_("Intermediate Certificate Authority"),
		.max_days = PKI_INTERMEDIATE_DAYS_MAX,
		.ca = true,
		.key_usage = PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN,
		.revocation_pointers = true,
		.subject_required = true,
	},
	[PKI_USAGE_CODESIGN] = {
		.name = "codesign",
		.label = N_("Code signing"),
		.max_days = PKI_CODESIGN_DAYS_MAX,
		.key_usage = PKI_KU_DIGITAL_SIGNATURE,
		.ext_key_usage = PKI_KP_CODE,
		.revocation_pointers = true,
	},
	/* RFC 6960 4.2.2.2: a delegated responder, not itself checked for
	 * revocation (id-pkix-ocsp-nocheck), so it points to no CRL. */
	[PKI_USAGE_OCSP] = {
		.name = "ocsp",
		.label = N_("OCSP signing"),
		.max_days = PKI_OCSP_DAYS_MAX,
		.key_usage = PKI_KU_DIGITAL_SIGNATURE,
		.ext_key_usage = PKI_KP_OCSP,
		.ocsp_nocheck = true,
	},
};

const struct pki_profile *
pki_profile_of(enum pki_usage u)
{
	return (unsigned)u < PKI_USAGE__COUNT ? &profiles[u] : NULL;
}

int
pki_usage_parse(const char *name, enum pki_usage *out)
{
	for (int i = 0; i < PKI_USAGE__COUNT; i++)
		if (name && strcasecmp(name, profiles[i].name) == 0) {
			*out = (enum pki_usage)i;
			return 0;
		}
	return PKI_ERR_INVALID;
}

const char *
pki_usage_name(enum pki_usage u)
{
	return (unsigned)u < PKI_USAGE__COUNT ? profiles[u].name : "?";
}

const char *
pki_usage_label(enum pki_usage u)
{
	return (unsigned)u < PKI_USAGE__COUNT ? _(profiles[u].label) : "?";
}

long
pki_usage_max_days(enum pki_usage u)
{
	return (unsigned)u < PKI_USAGE__COUNT ? profiles[u].max_days : 0;
}
