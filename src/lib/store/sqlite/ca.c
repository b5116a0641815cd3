/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sqlite/ca.c: SQL for the CA server's configuration row, reinitialization,
 * the header counts, and one typed accessor per field changed on its own:
 * the serial number mode, the expiry notice period, the OCSP signer (and
 * what the responder follows). The CRL period and URLs are in crl.c,
 * the digest and the old SMTP password in mail.c. The reads the same on
 * both databases (the row, the counts, the OCSP configuration) are
 * store.c's, through sqlite_rows.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
sqlite_ca_get(pki_store *s, struct pki_ca_row *out, struct pki_error *err)
{
	return pki_store_ca_get(s, sqlite_rows, out, err);
}

static const char sql_ca_put[] =
    "INSERT INTO ca_config (id, root, dir, created_new, subject, key_desc, sha1,"
    " sha256, cert_der, not_before, not_after, ca_days, issue_days, smtp_server, smtp_user,"
    " smtp_password, admin_email, configured_at, chain_pem, serial_mode, smtp_insecure_host)"
    " VALUES (1, :root, :dir, :created_new, :subject, :key_desc, :sha1, :sha256,"
    " :cert_der, :not_before, :not_after, :ca_days, :issue_days, :smtp_server, :smtp_user,"
    " :smtp_password, :admin_email, :configured_at, :chain_pem, :serial_mode, :smtp_insecure_host)";

int
sqlite_ca_put(pki_store *s, const struct pki_ca_row *row, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = pki_stmt(s, sql_ca_put, &st, err)) != 0)
		return r;
	pki_bind_text(st, ":root", row->root);
	pki_bind_text(st, ":dir", row->dir);
	pki_bind_int64(st, ":created_new", row->created_new);
	pki_bind_text(st, ":subject", row->subject);
	pki_bind_text(st, ":key_desc", row->key_desc);
	pki_bind_text(st, ":sha1", row->sha1);
	pki_bind_text(st, ":sha256", row->sha256);
	pki_bind_blob(st, ":cert_der", row->cert_der, row->cert_len);
	pki_bind_int64(st, ":not_before", row->not_before);
	pki_bind_int64(st, ":not_after", row->not_after);
	pki_bind_int64(st, ":ca_days", row->ca_days);
	pki_bind_int64(st, ":issue_days", row->issue_days);
	pki_bind_text(st, ":smtp_server", row->smtp_server);
	pki_bind_text(st, ":smtp_user", row->smtp_user);
	pki_bind_text(st, ":smtp_password", ""); /* it is in DATA/smtp-password */
	pki_bind_text(st, ":admin_email", row->admin_email);
	pki_bind_int64(st, ":configured_at", row->configured_at);
	pki_bind_text(st, ":chain_pem", row->chain_pem != NULL ? row->chain_pem : "");
	pki_bind_text(st, ":serial_mode", row->random_serial ? "random" : "counter");
	pki_bind_text(st, ":smtp_insecure_host",
	    row->smtp_insecure_host != NULL ? row->smtp_insecure_host : "");
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT)
		r = pki_err_set(err, PKI_ERR_ALREADY_CONFIGURED, NULL,
		    _("The Certificate Authority server is already configured; reinitialize it first."));
	else if (rc != SQLITE_DONE)
		r = pki_err_db(err, sqlite_db(s), _("saving the configuration"));
	pki_stmt_done(s, st);
	return r;
}

int
sqlite_reinit(pki_store *s, struct pki_error *err)
{
	if (sqlite3_exec(sqlite_db(s),
	        "DELETE FROM cert; INSERT INTO cert_fts (cert_fts) VALUES ('delete-all');"
	        " DELETE FROM csr; DELETE FROM ca_config; DELETE FROM crl;",
	        NULL, NULL, NULL) != SQLITE_OK)
		return pki_err_db(err, sqlite_db(s), _("reinitializing"));
	return 0;
}

/* issued NULL: only the pending requests are counted. */
int
sqlite_counts(pki_store *s, size_t *pending, size_t *issued, struct pki_error *err)
{
	return pki_store_counts(s, sqlite_rows, pending, issued, err);
}

static const char sql_serial_mode_set[] = "UPDATE ca_config SET serial_mode = :mode WHERE id = 1";

int
sqlite_ca_set_serial_mode(pki_store *s, bool random_serial, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_text(&p, ":mode", random_serial ? "random" : "counter");
	return sqlite_ca_update(s, sql_serial_mode_set, &p, _("storing the serial number mode"),
	    _("The Certificate Authority server is not configured"), err);
}

static const char sql_cert_set[] =
    "UPDATE ca_config SET cert_der = :der, sha1 = :sha1, sha256 = :sha256,"
    " not_before = :nb, not_after = :na WHERE id = 1";

int
sqlite_ca_set_cert(pki_store *s, const struct pki_ca_row *row, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_blob(&p, ":der", row->cert_der, row->cert_len);
	sqlite_p_text(&p, ":sha1", row->sha1);
	sqlite_p_text(&p, ":sha256", row->sha256);
	sqlite_p_int(&p, ":nb", row->not_before);
	sqlite_p_int(&p, ":na", row->not_after);
	return sqlite_ca_update(s, sql_cert_set, &p, _("storing the renewed CA certificate"),
	    _("The Certificate Authority server is not configured"), err);
}

static const char sql_notice_days_set[] = "UPDATE ca_config SET notice_days = :days WHERE id = 1";

int
sqlite_ca_set_notice_days(pki_store *s, long days, struct pki_error *err)
{
	struct sqlite_params p = { 0 };

	sqlite_p_int(&p, ":days", days);
	return sqlite_ca_update(s, sql_notice_days_set, &p, _("storing the expiry notice period"),
	    _("The Certificate Authority server is not configured"), err);
}

static const char sql_notice_days_get[] = "SELECT notice_days FROM ca_config WHERE id = 1";

int
sqlite_ca_notice_days(pki_store *s, long *days, struct pki_error *err)
{
	int64_t v;
	int r =
	    sqlite_value(s, sql_notice_days_get, NULL, &v, _("reading the expiry notice period"),
	        _("The Certificate Authority server is not configured"), err);

	*days = (long)v;
	return r;
}

static const char sql_signer_get[] = "SELECT ocsp_signer_serial FROM ca_config WHERE id = 1";

int
sqlite_ca_ocsp_signer(pki_store *s, uint64_t *serial, struct pki_error *err)
{
	int64_t v;
	int r = sqlite_value(s, sql_signer_get, NULL, &v, _("reading the configuration"),
	    _("The Certificate Authority server is not configured."), err);

	*serial = (uint64_t)v;
	return r;
}

static const char sql_signer_set[] =
    "UPDATE ca_config SET ocsp_signer_serial = :serial WHERE id = 1";

int
sqlite_ca_set_ocsp_signer(pki_store *s, uint64_t serial, struct pki_error *err)
{
	sqlite3_stmt *st;
	int r;

	if ((r = pki_stmt(s, sql_signer_set, &st, err)) != 0)
		return r;
	pki_bind_int64(st, ":serial", (int64_t)serial);
	if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(sqlite_db(s)) != 1)
		r = pki_err_db(err, sqlite_db(s), _("recording the OCSP signer"));
	pki_stmt_done(s, st);
	return r;
}

int
sqlite_ca_ocsp_config(pki_store *s, char sha256[PKI_FP_SHA256_SIZE], uint64_t *serial,
    struct pki_error *err)
{
	return pki_store_ocsp_config(s, sqlite_rows, sha256, serial, err);
}
