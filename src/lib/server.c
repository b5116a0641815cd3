/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server.c: the guide's "Configure local Certificate Authority server" in
 * its two forms (a new key and self-signed certificate, or an existing
 * pair), the SRL serial counter file, Reinitialize, and what the front ends
 * show about the configured CA.
 *
 * Order of work in configure: every field is checked before anything is
 * touched; then files are written (temp name, fsync, rename); the
 * configuration row is stored last, in one transaction.
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
		v = v * 16 + (uint64_t)(isdigit(data[i]) ? data[i] - '0' :
		    (tolower(data[i]) - 'a' + 10));
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
pki_srl_next(const char *path, uint64_t max_used, uint64_t *next,
             enum pki_srl_state *state, struct pki_error *err)
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
			return r;   /* there but unreadable: not ours to replace */
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
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
		return r;
	if ((dir = pki_path_resolve(store->home, row.dir)) == NULL ||
	    (path = pki_path_join3(dir, row.root, ".srl")) == NULL)
		r = pki_err_nomem(err);
	pki_ca_row_clear(&row);
	if (r == 0 && (r = pki_store_cert_max_serial(store, &max, err)) == 0 &&
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

static int
check_dir(const char *dir, struct pki_error *err)
{
	if (pki_str_empty(dir))
		return pki_err_set(err, PKI_ERR_INVALID, "dir",
		    _("The directory for the Certificate Authority's files is required"));
	return pki_check_text(dir, 4096, _("The directory"), err) ? (snprintf(err->field,
	    sizeof err->field, "dir"), PKI_ERR_INVALID) : 0;
}

int
pki_server_probe(pki_store *store, const char *root, const char *dir,
                 struct pki_server_probe *out, struct pki_error *err)
{
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_check_file_root(root, "root", err)) != 0 || (r = check_dir(dir, err)) != 0)
		return r;
	if ((out->dir = pki_path_resolve(store->home, dir)) == NULL ||
	    (out->key_path = pki_path_join3(out->dir, root, ".key")) == NULL ||
	    (out->cer_path = pki_path_join3(out->dir, root, ".cer")) == NULL ||
	    (out->srl_path = pki_path_join3(out->dir, root, ".srl")) == NULL) {
		pki_server_probe_clear(out);
		return pki_err_nomem(err);
	}
	out->key_exists = pki_path_exists(out->key_path);
	out->cer_exists = pki_path_exists(out->cer_path);
	out->srl_exists = pki_path_exists(out->srl_path);
	out->mode = out->key_exists && out->cer_exists ? PKI_SERVER_EXISTING : PKI_SERVER_NEW;
	if (out->mode == PKI_SERVER_EXISTING) {
		unsigned char *data = NULL;
		size_t len = 0;
		pki_key *k = NULL;
		struct pki_error ignored;
		if (pki_file_read(out->key_path, PKI_CERT_MAX_BYTES, &data, &len, &ignored) == 0) {
			pki_key_load(data, len, NULL, 0, &k, &out->key_encrypted, &ignored);
			pki_key_free(&k);
			pki_secret_free(data, len);
		}
	}
	return 0;
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

/* Issue 14: the one host plain SMTP may go to is the SMTP server's host. */
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
	struct pki_error scratch;
	size_t n = 0, k;

	*count = 0;
	if (max == 0) {
		errs = &scratch;
		max = 1;
	}
