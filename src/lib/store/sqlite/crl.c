/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/crl.c: SQL for revocation: a certificate's revocation
 * state, the revoked rows in serial order for the CRL, the CRL table (whose
 * number only grows), the CA's public URLs, and a certificate's status as
 * OCSP tells it.
 */
#include "sqlite_int.h"
#include "services/ocsp_int.h"

#include <stdlib.h>
#include <string.h>

static const char sql_cert_revocation[] =
    "SELECT revoked_at, revocation_reason FROM cert WHERE serial = :serial";

int
sqlite_cert_revocation(pki_store *s, uint64_t serial, time_t *revoked_at, int *reason,
    struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", (int64_t)serial);
	return pki_store_cert_revocation(s, sqlite_rows, sql_cert_revocation, &p, serial,
	    revoked_at, reason, err);
}

static const char sql_cert_set_revoked[] =
    "UPDATE cert SET revoked_at = :revoked_at, revocation_reason = :reason,"
    " invalidity_date = :invalidity_date WHERE serial = :serial";

int
sqlite_cert_set_revoked(pki_store *s, uint64_t serial, time_t revoked_at, int reason,
    time_t invalidity_date, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", (int64_t)serial);
	sqlite_p_int(&p, ":revoked_at", revoked_at);
	sqlite_p_int(&p, ":reason", reason);
	if (invalidity_date != 0)
		sqlite_p_int(&p, ":invalidity_date", invalidity_date);
	return sqlite_run(s, sql_cert_set_revoked, &p, NULL, _("recording the revocation"), err);
}

static const char sql_cert_release_hold[] =
    "UPDATE cert SET revoked_at = NULL, revocation_reason = NULL,"
    " invalidity_date = NULL, hold_released_at = :now"
    " WHERE serial = :serial AND revocation_reason = 6";

int
sqlite_cert_release_hold(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":serial", (int64_t)serial);
	sqlite_p_int(&p, ":now", now);
	return sqlite_run(s, sql_cert_release_hold, &p, NULL, _("releasing the hold"), err);
}

/* Served by the partial index cert_revoked, already in serial order. */
static const char sql_revoked_each[] =
    "SELECT " PKI_STORE_REVOKED_COLUMNS " FROM cert"
    " INDEXED BY cert_revoked WHERE revoked_at IS NOT NULL ORDER BY serial";

int
sqlite_revoked_each(pki_store *s, pki_revoked_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_revoked_walk(s, sqlite_rows, sql_revoked_each, fn, ctx, err);
}

static const char sql_crl_next_number[] = "SELECT coalesce(max(number), 0) + 1 FROM crl";

int
sqlite_crl_next_number(pki_store *s, uint64_t *next, struct pki_error *err)
{
	int64_t v;
	int r = sqlite_value(s, sql_crl_next_number, NULL, &v, _("reading CRL numbers"), NULL, err);

	*next = (uint64_t)v;
	return r;
}

static const char sql_crl_insert[] =
    "INSERT INTO crl (number, this_update, next_update, revoked_count, der)"
    " VALUES (:number, :this_update, :next_update, :revoked_count, :der)";

int
sqlite_crl_insert(pki_store *s, const struct pki_crl_info *info, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":number", (int64_t)info->number);
	sqlite_p_int(&p, ":this_update", info->this_update);
	sqlite_p_int(&p, ":next_update", info->next_update);
	sqlite_p_int(&p, ":revoked_count", (int64_t)info->revoked_count);
	sqlite_p_blob(&p, ":der", der, der_len);
	return sqlite_run(s, sql_crl_insert, &p, NULL, _("storing the CRL"), err);
}

/* Keeps the newest PKI_CRL_KEEP CRLs; the newest stays, so numbers go on growing. */
#define PKI_CRL_KEEP 10
static const char sql_crl_prune[] = "DELETE FROM crl WHERE number <= :number - :keep";

int
sqlite_crl_prune(pki_store *s, uint64_t newest, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":number", (int64_t)newest);
	sqlite_p_int(&p, ":keep", PKI_CRL_KEEP);
	return sqlite_run(s, sql_crl_prune, &p, NULL, _("removing old CRLs"), err);
}

static const char sql_crl_latest[] = "SELECT " PKI_STORE_CRL_COLUMNS ", der FROM crl"
                                     " ORDER BY number DESC LIMIT 1";

int
sqlite_crl_latest(pki_store *s, struct pki_crl_info *info, unsigned char **der, size_t *der_len,
    struct pki_error *err)
{
	return pki_store_crl_latest(s, sqlite_rows, sql_crl_latest, info, der, der_len, err);
}

static const char sql_ca_set_crl_days[] = "UPDATE ca_config SET crl_days = :days WHERE id = 1";

int
sqlite_ca_set_crl_days(pki_store *s, long days, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":days", days);
	return sqlite_ca_update(s, sql_ca_set_crl_days, &p, _("saving the CRL period"),
	    _("The Certificate Authority server is not configured."), err);
}

static const char sql_ca_set_urls[] =
    "UPDATE ca_config SET crl_url = coalesce(:crl_url, crl_url),"
    " ocsp_url = coalesce(:ocsp_url, ocsp_url),"
    " ca_issuers_url = coalesce(:ca_issuers_url, ca_issuers_url) WHERE id = 1";

int
sqlite_ca_set_urls(pki_store *s, const char *crl_url, const char *ocsp_url,
    const char *ca_issuers_url, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	if (crl_url != NULL)
		sqlite_p_text(&p, ":crl_url", crl_url);
	if (ocsp_url != NULL)
		sqlite_p_text(&p, ":ocsp_url", ocsp_url);
	if (ca_issuers_url != NULL)
		sqlite_p_text(&p, ":ca_issuers_url", ca_issuers_url);
	return sqlite_ca_update(s, sql_ca_set_urls, &p, _("saving the URLs"),
	    _("The Certificate Authority server is not configured."), err);
}

/* A counter serial names only a certificate issued in counter mode; a
 * wider one is looked up among the random serial numbers. */
static const char sql_status[] = "SELECT revoked_at, revocation_reason, invalidity_date FROM cert"
                                 " WHERE serial = :serial AND serial_number IS NULL";
static const char sql_status_wide[] =
    "SELECT revoked_at, revocation_reason, invalidity_date FROM cert"
    " WHERE serial_number = :serial_number";

int
sqlite_ocsp_status(pki_store *s, const struct pki_ocsp_certid *id, struct pki_ocsp_single *out,
    struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	if (id->serial_ok)
		sqlite_p_int(&p, ":serial", (int64_t)id->serial);
	else
		sqlite_p_text(&p, ":serial_number", id->serial_number);
	return pki_store_ocsp_status(s, sqlite_rows, id->serial_ok ? sql_status : sql_status_wide,
	    &p, id, out, err);
}
