/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_chain.c: the CA hierarchy's certificate chains. An intermediate
 * CA configured from an existing pair is checked up to a self-signed root
 * with the chain the operator gives; the chain is kept as PEM, nearest
 * issuer first, and delivered with every certificate. A client importing
 * certificates from removable media checks them the same way, and that a
 * certificate is for the key of a request it made.
 */
#include "x509/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

/* At most this many certificates in a chain file. */
#define CHAIN_MAX 16

bool
pki_x509_self_signed(const pki_x509 *x)
{
	bool ss = X509_self_signed(X509P(x), 1) == 1;

	ERR_clear_error();
	return ss;
}

/* Every PEM certificate in data; NULL with *bad set when one does not parse. */
static STACK_OF(X509) *
    read_pem_certs(const unsigned char *data, size_t len, const char *what, struct pki_error *err,
        int *r)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	BIO *b = NULL;
	X509 *x;

	*r = 0;
	if (sk == NULL || len > INT32_MAX || (b = BIO_new_mem_buf(data, (int)len)) == NULL) {
		*r = pki_err_nomem(err);
		goto fail;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (sk_X509_num(sk) >= CHAIN_MAX || !sk_X509_push(sk, x)) {
			X509_free(x);
			*r = pki_err_set(err, PKI_ERR_INVALID, "chain",
			    _("%s holds more than %d certificates"), what, CHAIN_MAX);
			goto fail;
		}
	}
	/* The loop ends at the end of the data, or at something not PEM. */
	if (ERR_GET_REASON(ERR_peek_last_error()) != PEM_R_NO_START_LINE || sk_X509_num(sk) == 0) {
		*r = pki_err_set(err, PKI_ERR_INVALID, "chain",
		    _("%s is not a list of PEM certificates"), what);
		goto fail;
	}
	ERR_clear_error();
	BIO_free(b);
	return sk;
fail:
	ERR_clear_error();
	BIO_free(b);
	sk_X509_pop_free(sk, X509_free);
	return NULL;
}

/*
 * Verifies x with the certificates of sk: the self-signed ones are the
 * trust anchors, the others untrusted intermediates. On success *out is
 * the chain above x (nearest issuer first, the root last) as PEM.
 */
static int
verify_with(X509 *x, STACK_OF(X509) * sk, const char *subject_what, char **out,
    struct pki_error *err)
{
	X509_STORE *xs = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = sk_X509_new_null(), *built = NULL;
	BIO *b = NULL;
	size_t len = 0;
	int r = 0, roots = 0, i;

