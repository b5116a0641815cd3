/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crypto_ocsp.c: the OpenSSL side of the OCSP responder (RFC 6960): the
 * delegated signer loaded from its key file and certificate, requests
 * parsed into plain CertIDs (is the issuer this CA, which serial, the
 * CertID's own encoding as a cache key), and successful responses signed
 * with the responder named by key hash and the signer's certificate
 * included, so a client verifies the delegation against the CA alone.
 */
#include "x509/crypto.h"
#include "services/ocsp_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>

/* The CertID hash algorithms recognised, with the CA's hashes for each. */
#define OCSP_NALGS 4

struct pki_ocsp_key {
	EVP_PKEY *pkey;
	X509 *cert;
	time_t not_after;
	struct {
		int nid;
		unsigned int len;
		unsigned char name[EVP_MAX_MD_SIZE];
		unsigned char key[EVP_MAX_MD_SIZE];
	} ca[OCSP_NALGS];
};

void
pki_ocsp_key_free(pki_ocsp_key **kp)
{
	pki_ocsp_key *k;

	if (kp == NULL || (k = *kp) == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	X509_free(k->cert);
	free(k);
	*kp = NULL;
}

time_t
pki_ocsp_key_not_after(const pki_ocsp_key *k)
{
	return k->not_after;
}

static int
ca_hashes(pki_ocsp_key *k, X509 *ca, struct pki_error *err)
{
	const EVP_MD *mds[OCSP_NALGS] = { EVP_sha1(), EVP_sha256(), EVP_sha384(), EVP_sha512() };
	unsigned int len;

	for (size_t i = 0; i < OCSP_NALGS; i++) {
		k->ca[i].nid = EVP_MD_get_type(mds[i]);
		/* issuerNameHash: the DER of the CA's subject; issuerKeyHash: the
		 * value of its subjectPublicKey BIT STRING (RFC 6960 4.1.1). */
		if (!X509_NAME_digest(X509_get_subject_name(ca), mds[i], k->ca[i].name, &len) ||
		    !X509_pubkey_digest(ca, mds[i], k->ca[i].key, &k->ca[i].len) ||
		    len != k->ca[i].len)
			return pki_err_crypto(err, _("Cannot hash the CA certificate for OCSP"));
	}
	return 0;
}

static X509 *
der_to_x509(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);

	if (x != NULL && p != der + len) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

int
pki_ocsp_key_new(const unsigned char *key_file, size_t key_len, const unsigned char *cert_der,
    size_t cert_len, const unsigned char *ca_der, size_t ca_len, pki_ocsp_key **out,
    struct pki_error *err)
{
	pki_ocsp_key *k = NULL;
	pki_key *key = NULL;
	X509 *ca = NULL;
	EVP_PKEY *capub;
	int r = 0;

	*out = NULL;
	if ((k = calloc(1, sizeof *k)) == NULL)
		return pki_err_nomem(err);
	if ((ca = der_to_x509(ca_der, ca_len)) == NULL ||
	    (k->cert = der_to_x509(cert_der, cert_len)) == NULL) {
		r = pki_err_crypto(err, _("Cannot read the OCSP signer's or the CA's certificate"));
		goto out;
	}
	if ((r = pki_key_load(key_file, key_len, NULL, 0, &key, NULL, err)) != 0)
		goto out;
	k->pkey = PKEY(key);
	key = NULL;
	if (X509_check_private_key(k->cert, k->pkey) != 1) {
		ERR_clear_error();
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The OCSP key file is not the key of the OCSP signing certificate"));
		goto out;
	}
	capub = X509_get0_pubkey(ca);
	if (capub == NULL || X509_check_issued(ca, k->cert) != X509_V_OK ||
	    X509_verify(k->cert, capub) != 1 ||
	    !(X509_get_extension_flags(k->cert) & EXFLAG_XKUSAGE) ||
	    !(X509_get_extended_key_usage(k->cert) & XKU_OCSP_SIGN)) {
		ERR_clear_error();
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The OCSP signing certificate is not an OCSP signer issued by this "
		      "Certificate Authority"));
		goto out;
	}
	k->not_after = pki_asn1_time(X509_get0_notAfter(k->cert));
	if ((r = ca_hashes(k, ca, err)) != 0)
		goto out;
	*out = k;
	k = NULL;
out:
	pki_key_free(&key);
	X509_free(ca);
	pki_ocsp_key_free(&k);
	return r;
}

