/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sign/signer.c: the CA key in this process, the local implementation of
 * struct pki_signer_ops (libncpki's src/lib/signer.c dispatches to it). It
 * unlocks the key with the operator's password, checks that the key and
 * certificate on the mounted media are the ones this CA server was
 * configured with, signs, and frees the key on close. libncpki_sign is
 * linked by ncpki and its console only: ncpkid links no path to here
 * (tests/cli/t0139-key-custody.sh checks the binaries).
 *
 * It refuses a key file that other users can read or write (or whose
 * directory they can write), and while a key is unlocked the process
 * cannot dump core or be attached to (PR_SET_DUMPABLE 0, RLIMIT_CORE 0):
 * the previous settings come back when the last signer closes.
 */
#include "x509/crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <openssl/core_names.h>
#include <openssl/err.h>

/* The local signer: the common head, then the key. */
struct local_signer {
	struct pki_signer head; /* head.ca is ca */
	EVP_PKEY *key;
	X509 *ca;
	/* Certificates: a signing context set up once, copied per certificate
	 * (a fresh one fetches the algorithms again), and its
	 * AlgorithmIdentifier, DER and decoded. */
	EVP_MD_CTX *sign_ctx;
	unsigned char alg_der[128];
	size_t alg_len;
	X509_ALGOR *alg;
	char *issuer; /* the CA's subject as text, for the rows */
};

/* Core dumps off while any key is unlocked. */
static pthread_mutex_t dump_lock = PTHREAD_MUTEX_INITIALIZER;
static int dump_holds, dump_saved_dumpable;
static struct rlimit dump_saved_core;

static void
dumps_off(void)
{
	struct rlimit none = { 0, 0 };

	pthread_mutex_lock(&dump_lock);
	if (dump_holds++ == 0) {
		dump_saved_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		if (getrlimit(RLIMIT_CORE, &dump_saved_core) != 0)
			dump_saved_core.rlim_cur = dump_saved_core.rlim_max = 0;
		none.rlim_max = dump_saved_core.rlim_max;
		setrlimit(RLIMIT_CORE, &none);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	}
	pthread_mutex_unlock(&dump_lock);
}

static void
dumps_restore(void)
{
	pthread_mutex_lock(&dump_lock);
	if (dump_holds > 0 && --dump_holds == 0) {
		setrlimit(RLIMIT_CORE, &dump_saved_core);
		if (dump_saved_dumpable > 0)
			prctl(PR_SET_DUMPABLE, dump_saved_dumpable, 0, 0, 0);
	}
	pthread_mutex_unlock(&dump_lock);
}

/* Other users must not read or replace the key. */
static int
check_key_modes(const char *dir, const char *key_path, struct pki_error *err)
{
	struct stat st;

	if (stat(key_path, &st) != 0)
		return pki_err_set(err, PKI_ERR_IO, NULL,
		    _("Cannot read the Certificate Authority's private key file \"%s\""), key_path);
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return pki_err_set(err, PKI_ERR_INVALID, "key",
		    _("The Certificate Authority's private key file \"%s\" can be used by other users "
		      "(mode %04o): ncpki will not use it. Make it private with \"chmod 600 %s\"."),
		    key_path, (unsigned)(st.st_mode & 07777), key_path);
	if (pki_dir_check_private(dir, _("Certificate Authority's directory"), err) != 0) {
		err->code = PKI_ERR_INVALID;
		snprintf(err->field, sizeof err->field, "key");
		return PKI_ERR_INVALID;
	}
	return 0;
}

/* A DigestSign context for the key and the AlgorithmIdentifier it signs
 * with, named by the provider. */
static int
sign_init(EVP_PKEY *key, EVP_MD_CTX **out, unsigned char *alg, size_t alg_size, size_t *alg_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	OSSL_PARAM params[2];

	*out = NULL;
	params[0] =
	    OSSL_PARAM_construct_octet_string(OSSL_SIGNATURE_PARAM_ALGORITHM_ID, alg, alg_size);
	params[1] = OSSL_PARAM_construct_end();
	if (mctx == NULL || EVP_DigestSignInit(mctx, &pctx, pki_sign_md(key), NULL, key) <= 0 ||
	    EVP_PKEY_CTX_get_params(pctx, params) <= 0 || (*alg_len = params[0].return_size) == 0 ||
	    *alg_len > alg_size) {
		EVP_MD_CTX_free(mctx);
		return -1;
	}
	*out = mctx;
	return 0;
}

static int
sign_setup(struct local_signer *s, struct pki_error *err)
{
	const unsigned char *p = s->alg_der;

	if (sign_init(s->key, &s->sign_ctx, s->alg_der, sizeof s->alg_der, &s->alg_len) != 0 ||
	    (s->alg = d2i_X509_ALGOR(NULL, &p, (long)s->alg_len)) == NULL)
		return pki_err_crypto(err, _("Cannot sign with the Certificate Authority's key"));
	if ((s->issuer = pki_name_string(X509_get_subject_name(s->ca))) == NULL)
		return pki_err_nomem(err);
	return 0;
}

/*
 * Opening is three steps, so that the key's derivation (PBKDF2, the slow
 * part on purpose) can run on another thread while the caller lists what
 * it is about to sign: prepare (files, modes, the certificate: the
 * caller's thread, which owns the store), unlock (the password against the
 * key: no store) and complete (the refusal's audit row, the key against the
 * certificate, the signing context).
 */
struct pki_signer_pending {
	pki_x509 *ca;
	unsigned char *data; /* the key file */
	size_t dlen;
	char *password; /* a copy, cleansed when done */
	size_t len;
	char *key_path, *cer_path;
	pki_key *key; /* unlock's result */
	int r;
	struct pki_error err;
	pthread_t thread;
	bool threaded;
};

static void
pending_free(struct pki_signer_pending *pd)
{
	if (pd == NULL)
		return;
	pki_secret_free(pd->data, pd->dlen);
	pki_secret_free(pd->password, pd->len + 1);
	pki_key_free(&pd->key);
	pki_x509_free(&pd->ca);
	free(pd->key_path);
	free(pd->cer_path);
	dumps_restore();
	free(pd);
}

static int
signer_prepare(pki_store *store, const char *password, size_t len, struct pki_signer_pending **out,
    struct pki_error *err)
{
	struct pki_ca_row row;
	struct pki_signer_pending *pd;
	unsigned char *data = NULL;
	size_t dlen = 0;
	char *dir = NULL;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	int r;

	*out = NULL;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((pd = calloc(1, sizeof *pd)) == NULL) {
		pki_ca_row_clear(&row);
		return pki_err_nomem(err);
	}
	dumps_off(); /* pending_free restores */
	if ((dir = pki_path_resolve(store->home, row.dir)) == NULL ||
	    (pd->key_path = pki_path_join3(dir, row.root, ".key")) == NULL ||
	    (pd->cer_path = pki_path_join3(dir, row.root, ".cer")) == NULL ||
	    (password != NULL && (pd->password = malloc(len + 1)) == NULL)) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (password != NULL) {
		memcpy(pd->password, password, len);
		pd->password[len] = '\0';
		pd->len = len;
	}
	if (!pki_path_exists(pd->key_path)) {
		r = pki_err_set(err, PKI_ERR_KEY_UNAVAILABLE, NULL,
		    _("The Certificate Authority's private key file \"%s\" is not available: "
		      "mount the media that holds it and try again."),
		    pd->key_path);
		goto out;
	}
	if ((r = check_key_modes(dir, pd->key_path, err)) != 0) {
		pki_audit_refusal(store, "ca-key-unlock", pd->key_path, err->msg);
		goto out;
	}
	if ((r = pki_file_read(pd->cer_path, PKI_CERT_MAX_BYTES, &data, &dlen, err)) != 0)
		goto out;
	r = pki_x509_load(data, dlen, &pd->ca, NULL, err);
	free(data);
	if (r != 0 || (r = pki_x509_fingerprints(pd->ca, sha1, sha256, err)) != 0)
		goto out;
	if (strcmp(sha256, row.sha256) != 0) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The certificate \"%s\" is not the one this Certificate Authority server "
		      "was configured with (SHA-256 %s expected)"),
		    pd->cer_path, row.sha256);
		goto out;
	}
	r = pki_file_read(pd->key_path, PKI_CERT_MAX_BYTES, &pd->data, &pd->dlen, err);
