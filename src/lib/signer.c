/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signer.c: the only code that opens the CA private key. It unlocks the key
 * with the operator's password, checks that the key and certificate on the
 * mounted media are the ones this CA server was configured with, signs, and
 * frees the key on close. The web service never links a path to here.
 *
 * It refuses a key file that other users can read or write (or whose
 * directory they can write), and while a key is unlocked the process
 * cannot dump core or be attached to (PR_SET_DUMPABLE 0, RLIMIT_CORE 0):
 * the previous settings come back when the last signer closes.
 */
#include "crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <openssl/core_names.h>
#include <openssl/err.h>

struct pki_signer {
	EVP_PKEY *key;
	X509 *ca;
	/* Certificates: a signing context set up once, copied per certificate
	 * (a fresh one fetches the algorithms again), and its
	 * AlgorithmIdentifier, DER and decoded. */
	EVP_MD_CTX *sign_ctx;
	unsigned char alg_der[128];
	size_t alg_len;
	X509_ALGOR *alg;
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
	if (stat(dir, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)))
		return pki_err_set(err, PKI_ERR_INVALID, "key",
		    _("The directory \"%s\" of the Certificate Authority's private key can be written "
		      "by other users (mode %04o): ncpki will not use the key. Make it private with "
		      "\"chmod 700 %s\"."), dir, (unsigned)(st.st_mode & 07777), dir);
	return 0;
}

/* A DigestSign context for the key and the AlgorithmIdentifier it signs
 * with, named by the provider. */
static int
sign_init(EVP_PKEY *key, EVP_MD_CTX **out, unsigned char *alg, size_t alg_size,
          size_t *alg_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	OSSL_PARAM params[2];

	*out = NULL;
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_SIGNATURE_PARAM_ALGORITHM_ID, alg,
	                                              alg_size);
	params[1] = OSSL_PARAM_construct_end();
	if (mctx == NULL || EVP_DigestSignInit(mctx, &pctx, pki_sign_md(key), NULL, key) <= 0 ||
	    EVP_PKEY_CTX_get_params(pctx, params) <= 0 ||
	    (*alg_len = params[0].return_size) == 0 || *alg_len > alg_size) {
		EVP_MD_CTX_free(mctx);
		return -1;
	}
	*out = mctx;
	return 0;
}

static int
sign_setup(pki_signer *s, struct pki_error *err)
{
	const unsigned char *p = s->alg_der;

	if (sign_init(s->key, &s->sign_ctx, s->alg_der, sizeof s->alg_der, &s->alg_len) != 0 ||
	    (s->alg = d2i_X509_ALGOR(NULL, &p, (long)s->alg_len)) == NULL)
		return pki_err_crypto(err, _("Cannot sign with the Certificate Authority's key"));
	return 0;
}

int
pki_signer_open(pki_store *store, const char *password, size_t len, pki_signer **out,
                struct pki_error *err)
{
	struct pki_ca_row row;
	pki_signer *s = NULL;
	pki_x509 *ca = NULL;
	pki_key *key = NULL;
	unsigned char *data = NULL;
	size_t dlen = 0;
	bool dumped = false;
	char *dir = NULL, *key_path = NULL, *cer_path = NULL;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	int r;

	*out = NULL;
	if ((r = pki_store_ca_get(store, &row, err)) != 0)
		return r;
	if ((dir = pki_path_resolve(store->home, row.dir)) == NULL ||
	    (key_path = pki_path_join3(dir, row.root, ".key")) == NULL ||
	    (cer_path = pki_path_join3(dir, row.root, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (!pki_path_exists(key_path)) {
		r = pki_err_set(err, PKI_ERR_KEY_UNAVAILABLE, NULL,
		    _("The Certificate Authority's private key file \"%s\" is not available: "
		      "mount the media that holds it and try again."), key_path);
		goto out;
	}
	if ((r = check_key_modes(dir, key_path, err)) != 0) {
		pki_audit_refusal(store, "ca-key-unlock", key_path, err->msg);
		goto out;
	}
	dumps_off();
	dumped = true;
	if ((r = pki_file_read(cer_path, PKI_CERT_MAX_BYTES, &data, &dlen, err)) != 0)
		goto out;
	r = pki_x509_load(data, dlen, &ca, NULL, err);
	free(data);
	data = NULL;
	if (r != 0 || (r = pki_x509_fingerprints(ca, sha1, sha256, err)) != 0)
		goto out;
	if (strcmp(sha256, row.sha256) != 0) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The certificate \"%s\" is not the one this Certificate Authority server "
		      "was configured with (SHA-256 %s expected)"), cer_path, row.sha256);
		goto out;
	}
	if ((r = pki_file_read(key_path, PKI_CERT_MAX_BYTES, &data, &dlen, err)) != 0)
		goto out;
	if ((r = pki_key_load(data, dlen, password, len, &key, NULL, err)) != 0) {
		if (r == PKI_ERR_PASSWORD && password != NULL && len > 0) {
			pki_err_set(err, r, "password",
			    _("Wrong password for the Certificate Authority's private key file"));
			pki_audit_refusal(store, "ca-key-unlock", key_path, err->msg);
		}
		else if (r == PKI_ERR_PASSWORD)
			pki_err_set(err, r, "password",
			    _("The Certificate Authority's private key file is encrypted: its password is needed"));
		goto out;
	}
	if (!pki_x509_matches_key(ca, key)) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The private key \"%s\" does not match the certificate \"%s\""),
		    key_path, cer_path);
		goto out;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	s->key = PKEY(key);
	s->ca = X509P(ca);
	if ((r = sign_setup(s, err)) != 0) {
		EVP_MD_CTX_free(s->sign_ctx);
		X509_ALGOR_free(s->alg);
		free(s);
		s = NULL;
		goto out;
	}
	key = NULL;
	dumped = false;   /* now the signer's, until pki_signer_close */
	ca = NULL;
	*out = s;
