/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/crl.c: the PostgreSQL store's SQL for revocation (as sqlite/crl.c):
 * a certificate's revocation state, the revoked rows in serial order for
 * the CRL, the CRL table (whose number only grows), the CA's public URLs,
 * and a certificate's status as OCSP tells it.
 */
#include "pg_int.h"
#include "services/ocsp_int.h"

#include <stdlib.h>
#include <string.h>

int
pg_cert_revocation(pki_store *s, uint64_t serial, time_t *revoked_at, int *reason,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)serial);
	return pki_store_cert_revocation(s, pg_rows,
	    "SELECT revoked_at, revocation_reason FROM cert WHERE serial = $1", &p, serial,
	    revoked_at, reason, err);
}

int
pg_cert_set_revoked(pki_store *s, uint64_t serial, time_t revoked_at, int reason,
    time_t invalidity_date, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)serial);
	pg_p_int(&p, revoked_at);
	pg_p_int(&p, reason);
	if (invalidity_date != 0)
		pg_p_int(&p, invalidity_date);
	else
		pg_p_null(&p);
	return pg_exec(s,
	    "UPDATE cert SET revoked_at = $2, revocation_reason = $3, invalidity_date = $4"
	    " WHERE serial = $1",
	    &p, NULL, _("recording the revocation"), err);
}

int
pg_cert_release_hold(pki_store *s, uint64_t serial, time_t now, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)serial);
	pg_p_int(&p, now);
	return pg_exec(s,
	    "UPDATE cert SET revoked_at = NULL, revocation_reason = NULL,"
	    " invalidity_date = NULL, hold_released_at = $2"
	    " WHERE serial = $1 AND revocation_reason = 6",
	    &p, NULL, _("releasing the hold"), err);
}

/* Served by the partial index cert_revoked, in serial order. */
int
pg_revoked_each(pki_store *s, pki_revoked_fn fn, void *ctx, struct pki_error *err)
{
	return pki_store_revoked_walk(s, pg_rows,
	    "SELECT " PKI_STORE_REVOKED_COLUMNS " FROM cert WHERE revoked_at IS NOT NULL"
	    " ORDER BY serial",
	    fn, ctx, err);
}

/* max + 1, read under the write lock: as SQLite, no gap, 1 for a new CA. */
int
pg_crl_next_number(pki_store *s, uint64_t *next, struct pki_error *err)
{
	int64_t v;
	int r = pg_value(s, "SELECT coalesce(max(number), 0) + 1 FROM crl", NULL, &v,
	    _("reading CRL numbers"), NULL, err);

	*next = (uint64_t)v;
	return r;
}

int
pg_crl_insert(pki_store *s, const struct pki_crl_info *info, const unsigned char *der,
    size_t der_len, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)info->number);
	pg_p_int(&p, info->this_update);
	pg_p_int(&p, info->next_update);
	pg_p_int(&p, (int64_t)info->revoked_count);
	pg_p_blob(&p, der, der_len);
	return pg_exec(s,
	    "INSERT INTO crl (number, this_update, next_update, revoked_count, der)"
	    " VALUES ($1, $2, $3, $4, $5)",
	    &p, NULL, _("storing the CRL"), err);
}

/* Keeps the newest PKI_CRL_KEEP CRLs; the newest stays, so numbers go on growing. */
#define PKI_CRL_KEEP 10

int
pg_crl_prune(pki_store *s, uint64_t newest, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, (int64_t)newest - PKI_CRL_KEEP);
	return pg_exec(s, "DELETE FROM crl WHERE number <= $1", &p, NULL, _("removing old CRLs"),
	    err);
}

/* The DER (megabytes for a long CRL) is read only when it is wanted. */
static const char sql_crl_latest[] = "SELECT " PKI_STORE_CRL_COLUMNS ", NULL::bytea"
                                     " FROM crl ORDER BY number DESC LIMIT 1";
static const char sql_crl_latest_der[] = "SELECT " PKI_STORE_CRL_COLUMNS ", der"
                                         " FROM crl ORDER BY number DESC LIMIT 1";

int
pg_crl_latest(pki_store *s, struct pki_crl_info *info, unsigned char **der, size_t *der_len,
    struct pki_error *err)
{
	return pki_store_crl_latest(s, pg_rows, der != NULL ? sql_crl_latest_der : sql_crl_latest,
	    info, der, der_len, err);
}

int
pg_ca_set_crl_days(pki_store *s, long days, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, days);
	return pg_ca_update(s, "UPDATE ca_config SET crl_days = $1 WHERE id = 1", &p,
	    _("saving the CRL period"), _("The Certificate Authority server is not configured."),
	    err);
}

int
pg_ca_set_urls(pki_store *s, const char *crl_url, const char *ocsp_url, const char *ca_issuers_url,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_opt(&p, crl_url);
	pg_p_opt(&p, ocsp_url);
	pg_p_opt(&p, ca_issuers_url);
	return pg_ca_update(s,
	    "UPDATE ca_config SET crl_url = coalesce($1, crl_url),"
	    " ocsp_url = coalesce($2, ocsp_url),"
	    " ca_issuers_url = coalesce($3, ca_issuers_url) WHERE id = 1",
	    &p, _("saving the URLs"), _("The Certificate Authority server is not configured."),
	    err);
}

/* A counter serial names only a certificate issued in counter mode; a
 * wider one is looked up among the random serial numbers. */
int
pg_ocsp_status(pki_store *s, const struct pki_ocsp_certid *id, struct pki_ocsp_single *out,
    struct pki_error *err)
{
	struct pg_params p = { 0 };

	if (id->serial_ok)
		pg_p_int(&p, (int64_t)id->serial);
	else
		pg_p_text(&p, id->serial_number);
	return pki_store_ocsp_status(s, pg_rows,
	    id->serial_ok ? "SELECT revoked_at, revocation_reason, invalidity_date FROM cert"
	                    " WHERE serial = $1 AND serial_number IS NULL"
	                  : "SELECT revoked_at, revocation_reason, invalidity_date FROM cert"
	                    " WHERE serial_number = $1",
	    &p, id, out, err);
}