out:
	free(dir);
	pki_ca_row_clear(&row);
	if (r != 0)
		pending_free(pd);
	else
		*out = pd;
	return r;
}

static void *
signer_unlock(void *arg)
{
	struct pki_signer_pending *pd = arg;

	static const char encrypted[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

	pki_error_clear(&pd->err);
	/* no password for an encrypted key: said without trying a decoder */
	if (pd->password == NULL && pd->dlen >= sizeof encrypted - 1 &&
	    memcmp(pd->data, encrypted, sizeof encrypted - 1) == 0) {
		pd->r = pki_err_set(&pd->err, PKI_ERR_PASSWORD, "password",
		    _("The Certificate Authority's private key file is encrypted: its password is needed"));
		return NULL;
	}
	pd->r = pki_key_load(pd->data, pd->dlen, pd->password, pd->len, &pd->key, NULL, &pd->err);
	pki_secret_free(pd->password, pd->len + 1);
	pd->password = NULL;
	return NULL;
}

static const struct pki_signer_ops local_ops;

static int
signer_complete(pki_store *store, struct pki_signer_pending *pd, pki_signer **out,
    struct pki_error *err)
{
	struct local_signer *s;
	bool had_password = pd->len > 0;
	int r = pd->r;

	*out = NULL;
	if (r != 0) {
		*err = pd->err;
		if (r == PKI_ERR_PASSWORD && had_password) {
			pki_err_set(err, r, "password",
			    _("Wrong password for the Certificate Authority's private key file"));
			pki_audit_refusal(store, "ca-key-unlock", pd->key_path, err->msg);
		} else if (r == PKI_ERR_PASSWORD)
			pki_err_set(err, r, "password",
			    _("The Certificate Authority's private key file is encrypted: its password is needed"));
		goto out;
	}
	if (!pki_x509_matches_key(pd->ca, pd->key)) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The private key \"%s\" does not match the certificate \"%s\""), pd->key_path,
		    pd->cer_path);
		goto out;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	s->key = PKEY(pd->key);
	s->ca = X509P(pd->ca);
	if ((r = sign_setup(s, err)) != 0) {
		EVP_MD_CTX_free(s->sign_ctx);
		X509_ALGOR_free(s->alg);
		free(s->issuer);
		free(s);
		goto out;
	}
	pd->key = NULL;
	pd->ca = NULL;
	dumps_off(); /* the signer's own hold, until pki_signer_close */
	s->head.ops = &local_ops;
	s->head.ca = (const pki_x509 *)s->ca;
	*out = &s->head;