#define CHECK(expr) do { if (n < max && (expr) != 0) n++; } while (0)
#define E (&errs[n])
	CHECK(pki_check_file_root(p->root, "root", E));
	CHECK(check_dir(p->dir, E));
	if (mode == PKI_SERVER_NEW) {
		CHECK(pki_check_password(p->password, p->password_len, "password", E));
		if (n < max) {
			pki_dn_check_all(&p->subject, E, max - n, &k);
			n += k;
		}
		if (n < max && (unsigned)p->key_type >= PKI_KEY__COUNT) {
			pki_err_set(E, PKI_ERR_INVALID, "key_type", _("Unknown key type"));
			n++;
		}
		CHECK(pki_check_days(p->ca_days, "ca_days", E));
	}
	CHECK(pki_check_days(p->issue_days, "days", E));
	if (!pki_str_empty(p->smtp_server))
		CHECK(check_smtp_server(p->smtp_server, E));
	if (!pki_str_empty(p->smtp_user) && n < max &&
	    pki_check_text(p->smtp_user, 256, _("The SMTP username"), E) != 0) {
		snprintf(E->field, sizeof E->field, "smtp_user");
		n++;
	}
	if (p->smtp_password != NULL && p->smtp_password_len > 0 && n < max &&
	    (p->smtp_password_len > PKI_PASSWORD_MAX ||
	     memchr(p->smtp_password, '\0', p->smtp_password_len) != NULL)) {
		pki_err_set(E, PKI_ERR_INVALID, "smtp_password",
		    _("The SMTP password must be at most %d characters, with no NUL"), PKI_PASSWORD_MAX);
		n++;
	}
	if (!pki_str_empty(p->smtp_insecure_host))
		CHECK(check_insecure_host(p->smtp_insecure_host, p->smtp_server, E));
	if (!pki_str_empty(p->admin_email))
		CHECK(pki_check_email(p->admin_email, "admin_email", E));
#undef CHECK
#undef E
	*count = errs == &scratch ? 0 : n;
	return n ? PKI_ERR_INVALID : 0;
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

static int
not_configured(pki_store *store, struct pki_error *err)
{
	struct pki_ca_row row;
	int r = pki_store_ca_get(store, &row, err);

	if (r == 0) {
		pki_ca_row_clear(&row);
		return pki_err_set(err, PKI_ERR_ALREADY_CONFIGURED, NULL,
		    _("The Certificate Authority server is already configured; reinitialize it first."));
	}
	if (r == PKI_ERR_NOT_CONFIGURED) {
		pki_error_clear(err);
		return 0;
	}
	return r;
}

/* NEW, outside the lock (RSA 4096 takes seconds): the key pair, encrypted
 * as PEM (*key_pem, caller wipes), and its self-signed certificate. */
static int
generate_new(const struct pki_server_params *p, pki_x509 **cert, char **key_pem,
             size_t *key_len, struct pki_error *err)
{
	pki_key *key = NULL;
	int r;

	if ((r = pki_key_generate(p->key_type, &key, err)) == 0 &&
	    (r = pki_cert_self_signed(key, &p->subject, p->ca_days, cert, err)) == 0)
		r = pki_key_to_pem(key, p->password, p->password_len, key_pem, key_len, err);
	pki_key_free(&key);
	return r;
}

/*
 * NEW, inside the configuring transaction (issue 14): the files are looked
 * at again now that no other configure can run; a lone old file is set
 * aside, never removed; the key and the certificate are created, never
 * written over an existing name, so a concurrent or earlier key survives.
 */
static int
write_new(const struct pki_server_probe *pr, const pki_x509 *cert, const char *key_pem,
          size_t key_len, struct pki_server_result *res, struct pki_error *err)
{
	bool key_exists = pki_path_exists(pr->key_path);
	bool cer_exists = pki_path_exists(pr->cer_path);
	char *pem = NULL;
	size_t len = 0;
	int r;

	if ((r = pki_mkdir_p(pr->dir, 0700, err)) != 0 ||
	    (r = pki_dir_check_private(pr->dir, _("Certificate Authority's directory"), err)) != 0)
		return r;
	if (key_exists && cer_exists)
		return pki_err_set(err, PKI_ERR_EXISTS, NULL,
		    _("\"%s\" and \"%s\" appeared while the new CA was being made: nothing "
		      "was replaced; run the command again to use them"), pr->key_path, pr->cer_path);
	if (key_exists || cer_exists) {
		const char *lone = key_exists ? pr->key_path : pr->cer_path;
		if ((res->renamed_from = strdup(lone)) == NULL)
			return pki_err_nomem(err);
		if ((r = pki_file_set_aside(lone, &res->renamed_to, err)) != 0)
			return r;
	}
	if ((r = pki_file_create_excl(pr->key_path, key_pem, key_len, 0600, err)) != 0)
		return r;
	if ((r = pki_x509_pem(cert, &pem, &len, err)) == 0)
		r = pki_file_create_excl(pr->cer_path, pem, len, 0644, err);
	free(pem);
	return r;
}