	*out = NULL;
	if (xs == NULL || ctx == NULL || untrusted == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (i = 0; i < sk_X509_num(sk); i++) {
		X509 *c = sk_X509_value(sk, i);
		if (X509_cmp(c, x) == 0)
			continue; /* the certificate itself, as in a full chain file */
		if (X509_self_signed(c, 1) == 1) {
			if (!X509_STORE_add_cert(xs, c)) {
				r = pki_err_crypto(err,
				    _("Cannot set up certificate verification"));
				goto out;
			}
			roots++;
		} else if (!sk_X509_push(untrusted, c)) {
			r = pki_err_nomem(err);
			goto out;
		}
	}
	ERR_clear_error();
	if (roots == 0) {
		r = pki_err_set(err, PKI_ERR_INVALID, "chain",
		    _("The chain has no self-signed root certificate: give the root and any "
		      "intermediates"));
		goto out;
	}
	if (!X509_STORE_CTX_init(ctx, xs, x, untrusted)) {
		r = pki_err_crypto(err, _("Cannot set up certificate verification"));
		goto out;
	}
	if (X509_verify_cert(ctx) != 1) {
		r = pki_err_set(err, PKI_ERR_INVALID, "chain",
		    _("%s does not verify up to a self-signed root with the chain given: %s"),
		    subject_what, X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
		ERR_clear_error();
		goto out;
	}
	if ((built = X509_STORE_CTX_get1_chain(ctx)) == NULL ||
	    (b = BIO_new(BIO_s_mem())) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (i = 1; i < sk_X509_num(built); i++)
		if (!PEM_write_bio_X509(b, sk_X509_value(built, i))) {
			r = pki_err_crypto(err, _("Cannot encode the certificate"));
			goto out;
		}
	{
		char *p = NULL;
		long n = BIO_get_mem_data(b, &p);
		len = n > 0 ? (size_t)n : 0;
		if ((*out = malloc(len + 1)) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		if (len > 0)
			memcpy(*out, p, len);
		(*out)[len] = '\0';
	}
out:
	BIO_free(b);
	sk_X509_pop_free(built, X509_free);
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(xs);
	return r;
}

int
pki_chain_build(const pki_x509 *cert, const unsigned char *data, size_t len, const char *what,
    char **chain_pem, struct pki_error *err)
{
	STACK_OF(X509) * sk;
	int r;

	*chain_pem = NULL;
	if ((sk = read_pem_certs(data, len, what, err, &r)) == NULL)
		return r;
	r = verify_with(X509P(cert), sk, _("The Certificate Authority certificate"), chain_pem,
	    err);
	sk_X509_pop_free(sk, X509_free);
	return r;
}

int
pki_chain_verify_pem(const char *cert_pem, const char *chain_pem, const char *what, char **above,
    struct pki_error *err)
{
	STACK_OF(X509) *sk = NULL;
	BIO *b;
	X509 *x = NULL;
	int r;

	*above = NULL;
	if ((b = BIO_new_mem_buf(cert_pem, -1)) == NULL)
		return pki_err_nomem(err);
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (x == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "cert",
		    _("%s is not an X.509 certificate in PEM form"), what);
	if ((sk = read_pem_certs((const unsigned char *)chain_pem, strlen(chain_pem), what, err,
	         &r)) != NULL) {
		r = verify_with(x, sk, what, above, err);
		sk_X509_pop_free(sk, X509_free);
	}
	X509_free(x);
	return r;
}

int
pki_x509_matches_csr(const pki_x509 *x, const unsigned char *csr, size_t len)
{
	X509_REQ *req = NULL;
	struct pki_error ignored;
	EVP_PKEY *pk;
	int same = 0;

	pki_error_clear(&ignored);
	if (pki_req_read(csr, len, &req, &ignored) == 0 && (pk = X509_REQ_get0_pubkey(req)) != NULL)
		same = EVP_PKEY_eq(pk, X509_get0_pubkey(CX509P(x))) == 1;
	X509_REQ_free(req);
	ERR_clear_error();
	return same;
}

/* ------------------------------------------------- x509_strict for check */

struct pki_strict {
	X509_STORE *store;
	STACK_OF(X509) * untrusted;
};

void
pki_strict_free(pki_strict **s)
{
	if (s == NULL || *s == NULL)
		return;
	X509_STORE_free((*s)->store);
	sk_X509_pop_free((*s)->untrusted, X509_free);
	free(*s);
	*s = NULL;
}

/* Adds x (a new reference) as a trust anchor when self-signed, else as an
 * untrusted intermediate; returns whether a trust anchor was added. */
static bool
strict_add(pki_strict *s, X509 *x, bool *ok)
{
	bool root = X509_self_signed(x, 0) == 1;

	ERR_clear_error();
	if (root ? X509_STORE_add_cert(s->store, x) != 1
	         : !X509_up_ref(x) || !sk_X509_push(s->untrusted, x))
		*ok = false;
	return root;
}

int
pki_strict_new(const pki_x509 *ca, const char *chain_pem, pki_strict **out, struct pki_error *err)
{
	pki_strict *s;
	STACK_OF(X509) *chain = NULL;
	bool ok = true, anchored;
	int r = 0;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL || (s->store = X509_STORE_new()) == NULL ||
	    (s->untrusted = sk_X509_new_null()) == NULL) {
		pki_strict_free(&s);
		return pki_err_nomem(err);
	}
	anchored = strict_add(s, X509P(ca), &ok);
	if (chain_pem != NULL && chain_pem[0] != '\0') {
		chain = read_pem_certs((const unsigned char *)chain_pem, strlen(chain_pem),
		    _("the stored chain"), err, &r);
		if (chain == NULL) {
			pki_strict_free(&s);
			return r;
		}
		for (int i = 0; i < sk_X509_num(chain); i++)
			anchored |= strict_add(s, sk_X509_value(chain, i), &ok);
		sk_X509_pop_free(chain, X509_free);
	}
	/* No root stored: the CA itself is the anchor, as -partial_chain. */
	if (!anchored && X509_STORE_add_cert(s->store, X509P(ca)) != 1)
		ok = false;
	if (!ok) {
		ERR_clear_error();
		pki_strict_free(&s);
		return pki_err_nomem(err);
	}
	X509_STORE_set_flags(s->store,
	    X509_V_FLAG_X509_STRICT | X509_V_FLAG_NO_CHECK_TIME |
	        (anchored ? 0 : X509_V_FLAG_PARTIAL_CHAIN));
	*out = s;
	return 0;
}

int
pki_strict_verify(const pki_strict *s, const pki_x509 *x, const char **why)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int code = X509_V_ERR_OUT_OF_MEM;

	if (ctx != NULL && X509_STORE_CTX_init(ctx, s->store, X509P(x), s->untrusted) == 1)
		code = X509_verify_cert(ctx) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
	*why = X509_verify_cert_error_string(code);
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return code;
}