out:
	pending_free(pd);
	return r;
}

int
pki_signer_open(pki_store *store, const char *password, size_t len, pki_signer **out,
    struct pki_error *err)
{
	struct pki_signer_pending *pd;
	int r;

	*out = NULL;
	if ((r = signer_prepare(store, password, len, &pd, err)) != 0)
		return r;
	signer_unlock(pd);
	return signer_complete(store, pd, out, err);
}

int
pki_signer_open_start(pki_store *store, const char *password, size_t len, pki_signer_pending **out,
    struct pki_error *err)
{
	int r;

	if ((r = signer_prepare(store, password, len, out, err)) != 0)
		return r;
	/* no thread to be had: the work is done by _finish */
	(*out)->threaded = pthread_create(&(*out)->thread, NULL, signer_unlock, *out) == 0;
	return 0;
}

int
pki_signer_open_finish(pki_store *store, pki_signer_pending *pd, pki_signer **out,
    struct pki_error *err)
{
	*out = NULL;
	if (pd->threaded)
		pthread_join(pd->thread, NULL);
	else
		signer_unlock(pd);
	return signer_complete(store, pd, out, err);
}

void
pki_signer_open_cancel(pki_signer_pending **pd)
{
	if (pd == NULL || *pd == NULL)
		return;
	if ((*pd)->threaded)
		pthread_join((*pd)->thread, NULL);
	pending_free(*pd);
	*pd = NULL;
}

static void
local_close(pki_signer *sp)
{
	struct local_signer *s = (struct local_signer *)sp;

	EVP_MD_CTX_free(s->sign_ctx);
	X509_ALGOR_free(s->alg);
	free(s->issuer);
	EVP_PKEY_free(s->key); /* OpenSSL clears key material on free */
	dumps_restore();
	X509_free(s->ca);
	free(s);
}

/* Signs tbs with the context set up at open (a copy of it: the pool signs
 * on several threads); the signature is malloc'd. */
static int
sign_tbs(struct local_signer *s, const unsigned char *tbs, size_t tbs_len, unsigned char **sig,
    size_t *sig_len, struct pki_error *err)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	int r = 0;

	*sig = NULL;
	if (mctx == NULL)
		return pki_err_nomem(err);
	if (!EVP_MD_CTX_copy_ex(mctx, s->sign_ctx)) {
		/* a key type whose context does not copy: a fresh one */
		unsigned char alg[sizeof s->alg_der];
		size_t alg_len;

		EVP_MD_CTX_free(mctx);
		if (sign_init(s->key, &mctx, alg, sizeof alg, &alg_len) != 0)
			return pki_err_crypto(err, _("Cannot sign the certificate"));
	}
	if (EVP_DigestSign(mctx, NULL, sig_len, tbs, tbs_len) <= 0)
		r = pki_err_crypto(err, _("Cannot sign the certificate"));
	else if ((*sig = malloc(*sig_len)) == NULL)
		r = pki_err_nomem(err);
	else if (EVP_DigestSign(mctx, *sig, sig_len, tbs, tbs_len) <= 0)
		r = pki_err_crypto(err, _("Cannot sign the certificate"));
	EVP_MD_CTX_free(mctx);
	if (r != 0) {
		free(*sig);
		*sig = NULL;
	}
	return r;
}

