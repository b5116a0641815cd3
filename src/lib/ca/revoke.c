/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * revoke.c: revoking issued certificates (RFC 5280 reason codes) and
 * releasing a certificateHold. A revocation is recorded on the
 * certificate's row, which is never deleted, and the CRL is regenerated in
 * the same transaction, so the list never lags the record.
 */
#include "internal.h"

#include <ctype.h>
#include <string.h>

static const struct reason_row {
	int code;
	const char *name, *label; /* RFC 5280's name; N_() words for people */
} reasons[] = {
	/* TRANSLATORS: revocation reasons (RFC 5280 CRLReason), in lower case
	 * as they stand in a sentence: "revoked (key compromise)". */
	{ PKI_REASON_UNSPECIFIED, "unspecified", N_("unspecified") },
	{ PKI_REASON_KEY_COMPROMISE, "keyCompromise", N_("key compromise") },
	{ PKI_REASON_CA_COMPROMISE, "cACompromise", N_("CA compromise") },
	{ PKI_REASON_AFFILIATION_CHANGED, "affiliationChanged", N_("affiliation changed") },
	{ PKI_REASON_SUPERSEDED, "superseded", N_("superseded") },
	{ PKI_REASON_CESSATION_OF_OPERATION, "cessationOfOperation", N_("cessation of operation") },
	{ PKI_REASON_CERTIFICATE_HOLD, "certificateHold", N_("certificate hold") },
	{ PKI_REASON_PRIVILEGE_WITHDRAWN, "privilegeWithdrawn", N_("privilege withdrawn") },
	{ PKI_REASON_AA_COMPROMISE, "aACompromise", N_("AA compromise") },
};

/* Compares ignoring case, '-' and '_': "key-compromise" is keyCompromise. */
static bool
reason_matches(const char *given, const char *name)
{
	for (;;) {
		while (*given == '-' || *given == '_')
			given++;
		if (*given == '\0' || *name == '\0')
			return *given == *name;
		if (tolower((unsigned char)*given) != tolower((unsigned char)*name))
			return false;
		given++;
		name++;
	}
}

int
pki_reason_parse(const char *name, int *out)
{
	if (name == NULL)
		return PKI_ERR_INVALID;
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reason_matches(name, reasons[i].name)) {
			*out = reasons[i].code;
			return 0;
		}
	return PKI_ERR_INVALID;
}

/* The table's row for a reason code; NULL when there is none. */
static const struct reason_row *
reason_row(int reason)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == reason)
			return &reasons[i];
	return NULL;
}

const char *
pki_reason_name(int reason)
{
	const struct reason_row *r = reason_row(reason);

	return r != NULL ? r->name : "?";
}

const char *
pki_reason_label(int reason)
{
	const struct reason_row *r = reason_row(reason);

	return r != NULL ? _(r->label) : "?";
}

static bool
reason_valid(int reason)
{
	return reason_row(reason) != NULL;
}

enum pki_cert_status
pki_cert_status(const struct pki_cert_info *c, time_t now)
{
	if (c->revoked_at != 0)
		return c->reason == PKI_REASON_CERTIFICATE_HOLD ? PKI_CERT_ON_HOLD
		                                                : PKI_CERT_REVOKED;
	return c->not_after < now ? PKI_CERT_EXPIRED : PKI_CERT_VALID;
}

const char *
pki_cert_status_name(enum pki_cert_status s)
{
	switch (s) {
	case PKI_CERT_REVOKED:
		return "revoked";
	case PKI_CERT_ON_HOLD:
		return "on hold";
	case PKI_CERT_EXPIRED:
		return "expired";
	default:
		return "valid";
	}
}

const char *
pki_cert_status_label(enum pki_cert_status s)
{
	switch (s) {
	/* TRANSLATORS: a certificate's status in the issued-certificates list. */
	case PKI_CERT_REVOKED:
		return _("revoked");
	case PKI_CERT_ON_HOLD:
		return _("on hold");
	case PKI_CERT_EXPIRED:
		return _("expired");
	default:
		return _("valid");
	}
}

/* Opens the change's write transaction (left open on success) and reads
 * the certificate's revocation state under it. */
static int
change_begin(pki_store *store, pki_signer *signer, uint64_t serial, time_t *revoked_at, int *reason,
    struct pki_error *err)
{
	int r;

	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_signer_check(store, signer, err)) != 0 ||
	    (r = store->ops->cert_revocation(store, serial, revoked_at, reason, err)) != 0)
		store->ops->tx_rollback(store);
	return r;
}

int
pki_cert_revoke(pki_store *store, pki_signer *signer, uint64_t serial, int reason,
    time_t invalidity_date, struct pki_crl_info *crl, struct pki_error *err)
{
	time_t now = time(NULL), revoked_at;
	int have, r;

	if (crl != NULL)
		memset(crl, 0, sizeof *crl);
	if (!reason_valid(reason))
		return pki_err_set(err, PKI_ERR_INVALID, "reason",
		    _("Unknown revocation reason %d"), reason);
	if (invalidity_date < 0 || invalidity_date > now)
		return pki_err_set(err, PKI_ERR_INVALID, "invalidity_date",
		    _("The invalidity date must not be in the future"));
	if ((r = change_begin(store, signer, serial, &revoked_at, &have, err)) != 0)
		return r;
	if (revoked_at != 0 &&
	    (have != PKI_REASON_CERTIFICATE_HOLD || reason == PKI_REASON_CERTIFICATE_HOLD)) {
		r = pki_err_set(err, PKI_ERR_INVALID, "serial",
		    _("Certificate number %llu is already revoked (reason %s)."),
		    (unsigned long long)serial, pki_reason_name(have));
		goto fail;
	}
	/* A hold made permanent keeps the date the certificate stopped being trusted. */
	if ((r = store->ops->cert_set_revoked(store, serial, revoked_at != 0 ? revoked_at : now,
	         reason, invalidity_date, err)) != 0 ||
	    (r = pki_crl_generate_tx(store, signer, crl, err)) != 0 ||
	    (r = pki_audit(store, "cert-revoked", err, "certificate %llu, reason %s",
	         (unsigned long long)serial, pki_reason_name(reason))) != 0)
		goto fail;
	return store->ops->tx_commit(store, err);
fail:
	store->ops->tx_rollback(store);
	return r;
}

int
pki_cert_release_hold(pki_store *store, pki_signer *signer, uint64_t serial,
    struct pki_crl_info *crl, struct pki_error *err)
{
	time_t revoked_at;
	int have, r;

	if (crl != NULL)
		memset(crl, 0, sizeof *crl);
	if ((r = change_begin(store, signer, serial, &revoked_at, &have, err)) != 0)
		return r;
	if (revoked_at == 0 || have != PKI_REASON_CERTIFICATE_HOLD) {
		r = pki_err_set(err, PKI_ERR_INVALID, "serial",
		    _("Certificate number %llu is not on hold."), (unsigned long long)serial);
		goto fail;
	}
	if ((r = store->ops->cert_release_hold(store, serial, time(NULL), err)) != 0 ||
	    (r = pki_crl_generate_tx(store, signer, crl, err)) != 0 ||
	    (r = pki_audit(store, "cert-hold-released", err, "certificate %llu",
	         (unsigned long long)serial)) != 0)
		goto fail;
	return store->ops->tx_commit(store, err);
fail:
	store->ops->tx_rollback(store);
	return r;
}