/* ------------------------------------------------------------- requests */

void
pki_ocsp_req_clear(struct pki_ocsp_req *q)
{
	if (q == NULL)
		return;
	OCSP_REQUEST_free(q->req);
	free(q->ids);
	memset(q, 0, sizeof *q);
}

static bool
hash_is(const ASN1_OCTET_STRING *h, const unsigned char *want, unsigned int len)
{
	return ASN1_STRING_length(h) == (int)len &&
	    memcmp(ASN1_STRING_get0_data(h), want, len) == 0;
}

static void
certid_read(const pki_ocsp_key *k, OCSP_CERTID *cid, struct pki_ocsp_certid *id)
{
	ASN1_OCTET_STRING *nh = NULL, *kh = NULL;
	ASN1_OBJECT *md = NULL;
	ASN1_INTEGER *sn = NULL;
	unsigned char *p;
	uint64_t v;
	int nid, len;

	memset(id, 0, sizeof *id);
	if (!OCSP_id_get0_info(&nh, &md, &kh, &sn, cid))
		return;
	nid = OBJ_obj2nid(md);
	for (size_t i = 0; i < OCSP_NALGS; i++)
		if (k->ca[i].nid == nid) {
			id->ours = hash_is(nh, k->ca[i].name, k->ca[i].len) &&
			    hash_is(kh, k->ca[i].key, k->ca[i].len);
			break;
		}
	/* Negative, zero or past what the serial counter reaches: never issued. */
	if (ASN1_INTEGER_get_uint64(&v, sn) == 1 && v >= 1 && v < (UINT64_C(1) << 63)) {
		id->serial_ok = true;
		id->serial = v;
	} else
		(void)pki_asn1_serial_hex(sn, id->serial_number);
	ERR_clear_error();
	len = i2d_OCSP_CERTID(cid, NULL);
	if (len > 0 && len <= PKI_OCSP_CERTID_MAX) {
		p = id->der;
		if (i2d_OCSP_CERTID(cid, &p) == len)
			id->der_len = (size_t)len;
	}
}

/*
 * The length of a request's nonce (RFC 8954 2.1: the extension's value is
 * the DER of an OCTET STRING); a value that is not one, as some old
 * clients send, counts whole.
 */
static size_t
nonce_length(X509_EXTENSION *ext)
{
	const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(ext);
	const unsigned char *p = ASN1_STRING_get0_data(v);
	const unsigned char *end = p + ASN1_STRING_length(v);
	ASN1_OCTET_STRING *inner;
	size_t n = (size_t)ASN1_STRING_length(v);

	inner = d2i_ASN1_OCTET_STRING(NULL, &p, (long)n);
	if (inner != NULL && p == end)
		n = (size_t)ASN1_STRING_length(inner);
	ASN1_OCTET_STRING_free(inner);
	ERR_clear_error();
	return n;
}

int
pki_ocsp_req_parse(const pki_ocsp_key *k, const unsigned char *der, size_t len,
    struct pki_ocsp_req *out)
{
	const unsigned char *p = der;
	OCSP_REQUEST *req;
	int n;

	memset(out, 0, sizeof *out);
	if (der == NULL || len == 0 || len > PKI_OCSP_REQUEST_MAX)
		return PKI_ERR_INVALID;
	req = d2i_OCSP_REQUEST(NULL, &p, (long)len);
	if (req == NULL || p != der + len) {
		OCSP_REQUEST_free(req);
		ERR_clear_error();
		return PKI_ERR_INVALID;
	}
	out->req = req;
	n = OCSP_request_onereq_count(req);
	if (n <= 0 || n > PKI_OCSP_CERTS_MAX) {
		pki_ocsp_req_clear(out);
		return PKI_ERR_INVALID;
	}
	if ((out->ids = calloc((size_t)n, sizeof *out->ids)) == NULL) {
		pki_ocsp_req_clear(out);
		return PKI_ERR_NOMEM;
	}
	out->n = (size_t)n;
	for (int i = 0; i < n; i++)
		certid_read(k, OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, i)), &out->ids[i]);
	n = OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce, -1);
	if (n >= 0) {
		size_t nlen = nonce_length(OCSP_REQUEST_get_ext(req, n));

		/* one nonce, of 1 to 32 octets */
		if (nlen < 1 || nlen > PKI_OCSP_NONCE_MAX ||
		    OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce, n) >= 0) {
			pki_ocsp_req_clear(out);
			return PKI_ERR_INVALID;
		}
		out->nonce = true;
	}
	return 0;
}