/* EXISTING: the pair must belong together and be a CA; DER becomes PEM. */
/* An intermediate's chain: checked up to a self-signed root, kept in order. */
static int
existing_chain(const struct pki_server_params *p, const struct pki_server_probe *pr,
               const pki_x509 *cert, char **chain_pem, struct pki_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int r;

	*chain_pem = NULL;
	if (pki_x509_self_signed(cert)) {
		if (!pki_str_empty(p->chain_path))
			return pki_err_set(err, PKI_ERR_INVALID, "chain",
			    _("The certificate \"%s\" is self-signed (a root): it has no issuing "
			      "chain to give"), pr->cer_path);
		return 0;
	}
	if (pki_str_empty(p->chain_path))
		return pki_err_set(err, PKI_ERR_INVALID, "chain",
		    _("The certificate \"%s\" is not self-signed: give its issuing chain (the "
		      "root certificate and any intermediates, PEM) to check it up to its root"),
		    pr->cer_path);
	if ((r = pki_file_read(p->chain_path, PKI_CERT_MAX_BYTES, &data, &len, err)) != 0)
		return r;
	r = pki_chain_build(cert, data, len, p->chain_path, chain_pem, err);
	free(data);
	return r;
}

/*
 * A key given to ncpki that is not in the project's scheme (unencrypted,
 * traditional PEM with DES or 3DES, PBES1 with MD5 or SHA-1, too few
 * PBKDF2 rounds) is re-encrypted (PKCS#8, AES-256-CBC, PBKDF2) under the
 * password given, which must meet the minimum, and replaces the file
 * atomically: the old form never stays in the CA directory.
 */
static int
reencrypt_key(const struct pki_server_params *p, const struct pki_server_probe *pr,
              const pki_key *key, bool was_encrypted, struct pki_error *err)
{
	char *pem = NULL;
	size_t len = 0;
	int r;

	if (pki_check_password(p->password, p->password_len, "password", err) != 0)
		return pki_err_set(err, PKI_ERR_INVALID, "password",
		    was_encrypted
		    ? _("The private key file \"%s\" is encrypted with an outdated scheme and "
		        "ncpki re-encrypts it (PKCS#8, AES-256-CBC, PBKDF2) under its password, which "
		        "must be at least %d characters long: re-encrypt it yourself with a longer "
		        "one first (openssl pkcs8 -topk8 -v2 aes-256-cbc)")
		    : _("The private key file \"%s\" is not encrypted: ncpki encrypts it (PKCS#8, "
		        "AES-256-CBC, PBKDF2) with a password of at least %d characters"),
		    pr->key_path, PKI_PASSWORD_MIN);
	if ((r = pki_key_to_pem(key, p->password, p->password_len, &pem, &len, err)) == 0)
		r = pki_file_write_atomic(pr->key_path, pem, len, 0600, err);
	pki_secret_free(pem, len);
	return r;
}

