/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server.c: the configured CA server without its key: the checks of a
 * configuration (pki_server_probe, pki_server_check), the SRL serial
 * counter file, Reinitialize, and what the front ends show about the
 * configured CA. Configuring itself makes or opens the CA key, so it is
 * libncpki_sign's (src/lib/sign/configure.c).
 */
#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

/* ------------------------------------------------------------ SRL file */

int
pki_srl_read(const char *path, uint64_t *next, struct pki_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0, i;
	uint64_t v = 0;
	int r;

	*next = 0;
	if (!pki_path_exists(path))
		return 0;
	if ((r = pki_file_read(path, 256, &data, &len, err)) != 0)
		return r;
	for (i = 0; i < len && isxdigit(data[i]); i++) {
		if (v >> 60)
			break;
		v = v * 16 +
		    (uint64_t)(isdigit(data[i]) ? data[i] - '0' : (tolower(data[i]) - 'a' + 10));
	}
	while (i < len && isspace(data[i]))
		i++;
	free(data);
	if (i != len || len == 0)
		return pki_err_set(err, PKI_ERR_IO, NULL,
		    _("The serial file \"%s\" does not hold a hexadecimal serial number"), path);
	*next = v;
	return 0;
}

int
pki_srl_write(const char *path, uint64_t next, struct pki_error *err)
{
	char buf[40];
	int n = snprintf(buf, sizeof buf, "%llX", (unsigned long long)next);

	/* OpenSSL writes an even number of hex digits. */
	if (n % 2)
		n = snprintf(buf, sizeof buf, "0%llX\n", (unsigned long long)next);
	else
		n = snprintf(buf, sizeof buf, "%llX\n", (unsigned long long)next);
	return pki_file_write_atomic(path, buf, (size_t)n, 0644, err);
}

/*
 * The next serial when the SRL file and the database are compared: the SRL
 * counter if it is above every serial recorded, else one above the highest
 * recorded serial (a missing, unreadable-as-hex or lagging SRL file is
 * repaired forward, never back). *state says which.
 */
int
pki_srl_next(const char *path, uint64_t max_used, uint64_t *next, enum pki_srl_state *state,
    struct pki_error *err)
{
	struct pki_error e;
	uint64_t srl = 0;
	int r;

	*next = 0;
	*state = PKI_SRL_OK;
	pki_error_clear(&e);
	if (!pki_path_exists(path))
		*state = PKI_SRL_MISSING;
	else if ((r = pki_srl_read(path, &srl, &e)) != 0) {
		if (e.code != PKI_ERR_IO || access(path, R_OK) != 0) {
			*err = e;
			return r; /* there but unreadable: not ours to replace */
		}
		*state = PKI_SRL_GARBAGE;
	} else if (srl <= max_used || srl == 0)
		*state = PKI_SRL_BEHIND;
	*next = *state == PKI_SRL_OK ? srl : max_used + 1;
	if (*next == 0)
		*next = 1;
	return 0;
}

int
pki_srl_status(pki_store *store, struct pki_srl_status *out, struct pki_error *err)
{
	struct pki_ca_row row;
	uint64_t max = 0;
	char *dir = NULL, *path = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((dir = pki_path_resolve(store->home, row.dir)) == NULL ||
	    (path = pki_path_join3(dir, row.root, ".srl")) == NULL)
		r = pki_err_nomem(err);
	pki_ca_row_clear(&row);
	if (r == 0 && (r = store->ops->cert_max_serial(store, &max, err)) == 0 &&
	    (r = pki_srl_next(path, max, &out->next, &out->state, err)) == 0) {
		out->max_issued = max;
		if (out->state == PKI_SRL_OK || out->state == PKI_SRL_BEHIND) {
			struct pki_error ignored;
			pki_srl_read(path, &out->srl_next, &ignored);
		}
	}
	free(dir);
	free(path);
	return r;
}

const char *
pki_store_notice(const pki_store *store)
{
	return store != NULL && store->notice[0] != '\0' ? store->notice : NULL;
}

void
pki_store_notice_clear(pki_store *store)
{
	if (store != NULL)
		store->notice[0] = '\0';
}

/* ------------------------------------------------------------- step 1 */

void
pki_server_probe_clear(struct pki_server_probe *p)
{
	if (p == NULL)
		return;
	free(p->dir);
	free(p->key_path);
	free(p->cer_path);
	free(p->srl_path);
	memset(p, 0, sizeof *p);
}

int
pki_check_ca_dir(const char *dir, struct pki_error *err)
{
	if (pki_str_empty(dir))
		return pki_err_set(err, PKI_ERR_INVALID, "dir",
		    _("The directory for the Certificate Authority's files is required"));
	return pki_check_text(dir, 4096, _("The directory"), err)
	    ? (snprintf(err->field, sizeof err->field, "dir"), PKI_ERR_INVALID)
	    : 0;
}