/* ------------------------------------------------------------ responses */

static int
add_single(OCSP_BASICRESP *bs, OCSP_CERTID *cid, const struct pki_ocsp_single *s, ASN1_TIME *tu,
    ASN1_TIME *nu)
{
	static const int codes[] = { V_OCSP_CERTSTATUS_GOOD, V_OCSP_CERTSTATUS_REVOKED,
		V_OCSP_CERTSTATUS_UNKNOWN };
	OCSP_SINGLERESP *one;
	ASN1_TIME *rt = NULL;
	ASN1_GENERALIZEDTIME *inval = NULL;
	int reason = OCSP_REVOKED_STATUS_NOSTATUS, ok = 0;

	if (s->status == PKI_OCSP_REVOKED) {
		if ((rt = ASN1_TIME_set(NULL, s->revoked_at)) == NULL)
			return 0;
		/* As in the CRL (RFC 5280 5.3.1): no reason rather than unspecified. */
		if (s->reason != PKI_REASON_UNSPECIFIED)
			reason = s->reason;
	}
	one = OCSP_basic_add1_status(bs, cid, codes[s->status], reason, rt, tu, nu);
	if (one == NULL)
		goto out;
	if (s->status == PKI_OCSP_REVOKED && s->invalidity_date != 0) {
		if ((inval = ASN1_GENERALIZEDTIME_set(NULL, s->invalidity_date)) == NULL ||
		    !OCSP_SINGLERESP_add1_ext_i2d(one, NID_invalidity_date, inval, 0, 0))
			goto out;
	}
	ok = 1;
out:
	ASN1_TIME_free(rt);
	ASN1_GENERALIZEDTIME_free(inval);
	return ok;
}

int
pki_ocsp_sign(const pki_ocsp_key *k, const struct pki_ocsp_req *q, const struct pki_ocsp_single *s,
    bool echo_nonce, time_t this_update, time_t next_update, unsigned char **der, size_t *len,
    struct pki_error *err)
{
	OCSP_BASICRESP *bs = OCSP_BASICRESP_new();
	OCSP_RESPONSE *resp = NULL;
	OCSP_REQUEST *req = q->req;
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	ASN1_TIME *tu = ASN1_GENERALIZEDTIME_set(NULL, this_update);
	ASN1_TIME *nu = ASN1_GENERALIZEDTIME_set(NULL, next_update);
	unsigned char *buf = NULL, *p;
	int n, r = 0;

	*der = NULL;
	*len = 0;
	if (bs == NULL || mctx == NULL || tu == NULL || nu == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < q->n; i++)
		if (!add_single(bs, OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, (int)i)),
		        &s[i], tu, nu)) {
			r = pki_err_crypto(err, _("Cannot build the OCSP response"));
			goto out;
		}
	if (echo_nonce && q->nonce && OCSP_copy_nonce(bs, req) <= 0) {
		r = pki_err_crypto(err, _("Cannot copy the OCSP request's nonce"));
		goto out;
	}
	if (EVP_DigestSignInit(mctx, NULL, pki_sign_md(k->pkey), NULL, k->pkey) <= 0 ||
	    !OCSP_basic_sign_ctx(bs, k->cert, mctx, NULL, OCSP_RESPID_KEY) ||
	    (resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs)) == NULL ||
	    (n = i2d_OCSP_RESPONSE(resp, NULL)) <= 0) {
		r = pki_err_crypto(err, _("Cannot sign the OCSP response"));
		goto out;
	}
	if ((buf = malloc((size_t)n)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	p = buf;
	if (i2d_OCSP_RESPONSE(resp, &p) != n) {
		r = pki_err_crypto(err, _("Cannot encode the OCSP response"));
		goto out;
	}
	*der = buf;
	*len = (size_t)n;
	buf = NULL;
out:
	free(buf);
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	EVP_MD_CTX_free(mctx);
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	return r;
}