static int
use_existing(const struct pki_server_params *p, const struct pki_server_probe *pr,
             pki_x509 **cert, bool *reencrypted, char **chain_pem, struct pki_error *err)
{
	bool asked = false, current;
	unsigned char *data = NULL;
	size_t len = 0;
	pki_key *key = NULL;
	bool was_der = false;
	time_t nb, na;
	int r;

	if ((r = pki_file_read(pr->cer_path, PKI_CERT_MAX_BYTES, &data, &len, err)) != 0)
		return r;
	r = pki_x509_load(data, len, cert, &was_der, err);
	free(data);
	data = NULL;
	if (r != 0) {
		pki_err_set(err, r, "cer", _("\"%s\" is not an X.509 certificate in PEM or DER form"),
		    pr->cer_path);
		return r;
	}
	if (!pki_x509_is_ca(*cert))
		return pki_err_set(err, PKI_ERR_NOT_CA, "cer",
		    _("\"%s\" is not a Certificate Authority certificate (it lacks basicConstraints CA:TRUE)"),
		    pr->cer_path);
	pki_x509_validity(*cert, &nb, &na);
	if (na <= time(NULL))
		return pki_err_set(err, PKI_ERR_INVALID, "cer",
		    _("The certificate \"%s\" has expired"), pr->cer_path);
	if ((r = existing_chain(p, pr, *cert, chain_pem, err)) != 0)
		return r;
	if ((r = pki_file_read(pr->key_path, PKI_CERT_MAX_BYTES, &data, &len, err)) != 0)
		return r;
	r = pki_key_load(data, len, p->password, p->password_len, &key, &asked, err);
	current = pki_key_scheme_current(data, len);
	pki_secret_free(data, len);
	/* An unencrypted key ignores the password given: it is the new one. */
	if (r == PKI_ERR_PASSWORD && p->password != NULL && p->password_len > 0)
		return pki_err_set(err, r, "password",
		    _("Wrong password for the Certificate Authority's private key file"));
	if (r == PKI_ERR_PASSWORD)
		return pki_err_set(err, r, "password",
		    _("The Certificate Authority's private key file is encrypted: its password is needed"));
	if (r != 0)
		return pki_err_set(err, r, "key", _("\"%s\" is not a private key in PEM or DER form"),
		    pr->key_path);
	if (!pki_x509_matches_key(*cert, key)) {
		pki_key_free(&key);
		return pki_err_set(err, PKI_ERR_MISMATCH, "key",
		    _("The private key \"%s\" does not match the certificate \"%s\""),
		    pr->key_path, pr->cer_path);
	}
	if (!current) {
		r = reencrypt_key(p, pr, key, asked, err);
		pki_key_free(&key);
		if (r != 0)
			return r;
		*reencrypted = true;
	}
	pki_key_free(&key);
	/* Keys at rest are for their owner alone. */
	chmod(pr->key_path, 0600);
	if (was_der) {
		char *pem = NULL;
		if ((r = pki_x509_pem(*cert, &pem, &len, err)) == 0)
			r = pki_file_write_atomic(pr->cer_path, pem, len, 0644, err);
		free(pem);
	}
	return r;
}

int
pki_server_configure(pki_store *store, const struct pki_server_params *p,
                     struct pki_server_result *out, struct pki_error *err)
{
	struct pki_server_probe pr;
	struct pki_ca_row row;
	pki_x509 *cert = NULL;
	char *chain_pem = NULL, *key_pem = NULL;
	uint64_t next = 0, max_used = 0;
	size_t nerr, key_len = 0;
	bool in_tx = false;
	int r;

	memset(out, 0, sizeof *out);
	memset(&row, 0, sizeof row);
	if ((r = pki_server_probe(store, p->root, p->dir, &pr, err)) != 0)
		return r;
	/* Issue 14: another user who can write the directory could replace
	 * the key or the certificate under us. */
	if ((pki_path_exists(pr.dir) &&
	     (r = pki_dir_check_private(pr.dir, _("Certificate Authority's directory"), err)) != 0) ||
	    (r = pki_server_check(p, pr.mode, err, 1, &nerr)) != 0 ||
	    (r = not_configured(store, err)) != 0)
		goto out;
	out->mode = pr.mode;
	if (pr.mode == PKI_SERVER_NEW)
		r = generate_new(p, &cert, &key_pem, &key_len, err);
	else
		r = use_existing(p, &pr, &cert, &out->key_reencrypted, &chain_pem, err);
	if (r != 0)
		goto out;