/* ---------------------------------------------------------- validation */

/* The forms mail.c sends to; the host a name or an IP literal. */
static int
check_smtp_server(const char *s, struct pki_error *err)
{
	struct pki_smtp_target t;
	unsigned char ip[16];

	if (pki_mail_smtp_target(s, &t, err) == 0 &&
	    (pki_hostname_syntax(t.host, false) || inet_pton(AF_INET, t.host, ip) == 1 ||
	        inet_pton(AF_INET6, t.host, ip) == 1))
		return 0;
	return pki_err_set(err, PKI_ERR_INVALID, "smtp_server",
	    _("The SMTP server must be a host name such as MyMachine.MyDomain.com, optionally with :PORT, "
	      "or an smtp:// or smtps:// address"));
}

/* The one host plain SMTP may go to is the SMTP server's host. */
static int
check_insecure_host(const char *h, const char *server, struct pki_error *err)
{
	struct pki_smtp_target t;
	struct pki_error ignored;

	if (!pki_str_empty(server) && pki_mail_smtp_target(server, &t, &ignored) == 0 &&
	    strcasecmp(t.host, h) == 0)
		return 0;
	return pki_err_set(err, PKI_ERR_INVALID, "smtp_insecure_host",
	    _("The host allowed plain SMTP without STARTTLS must be the SMTP server's host, "
	      "as given in --smtp-server"));
}

int
pki_server_check(const struct pki_server_params *p, enum pki_server_mode mode,
    struct pki_error *errs, size_t max, size_t *count)
{
	struct pki_faults c;
	struct pki_error *e;
	size_t k;

	pki_faults_init(&c, errs, max);
#define E pki_fault_slot(&c)
	PKI_FAULT(&c, pki_check_file_root(p->root, "root", E));
	PKI_FAULT(&c, pki_check_ca_dir(p->dir, E));
	if (mode == PKI_SERVER_NEW) {
		PKI_FAULT(&c, pki_check_password(p->password, p->password_len, "password", E));
		/* The subject's faults, each in a slot of its own. */
		if (c.n < c.max)
			pki_dn_check_all(&p->subject, &c.errs[c.n], c.max - c.n, &k);
		else
			pki_dn_check_all(&p->subject, &c.scratch, 1, &k);
		c.n += k;
		if ((unsigned)p->key_type >= PKI_KEY__COUNT)
			PKI_FAULT(&c,
			    pki_err_set(E, PKI_ERR_INVALID, "key_type", _("Unknown key type")));
		PKI_FAULT(&c, pki_check_days(p->ca_days, "ca_days", E));
	}
	PKI_FAULT(&c, pki_check_days(p->issue_days, "days", E));
	if (!pki_str_empty(p->smtp_server))
		PKI_FAULT(&c, check_smtp_server(p->smtp_server, E));
	if (!pki_str_empty(p->smtp_user) &&
	    pki_check_text(p->smtp_user, 256, _("The SMTP username"), e = E) != 0) {
		snprintf(e->field, sizeof e->field, "smtp_user");
		c.n++;
	}
	if (p->smtp_password != NULL && p->smtp_password_len > 0 &&
	    (p->smtp_password_len > PKI_PASSWORD_MAX ||
	        memchr(p->smtp_password, '\0', p->smtp_password_len) != NULL))
		PKI_FAULT(&c,
		    pki_err_set(E, PKI_ERR_INVALID, "smtp_password",
		        _("The SMTP password must be at most %d characters, with no NUL"),
		        PKI_PASSWORD_MAX));
	if (!pki_str_empty(p->smtp_insecure_host))
		PKI_FAULT(&c, check_insecure_host(p->smtp_insecure_host, p->smtp_server, E));
	if (!pki_str_empty(p->admin_email))
		PKI_FAULT(&c, pki_check_email(p->admin_email, "admin_email", E));
#undef E
	return pki_faults_end(&c, count);
}

/* ----------------------------------------------------------- configure */

void
pki_server_result_clear(struct pki_server_result *r)
{
	if (r == NULL)
		return;
	free(r->cer_path);
	free(r->key_path);
	free(r->srl_path);
	free(r->renamed_from);
	free(r->renamed_to);
	free(r->subject);
	free(r->admin_email);
	memset(r, 0, sizeof *r);
}

/* -------------------------------------------------------- reinitialize */

int
pki_server_reinit(pki_store *store, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if ((r = store->ops->ca_get(store, &row, err)) == 0) {
		r = store->ops->reinit(store, err);
		if (r == 0)
			r = pki_audit(store, "ca-reinitialized", err, "CA \"%s\", SHA-256 %s",
			    row.root, row.sha256);
		pki_ca_row_clear(&row);
	}
	if (r != 0) {
		store->ops->tx_rollback(store);
		return r;
	}
	return store->ops->tx_commit(store, err);
}

