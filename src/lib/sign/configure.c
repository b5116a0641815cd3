/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign/configure.c: the guide's "Configure local Certificate Authority
 * server" in its two forms: a new key and self-signed certificate, or an
 * existing pair (whose key is read, checked and, when unencrypted or under
 * a legacy scheme, re-encrypted), and the probe of a directory that comes
 * before. They make or open the CA key, hence here.
 *
 * Order of work: every field is checked before anything is touched; then
 * files are written (temp name, fsync, rename); the configuration row is
 * stored last, in one transaction.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What configure would do with DIR/ROOT: reads an existing key file only
 * to tell whether it is encrypted (the console asks for its password). */
int
pki_server_probe(pki_store *store, const char *root, const char *dir, struct pki_server_probe *out,
    struct pki_error *err)
{
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_check_file_root(root, "root", err)) != 0 ||
	    (r = pki_check_ca_dir(dir, err)) != 0)
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

static int
not_configured(pki_store *store, struct pki_error *err)
{
	struct pki_ca_row row;
	int r = store->ops->ca_get(store, &row, err);

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
generate_new(const struct pki_server_params *p, pki_x509 **cert, char **key_pem, size_t *key_len,
    struct pki_error *err)
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
 * NEW, inside the configuring transaction: the files are looked
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
		      "was replaced; run the command again to use them"),
		    pr->key_path, pr->cer_path);
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
			      "chain to give"),
			    pr->cer_path);
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
use_existing(const struct pki_server_params *p, const struct pki_server_probe *pr, pki_x509 **cert,
    bool *reencrypted, char **chain_pem, struct pki_error *err)
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
		pki_err_set(err, r, "cer",
		    _("\"%s\" is not an X.509 certificate in PEM or DER form"), pr->cer_path);
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
		return pki_err_set(err, r, "key",
		    _("\"%s\" is not a private key in PEM or DER form"), pr->key_path);
	if (!pki_x509_matches_key(*cert, key)) {
		pki_key_free(&key);
		return pki_err_set(err, PKI_ERR_MISMATCH, "key",
		    _("The private key \"%s\" does not match the certificate \"%s\""), pr->key_path,
		    pr->cer_path);
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
	/* Another user who can write the directory could replace the key or
	 * the certificate under us. */
	if ((pki_path_exists(pr.dir) &&
	        (r = pki_dir_check_private(pr.dir, _("Certificate Authority's directory"), err)) !=
	            0) ||
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

	/* The check that no CA is configured, the files written and the row
	 * are one write transaction: of concurrent configures one
	 * makes the CA, the others then find it configured. */
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out;
	in_tx = true;
	if ((r = not_configured(store, err)) != 0 ||
	    (pr.mode == PKI_SERVER_NEW &&
	        (r = write_new(&pr, cert, key_pem, key_len, out, err)) != 0))
		goto out;

	/* The counter never goes back: above the SRL, the records, and 0. */
	if ((r = pki_srl_read(pr.srl_path, &next, err)) != 0 ||
	    (r = store->ops->cert_max_serial(store, &max_used, err)) != 0)
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
	row.smtp_insecure_host =
	    (char *)(p->smtp_insecure_host != NULL ? p->smtp_insecure_host : "");
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
	if ((r = store->ops->ca_put(store, &row, err)) != 0 ||
	    (r = pki_mail_notify_configured(store, &row, pr.cer_path, pr.key_path, pr.srl_path,
	         err)) != 0 ||
	    (r = pki_audit(store, "ca-configured", err,
	         "CA \"%s\" (%s), %s, SHA-256 %s; SMTP server \"%s\", STARTTLS %s%s, "
	         "trust: system store%s",
	         row.root,
	         row.created_new            ? "new key"
	             : out->key_reencrypted ? "existing key, re-encrypted"
	                                    : "existing key",
	         row.subject, row.sha256, p->smtp_server != NULL ? p->smtp_server : "",
	         pki_str_empty(p->smtp_insecure_host) ? "required" : "optional for ",
	         pki_str_empty(p->smtp_insecure_host) ? "" : p->smtp_insecure_host,
	         pki_str_empty(p->smtp_ca_file) ? "" : " and the given CA file")) != 0)
		goto out_row;
	in_tx = false;
	if ((r = store->ops->tx_commit(store, err)) != 0)
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
		store->ops->tx_rollback(store);
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