	/* Issue 14: the check that no CA is configured, the files written and
	 * the row are one write transaction: of concurrent configures one
	 * makes the CA, the others then find it configured. */
	if ((r = pki_tx_begin(store, true, err)) != 0)
		goto out;
	in_tx = true;
	if ((r = not_configured(store, err)) != 0 ||
	    (pr.mode == PKI_SERVER_NEW &&
	     (r = write_new(&pr, cert, key_pem, key_len, out, err)) != 0))
		goto out;

	/* The counter never goes back: above the SRL, the records, and 0. */
	if ((r = pki_srl_read(pr.srl_path, &next, err)) != 0 ||
	    (r = pki_store_cert_max_serial(store, &max_used, err)) != 0)
		goto out;
	if (next <= max_used)
		next = max_used + 1;
	if (next == 0)
		next = 1;
	out->srl_created = !pr.srl_exists;
	if (!pr.srl_exists && (r = pki_srl_write(pr.srl_path, next, err)) != 0)
		goto out;
	out->next_serial = next;

	row.root = (char *)p->root;
	row.dir = (char *)p->dir;
	row.created_new = pr.mode == PKI_SERVER_NEW;
	row.subject = pki_x509_subject(cert);
	row.key_desc = pki_x509_key_desc(cert);
	{
		time_t nb, na;
		pki_x509_validity(cert, &nb, &na);
		row.not_before = nb;
		row.not_after = na;
	}
	row.ca_days = pr.mode == PKI_SERVER_NEW ? p->ca_days : 0;
	row.issue_days = p->issue_days;
	row.smtp_server = (char *)p->smtp_server;
	row.smtp_user = (char *)p->smtp_user;
	row.admin_email = (char *)p->admin_email;
	row.configured_at = time(NULL);
	row.chain_pem = chain_pem;
	row.random_serial = !p->counter_serial;
	row.smtp_insecure_host = (char *)(p->smtp_insecure_host != NULL ? p->smtp_insecure_host : "");
	if (row.subject == NULL || row.key_desc == NULL) {
		r = pki_err_nomem(err);
		goto out_row;
	}
	if ((r = pki_x509_fingerprints(cert, row.sha1, row.sha256, err)) != 0 ||
	    (r = pki_x509_der(cert, &row.cert_der, &row.cert_len, err)) != 0)
		goto out_row;
	/* The SMTP password goes to its own 0600 file, never the database. */
	if ((r = pki_mail_password_save(store, p->smtp_password, p->smtp_password_len, err)) != 0 ||
	    (r = pki_mail_ca_save(store, pki_str_empty(p->smtp_ca_file) ? NULL : p->smtp_ca_file,
	        err)) != 0)
		goto out_row;
	if ((r = pki_store_ca_put(store, &row, err)) != 0 ||
	    (r = pki_mail_notify_configured(store, &row, pr.cer_path, pr.key_path,
	        pr.srl_path, err)) != 0 ||
	    (r = pki_audit(store, "ca-configured", err,
	        "CA \"%s\" (%s), %s, SHA-256 %s; SMTP server \"%s\", STARTTLS %s%s, "
	        "trust: system store%s",
	        row.root, row.created_new ? "new key"
	                  : out->key_reencrypted ? "existing key, re-encrypted" : "existing key",
	        row.subject, row.sha256, p->smtp_server != NULL ? p->smtp_server : "",
	        pki_str_empty(p->smtp_insecure_host) ? "required" : "optional for ",
	        pki_str_empty(p->smtp_insecure_host) ? "" : p->smtp_insecure_host,
	        pki_str_empty(p->smtp_ca_file) ? "" : " and the given CA file")) != 0)
		goto out_row;
	in_tx = false;
	if ((r = pki_tx_commit(store, err)) != 0)
		goto out_row;