/* ---------------------------------------------------------------- info */

void
pki_server_info_clear(struct pki_server_info *i)
{
	if (i == NULL)
		return;
	free(i->root);
	free(i->dir);
	free(i->cer_path);
	free(i->key_path);
	free(i->srl_path);
	free(i->subject);
	free(i->key_desc);
	free(i->smtp_server);
	free(i->smtp_user);
	free(i->smtp_insecure_host);
	free(i->admin_email);
	memset(i, 0, sizeof *i);
}

/* count_issued false: issued stays 0 (count(*) of cert reads every row's
 * key: 1,000,000 of them for a large CA). */
static int
server_info(pki_store *store, struct pki_server_info *out, bool count_issued, struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_error ignored;
	char *dir = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	dir = pki_path_resolve(store->home, row.dir);
	out->root = row.root;
	out->dir = dir;
	out->subject = row.subject;
	out->key_desc = row.key_desc;
	out->smtp_server = row.smtp_server;
	out->smtp_user = row.smtp_user;
	out->admin_email = row.admin_email;
	row.root = row.subject = row.key_desc = row.smtp_server = row.smtp_user = NULL;
	row.admin_email = NULL;
	memcpy(out->sha1, row.sha1, sizeof out->sha1);
	memcpy(out->sha256, row.sha256, sizeof out->sha256);
	out->not_before = (time_t)row.not_before;
	out->not_after = (time_t)row.not_after;
	out->configured_at = (time_t)row.configured_at;
	out->ca_days = row.ca_days;
	out->issue_days = row.issue_days;
	{
		char *pwpath = pki_mail_password_path(store);
		out->smtp_password_set = !pki_str_empty(row.smtp_password) ||
		    (pwpath != NULL && access(pwpath, F_OK) == 0);
		free(pwpath);
		out->smtp_ca_set = pki_mail_ca_present(store);
		out->smtp_insecure_host = row.smtp_insecure_host;
		row.smtp_insecure_host = NULL;
	}
	out->created_new = row.created_new;
	out->random_serial = row.random_serial;
	if (dir != NULL) {
		out->cer_path = pki_path_join3(dir, out->root, ".cer");
		out->key_path = pki_path_join3(dir, out->root, ".key");
		out->srl_path = pki_path_join3(dir, out->root, ".srl");
	}
	pki_ca_row_clear(&row);
	if (!dir || !out->cer_path || !out->key_path || !out->srl_path) {
		pki_server_info_clear(out);
		return pki_err_nomem(err);
	}
	out->key_present = pki_path_exists(out->key_path);
	if (pki_srl_read(out->srl_path, &out->next_serial, &ignored) != 0)
		out->next_serial = 0;
	if ((r = store->ops->counts(store, &out->pending, count_issued ? &out->issued : NULL,
	         err)) != 0)
		pki_server_info_clear(out);
	return r;
}

int
pki_server_info(pki_store *store, struct pki_server_info *out, struct pki_error *err)
{
	return server_info(store, out, true, err);
}

int
pki_server_info_brief(pki_store *store, struct pki_server_info *out, struct pki_error *err)
{
	return server_info(store, out, false, err);
}

int
pki_ca_cert_pem(pki_store *store, char **pem, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	*pem = NULL;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((*pem = pki_der_to_pem("CERTIFICATE", row.cert_der, row.cert_len)) == NULL)
		r = pki_err_nomem(err);
	pki_ca_row_clear(&row);
	return r;
}

int
pki_ca_cert_der(pki_store *store, unsigned char **der, size_t *len, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	*der = NULL;
	*len = 0;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((*der = malloc(row.cert_len ? row.cert_len : 1)) == NULL)
		r = pki_err_nomem(err);
	else {
		memcpy(*der, row.cert_der, row.cert_len);
		*len = row.cert_len;
	}
	pki_ca_row_clear(&row);
	return r;
}

/* ---------------------------------------------------------- public URLs */

#define URL_MAX 512

/* An absolute http(s) URL with a host, in printable ASCII without spaces;
 * no ',' either, which would split the extension's value. */
static int
check_url(const char *url, const char *field, struct pki_error *err)
{
	const char *p, *host;

	if (url == NULL || *url == '\0')
		return 0;
	if (strlen(url) > URL_MAX)
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The URL is longer than %d characters"), URL_MAX);
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == ',' ||
		    *p == '"' || *p == '\\')
			return pki_err_set(err, PKI_ERR_INVALID, field,
			    _("The URL must not contain spaces, control characters, commas, "
			      "quotes or backslashes"));
	if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return pki_err_set(err, PKI_ERR_INVALID, field,
		    _("The URL must start with http:// or https://"));
	if (*host == '\0' || *host == '/' || *host == ':' || *host == '?' || *host == '#')
		return pki_err_set(err, PKI_ERR_INVALID, field, _("The URL has no host name"));
	return 0;
}