static int
local_issue(pki_signer *sp, const struct pki_issue_req *ir, unsigned char **der, size_t *der_len,
    struct pki_issued *info, struct pki_error *err)
{
	struct local_signer *s = (struct local_signer *)sp;
	struct pki_req_parts req;
	struct pki_tbs_out tbs;
	struct pki_error lerr;
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	int r;

	*der = NULL;
	*der_len = 0;
	memset(info, 0, sizeof *info);
	if ((r = pki_req_parts_parse(ir->csr_der, ir->csr_len, &req, err)) != 0)
		return r;
	if ((r = pki_tbs_build(s->ca, &req, ir, s->alg_der, s->alg_len, &tbs, err)) != 0)
		goto out;
	/* Lint before sign: only a certificate that passes is signed with the
	 * CA key, and what is signed is the TBSCertificate linted. */
	if ((r = pki_lint_tbs_der(tbs.der, tbs.len, s->ca, req.subject, ir->usage, &lerr)) != 0 ||
	    (r = pki_lint_sigalg(s->alg, &lerr)) != 0) {
		pki_err_set(err, r, "lint", _("The certificate was not signed: %s"), lerr.msg);
		goto out;
	}
	if ((r = sign_tbs(s, tbs.der, tbs.len, &sig, &sig_len, err)) != 0 ||
	    (r = pki_crl_assemble(tbs.der, tbs.len, s->alg_der, s->alg_len, sig, sig_len, der,
	         der_len, err)) != 0)
		goto out;
	info->not_before = tbs.not_before;
	info->not_after = tbs.not_after;
	info->sans = tbs.sans;
	tbs.sans = NULL;
	if ((info->subject = pki_name_string(req.subject)) == NULL ||
	    (info->issuer = strdup(s->issuer)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
out:
	if (r != 0) {
		free(*der);
		*der = NULL;
		*der_len = 0;
		free(info->subject);
		free(info->issuer);
		free(info->sans);
		memset(info, 0, sizeof *info);
	}
	free(sig);
	free(tbs.der);
	free(tbs.sans);
	pki_req_parts_clear(&req);
	return r;
}

static int
local_sign_crl(pki_signer *sp, pki_crl_builder *b, unsigned char **der, size_t *len,
    struct pki_error *err)
{
	struct local_signer *s = (struct local_signer *)sp;
	EVP_MD_CTX *mctx = NULL;
	unsigned char alg[256], *tbs = NULL, *sig = NULL;
	size_t alg_len, tbs_len = 0, sig_len = 0;
	int r;

	*der = NULL;
	*len = 0;
	/* The provider names the AlgorithmIdentifier that goes into the TBS. */
	if (sign_init(s->key, &mctx, alg, sizeof alg, &alg_len) != 0) {
		r = pki_err_crypto(err, _("Cannot sign the CRL"));
		goto out;
	}
	if ((r = pki_crl_builder_tbs(b, alg, alg_len, &tbs, &tbs_len, err)) != 0)
		goto out;
	if (EVP_DigestSign(mctx, NULL, &sig_len, tbs, tbs_len) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the CRL"));
		goto out;
	}
	if ((sig = malloc(sig_len)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (EVP_DigestSign(mctx, sig, &sig_len, tbs, tbs_len) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the CRL"));
		goto out;
	}
	r = pki_crl_assemble(tbs, tbs_len, alg, alg_len, sig, sig_len, der, len, err);
out:
	free(sig);
	free(tbs);
	EVP_MD_CTX_free(mctx);
	return r;
}

static int
local_renew_self(pki_signer *sp, long days, unsigned char **der, size_t *len, struct pki_error *err)
{
	struct local_signer *s = (struct local_signer *)sp;
	pki_x509 *x = NULL;
	int r;

	*der = NULL;
	*len = 0;
	if ((r = pki_cert_self_renewed((const pki_key *)s->key, (const pki_x509 *)s->ca, days, &x,
	         err)) == 0)
		r = pki_x509_der(x, der, len, err);
	pki_x509_free(&x);
	return r;
}

static const struct pki_signer_ops local_ops = {
	.issue = local_issue,
	.sign_crl = local_sign_crl,
	.renew_self = local_renew_self,
	.close = local_close,
};