	memcpy(out->sha1, row.sha1, sizeof out->sha1);
	memcpy(out->sha256, row.sha256, sizeof out->sha256);
	out->subject = row.subject;
	row.subject = NULL;
	out->cer_path = strdup(pr.cer_path);
	out->key_path = strdup(pr.key_path);
	out->srl_path = strdup(pr.srl_path);
	out->admin_email = pki_str_empty(p->admin_email) ? NULL : strdup(p->admin_email);
	if (!out->cer_path || !out->key_path || !out->srl_path)
		r = pki_err_nomem(err);
out_row:
	free(row.subject);
	free(row.key_desc);
	free(row.cert_der);
out:
	if (in_tx)
		pki_tx_rollback(store);
	if (key_pem != NULL)
		pki_secret_free(key_pem, key_len);
	free(chain_pem);
	pki_x509_free(&cert);
	pki_server_probe_clear(&pr);
	if (r != 0) {
		/* Keep what was set aside visible to the caller even on failure. */
		char *from = out->renamed_from, *to = out->renamed_to;
		out->renamed_from = out->renamed_to = NULL;
		pki_server_result_clear(out);
		out->renamed_from = from;
		out->renamed_to = to;
	}
	return r;
}

/* -------------------------------------------------------- reinitialize */

int
pki_server_reinit(pki_store *store, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_store_ca_get(store, &row, err)) == 0) {
		r = pki_store_reinit(store, err);
		if (r == 0)
			r = pki_audit(store, "ca-reinitialized", err, "CA \"%s\", SHA-256 %s",
			    row.root, row.sha256);
		pki_ca_row_clear(&row);
	}
	if (r != 0) {
		pki_tx_rollback(store);
		return r;
	}
	return pki_tx_commit(store, err);
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
server_info(pki_store *store, struct pki_server_info *out, bool count_issued,
            struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_error ignored;
	char *dir = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
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
	if ((r = pki_store_counts(store, &out->pending, count_issued ? &out->issued : NULL,
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
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
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
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
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

/* ------------------------------------------------ public URLs (issue 5) */

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
pki_server_set_urls(pki_store *store, const char *crl_url, const char *ocsp_url,
                    const char *ca_issuers_url, struct pki_error *err)
{
	int r;

	if ((r = check_url(crl_url, "crl", err)) != 0 ||
	    (r = check_url(ocsp_url, "ocsp", err)) != 0 ||
	    (r = check_url(ca_issuers_url, "ca-issuers", err)) != 0)
		return r;
	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_store_ca_set_urls(store, crl_url, ocsp_url, ca_issuers_url, err)) != 0 ||
	    (r = pki_audit(store, "config-changed", err, "URLs: CRL \"%s\", OCSP \"%s\", CA issuers \"%s\"",
	        crl_url != NULL ? crl_url : "", ocsp_url != NULL ? ocsp_url : "",
	        ca_issuers_url != NULL ? ca_issuers_url : "")) != 0) {
		pki_tx_rollback(store);
		return r;
	}
	return pki_tx_commit(store, err);
}

int
pki_server_set_crl_days(pki_store *store, long days, struct pki_error *err)
{
	int r;

	if (days < 1 || days > 366)
		return pki_err_set(err, PKI_ERR_INVALID, "crl-days",
		    _("The CRL period must be between 1 and 366 days"));
	if ((r = pki_tx_begin(store, true, err)) != 0)
		return r;
	if ((r = pki_store_ca_set_crl_days(store, days, err)) != 0 ||
	    (r = pki_audit(store, "config-changed", err, "CRL period %ld days", days)) != 0) {
		pki_tx_rollback(store);
		return r;
	}
	return pki_tx_commit(store, err);
}

int
pki_server_get_urls(pki_store *store, struct pki_server_urls *out, struct pki_error *err)
{
	struct pki_ca_row row;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
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
