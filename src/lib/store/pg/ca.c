/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pg/ca.c: the PostgreSQL store's SQL for the CA server's configuration
 * row, reinitialization, the header counts, and one typed accessor per
 * field changed on its own (as sqlite/ca.c). The CRL period and URLs are
 * in crl.c, the digest and the old SMTP password in mail.c. The reads the
 * same on both databases are store.c's, through pg_rows.
 */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
pg_ca_get(pki_store *s, struct pki_ca_row *out, struct pki_error *err)
{
	return pki_store_ca_get(s, pg_rows, out, err);
}

/* ON CONFLICT: a second row is refused without aborting the transaction. */
static const char sql_ca_put[] =
    "INSERT INTO ca_config (id, root, dir, created_new, subject, key_desc, sha1,"
    " sha256, cert_der, not_before, not_after, ca_days, issue_days, smtp_server, smtp_user,"
    " smtp_password, admin_email, configured_at, chain_pem, serial_mode, smtp_insecure_host)"
    " VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
    " $18, $19, $20) ON CONFLICT (id) DO NOTHING";

int
pg_ca_put(pki_store *s, const struct pki_ca_row *row, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_text(&p, row->root);
	pg_p_text(&p, row->dir);
	pg_p_int(&p, row->created_new);
	pg_p_text(&p, row->subject);
	pg_p_text(&p, row->key_desc);
	pg_p_text(&p, row->sha1);
	pg_p_text(&p, row->sha256);
	pg_p_blob(&p, row->cert_der, row->cert_len);
	pg_p_int(&p, row->not_before);
	pg_p_int(&p, row->not_after);
	pg_p_int(&p, row->ca_days);
	pg_p_int(&p, row->issue_days);
	pg_p_text(&p, row->smtp_server);
	pg_p_text(&p, row->smtp_user);
	pg_p_text(&p, ""); /* it is in DATA/smtp-password */
	pg_p_text(&p, row->admin_email);
	pg_p_int(&p, row->configured_at);
	pg_p_text(&p, row->chain_pem);
	pg_p_text(&p, row->random_serial ? "random" : "counter");
	pg_p_text(&p, row->smtp_insecure_host);
	if ((r = pg_exec(s, sql_ca_put, &p, &res, _("saving the configuration"), err)) != 0)
		return r;
	if (pg_changes(res) == 0)
		r = pki_err_set(err, PKI_ERR_ALREADY_CONFIGURED, NULL,
		    _("The Certificate Authority server is already configured; reinitialize it first."));
	PQclear(res);
	return r;
}

int
pg_reinit(pki_store *s, struct pki_error *err)
{
	static const char *const sql[] = { "DELETE FROM cert", "DELETE FROM csr",
		"DELETE FROM ca_config", "DELETE FROM crl" };
	int r = 0;

	for (size_t i = 0; r == 0 && i < sizeof sql / sizeof sql[0]; i++)
		r = pg_exec(s, sql[i], NULL, NULL, _("reinitializing"), err);
	return r;
}

/* issued NULL: only the pending requests are counted. */
int
pg_counts(pki_store *s, size_t *pending, size_t *issued, struct pki_error *err)
{
	return pki_store_counts(s, pg_rows, pending, issued, err);
}

int
pg_ca_set_serial_mode(pki_store *s, bool random_serial, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_text(&p, random_serial ? "random" : "counter");
	return pg_ca_update(s, "UPDATE ca_config SET serial_mode = $1 WHERE id = 1", &p,
	    _("storing the serial number mode"),
	    _("The Certificate Authority server is not configured"), err);
}

int
pg_ca_set_cert(pki_store *s, const struct pki_ca_row *row, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_blob(&p, row->cert_der, row->cert_len);
	pg_p_text(&p, row->sha1);
	pg_p_text(&p, row->sha256);
	pg_p_int(&p, row->not_before);
	pg_p_int(&p, row->not_after);
	return pg_ca_update(s,
	    "UPDATE ca_config SET cert_der = $1, sha1 = $2, sha256 = $3, not_before = $4,"
	    " not_after = $5 WHERE id = 1",
	    &p, _("storing the renewed CA certificate"),
	    _("The Certificate Authority server is not configured"), err);
}

int
pg_ca_set_notice_days(pki_store *s, long days, struct pki_error *err)
{
	struct pg_params p = { 0 };

	pg_p_int(&p, days);
	return pg_ca_update(s, "UPDATE ca_config SET notice_days = $1 WHERE id = 1", &p,
	    _("storing the expiry notice period"),
	    _("The Certificate Authority server is not configured"), err);
}

int
pg_ca_notice_days(pki_store *s, long *days, struct pki_error *err)
{
	int64_t v;
	int r = pg_value(s, "SELECT notice_days FROM ca_config WHERE id = 1", NULL, &v,
	    _("reading the expiry notice period"),
	    _("The Certificate Authority server is not configured"), err);

	*days = (long)v;
	return r;
}

int
pg_ca_ocsp_signer(pki_store *s, uint64_t *serial, struct pki_error *err)
{
	int64_t v;
	int r = pg_value(s, "SELECT ocsp_signer_serial FROM ca_config WHERE id = 1", NULL, &v,
	    _("reading the configuration"),
	    _("The Certificate Authority server is not configured."), err);

	*serial = (uint64_t)v;
	return r;
}

int
pg_ca_set_ocsp_signer(pki_store *s, uint64_t serial, struct pki_error *err)
{
	struct pg_params p = { 0 };
	PGresult *res;
	int r;

	pg_p_int(&p, (int64_t)serial);
	if ((r = pg_exec(s, "UPDATE ca_config SET ocsp_signer_serial = $1 WHERE id = 1", &p, &res,
	         _("recording the OCSP signer"), err)) != 0)
		return r;
	if (pg_changes(res) != 1)
		r = pki_err_set(err, PKI_ERR_DB, NULL, _("Database error while %s: %s"),
		    _("recording the OCSP signer"), _("no configuration row"));
	PQclear(res);
	return r;
}

int
pg_ca_ocsp_config(pki_store *s, char sha256[PKI_FP_SHA256_SIZE], uint64_t *serial,
    struct pki_error *err)
{
	return pki_store_ocsp_config(s, pg_rows, sha256, serial, err);
}