out:
	pki_secret_free(data, dlen);
	pki_key_free(&key);
	pki_x509_free(&ca);
	free(dir);
	free(key_path);
	free(cer_path);
	if (dumped)
		dumps_restore();
	pki_ca_row_clear(&row);
	return r;
}

void
pki_signer_close(pki_signer **sp)
{
	pki_signer *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	EVP_MD_CTX_free(s->sign_ctx);
	X509_ALGOR_free(s->alg);
	EVP_PKEY_free(s->key);   /* OpenSSL clears key material on free */
	dumps_restore();
	X509_free(s->ca);
	free(s);
	*sp = NULL;
}

const pki_x509 *
pki_signer_ca(const pki_signer *s)
{
	return (const pki_x509 *)s->ca;
}

/* Signs tbs with the context set up at open (a copy of it: the pool signs
 * on several threads); the signature is malloc'd. */
static int
sign_tbs(pki_signer *s, const unsigned char *tbs, size_t tbs_len, unsigned char **sig,
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

int
pki_signer_issue(pki_signer *s, const struct pki_issue_req *ir, unsigned char **der,
                 size_t *der_len, pki_x509 **built, struct pki_error *err)
{
	struct pki_req_parts req;
	struct pki_error lerr;
	const X509_ALGOR *outer;
	unsigned char *tbs = NULL, *sig = NULL;
	size_t sig_len = 0;
	X509 *x = NULL;
	int tl, r;

	*der = NULL;
	*der_len = 0;
	if (built != NULL)
		*built = NULL;
	if ((r = pki_req_parts_parse(ir->csr_der, ir->csr_len, &req, err)) != 0)
		return r;
	if ((r = pki_cert_build(s->ca, &req, ir, &x, err)) != 0)
		goto out;
	/* The signature's algorithm in the TBSCertificate and outside it. */
	X509_get0_signature(NULL, &outer, x);
	if (!X509_ALGOR_copy((X509_ALGOR *)X509_get0_tbs_sigalg(x), s->alg) ||
	    !X509_ALGOR_copy((X509_ALGOR *)outer, s->alg) ||
	    (tl = i2d_re_X509_tbs(x, &tbs)) <= 0) {
		r = pki_err_crypto(err, _("Cannot encode the certificate"));
		goto out;
	}
	/* Lint before sign: only a certificate that passes is signed with the
	 * CA key, and what is signed is the TBSCertificate linted. */
	if ((r = pki_lint_tbs_der(tbs, (size_t)tl, s->ca, req.subject, ir->usage, &lerr)) != 0 ||
	    (r = pki_lint_final(x, &lerr)) != 0) {
		pki_err_set(err, r, "lint", _("The certificate was not signed: %s"), lerr.msg);
		goto out;
	}
	if ((r = sign_tbs(s, tbs, (size_t)tl, &sig, &sig_len, err)) != 0 ||
	    (r = pki_crl_assemble(tbs, (size_t)tl, s->alg_der, s->alg_len, sig, sig_len, der,
	        der_len, err)) != 0)
		goto out;
	if (built != NULL) {
		*built = (pki_x509 *)x;
		x = NULL;
	}
out:
	free(sig);
	OPENSSL_free(tbs);
	X509_free(x);
	pki_req_parts_clear(&req);
	return r;
}

int
pki_signer_sign_crl(pki_signer *s, pki_crl_builder *b, unsigned char **der, size_t *len,
                    struct pki_error *err)
{
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

int
pki_signer_check(pki_store *store, const pki_signer *s, struct pki_error *err)
{
	struct pki_ca_row row;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	int r;

	if ((r = pki_store_ca_get(store, &row, err)) != 0)
		return r;
	if ((r = pki_x509_fingerprints(pki_signer_ca(s), sha1, sha256, err)) == 0 &&
	    strcmp(sha256, row.sha256) != 0)
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The unlocked key belongs to another Certificate Authority configuration"));
	pki_ca_row_clear(&row);
	return r;
}