int
pki_server_settings_check(const struct pki_server_settings *set, struct pki_error *errs, size_t max,
    size_t *count)
{
	struct pki_faults c;

	pki_faults_init(&c, errs, max);
#define E pki_fault_slot(&c)
	PKI_FAULT(&c, check_url(set->crl_url, "crl", E));
	PKI_FAULT(&c, check_url(set->ocsp_url, "ocsp", E));
	PKI_FAULT(&c, check_url(set->ca_issuers_url, "ca-issuers", E));
	if (set->crl_days != 0 && (set->crl_days < 1 || set->crl_days > 366))
		PKI_FAULT(&c,
		    pki_err_set(E, PKI_ERR_INVALID, "crl-days",
		        _("The CRL period must be between 1 and 366 days")));
	if (set->notice_days != -1 &&
	    (set->notice_days < 0 || set->notice_days > PKI_NOTICE_DAYS_MAX))
		PKI_FAULT(&c,
		    pki_err_set(E, PKI_ERR_INVALID, "notice_days",
		        _("The expiry notice period must be a whole number of days from "
		          "0 (no notices) to %d"),
		        PKI_NOTICE_DAYS_MAX));
#undef E
	return pki_faults_end(&c, count);
}

int
pki_server_settings_set(pki_store *store, const struct pki_server_settings *set,
    struct pki_error *err)
{
	bool urls = set->crl_url != NULL || set->ocsp_url != NULL || set->ca_issuers_url != NULL;
	size_t n;
	int r;

	if ((r = pki_server_settings_check(set, err, 1, &n)) != 0)
		return r;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		return r;
	if (urls &&
	    ((r = store->ops->ca_set_urls(store, set->crl_url, set->ocsp_url, set->ca_issuers_url,
	          err)) != 0 ||
	        (r = pki_audit(store, "config-changed", err,
	             "URLs: CRL \"%s\", OCSP \"%s\", CA issuers \"%s\"",
	             set->crl_url != NULL ? set->crl_url : "",
	             set->ocsp_url != NULL ? set->ocsp_url : "",
	             set->ca_issuers_url != NULL ? set->ca_issuers_url : "")) != 0))
		goto fail;
	if (set->crl_days != 0 &&
	    ((r = store->ops->ca_set_crl_days(store, set->crl_days, err)) != 0 ||
	        (r = pki_audit(store, "config-changed", err, "CRL period %ld days",
	             set->crl_days)) != 0))
		goto fail;
	if (set->notice_days != -1 &&
	    ((r = store->ops->ca_set_notice_days(store, set->notice_days, err)) != 0 ||
	        (r = pki_audit(store, "config-changed", err, "expiry notice period %ld days",
	             set->notice_days)) != 0))
		goto fail;
	if (set->random_serial != -1 &&
	    ((r = store->ops->ca_set_serial_mode(store, set->random_serial != 0, err)) != 0 ||
	        (r = pki_audit(store, "config-changed", err, "serial number mode %s",
	             set->random_serial ? "random" : "counter")) != 0))
		goto fail;
	return store->ops->tx_commit(store, err);
fail:
	store->ops->tx_rollback(store);
	return r;
}

int
pki_server_set_urls(pki_store *store, const char *crl_url, const char *ocsp_url,
    const char *ca_issuers_url, struct pki_error *err)
{
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;

	set.crl_url = crl_url;
	set.ocsp_url = ocsp_url;
	set.ca_issuers_url = ca_issuers_url;
	return pki_server_settings_set(store, &set, err);
}

int
pki_server_set_crl_days(pki_store *store, long days, struct pki_error *err)
{
	struct pki_server_settings set = PKI_SERVER_SETTINGS_KEEP;

	if (days == 0)
		days = -1; /* refused: 0 means "as it is" in the settings */
	set.crl_days = days;
	return pki_server_settings_set(store, &set, err);
}

int
pki_server_get_urls(pki_store *store, struct pki_server_urls *out, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	out->crl_url = row.crl_url;
	out->ocsp_url = row.ocsp_url;
	out->ca_issuers_url = row.ca_issuers_url;
	out->crl_days = row.crl_days;
	row.crl_url = row.ocsp_url = row.ca_issuers_url = NULL;
	pki_ca_row_clear(&row);
	return 0;
}

void
pki_server_urls_clear(struct pki_server_urls *u)
{
	if (u == NULL)
		return;
	free(u->crl_url);
	free(u->ocsp_url);
	free(u->ca_issuers_url);
	memset(u, 0, sizeof *u);
}
