/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ocsp.c: the OCSP responder's answers read back by OpenSSL's own
 * OCSP code (requests are made here with OCSP_cert_id_new, not with the
 * library): no signer gives unauthorized; the delegated signer's
 * certificate; good, revoked (reason, time, invalidity date), unknown;
 * a hold and its release; responses verified against the CA alone;
 * nonces echoed and signed fresh, nonce-less answers pre-signed and
 * served again byte for byte until a revocation through another
 * connection (or this one) changes the status; malformed input answered
 * malformedRequest with the five-byte response; a flood of unknown
 * serials leaves the pre-signed answers about real ones; another issuer
 * unauthorized; the GET form's base64 and URL decoding; a renewal.
 */
#include "config.h"

#include "testutil.h"
#include "services/ocsp_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

struct octx {
	struct tctx *t;
	pki_ocsp_responder *resp;
	pki_signer *signer;
	X509 *ca;
	uint64_t good, other;
};

static int
ocsp_setup(void **state)
{
	struct octx *o = calloc(1, sizeof *o);
	struct pki_server_result res;
	struct pki_cert_info ci;
	struct tctx *t;
	char *pem = NULL;

	if (o == NULL || tctx_setup((void **)&o->t) != 0)
		return -1;
	t = o->t;
	configure_test_ca(t, 3650, 365, &res);
	pki_server_result_clear(&res);
	/* OCSP is asked by the counter serials (a new CA is random by default) */
	assert_pki_ok(pki_server_set_serial_mode(t->store, false, &t->err), &t->err);
	o->signer = test_open_signer(t);
	assert_pki_ok(pki_csr_issue(t->store, o->signer,
	                  submit_csr(t, TKEY_P256, "a", "a.example.com", NULL), PKI_USAGE_TLS, &ci,
	                  &t->err),
	    &t->err);
	o->good = ci.serial;
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_csr_issue(t->store, o->signer,
	                  submit_csr(t, TKEY_P256, "b", "b.example.com", NULL), PKI_USAGE_CODESIGN,
	                  &ci, &t->err),
	    &t->err);
	o->other = ci.serial;
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_ca_cert_pem(t->store, &pem, &t->err), &t->err);
	o->ca = pem_to_x509(pem);
	free(pem);
	assert_pki_ok(pki_ocsp_responder_new(&o->resp, &t->err), &t->err);
	*state = o;
	return 0;
}

static int
ocsp_teardown(void **state)
{
	struct octx *o = *state;

	pki_ocsp_responder_free(&o->resp);
	pki_signer_close(&o->signer);
	X509_free(o->ca);
	tctx_teardown((void **)&o->t);
	free(o);
	return 0;
}

static void
setup_signer(struct octx *o, long days)
{
	struct pki_ocsp_setup_params p = { .key_type = PKI_KEY_EC_P256, .days = days };
	struct pki_ocsp_signer s;

	assert_pki_ok(pki_ocsp_setup(o->t->store, o->signer, &p, &s, &o->t->err), &o->t->err);
	pki_ocsp_signer_clear(&s);
}

/* A DER request for `serial` of issuer `ca` (hash `md`), with a nonce or not. */
static unsigned char *
make_req(X509 *ca, const EVP_MD *md, uint64_t serial, bool nonce, size_t *len, OCSP_REQUEST **keep)
{
	OCSP_REQUEST *req = OCSP_REQUEST_new();
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	OCSP_CERTID *id;
	unsigned char *der = NULL;
	int n;

	assert_non_null(req);
	assert_true(ASN1_INTEGER_set_uint64(sn, serial));
	id = OCSP_cert_id_new(md, X509_get_subject_name(ca), X509_get0_pubkey_bitstr(ca), sn);
	assert_non_null(id);
	assert_non_null(OCSP_request_add0_id(req, id));
	if (nonce)
		assert_true(OCSP_request_add1_nonce(req, NULL, 16));
	n = i2d_OCSP_REQUEST(req, &der);
	assert_true(n > 0);
	*len = (size_t)n;
	ASN1_INTEGER_free(sn);
	if (keep != NULL)
		*keep = req;
	else
		OCSP_REQUEST_free(req);
	return der;
}

struct answer {
	int resp_status, status, reason;
	time_t revoked_at, this_update, next_update, invalidity;
	bool verified, nonce_ok;
	struct pki_ocsp_answer info;
	unsigned char *der;
	size_t len;
};

static time_t
gtime(const ASN1_GENERALIZEDTIME *t)
{
	struct tm tm;

	assert_true(ASN1_TIME_to_tm(t, &tm));
	return timegm(&tm);
}

/* Asks responder r about `serial` of `issuer` (CertID hashed with md, no
 * nonce); asserts an answer; its summary in info. */
static void
respond_to(struct octx *o, pki_ocsp_responder *r, X509 *issuer, const EVP_MD *md, uint64_t serial,
    struct pki_ocsp_answer *info)
{
	size_t len, rlen = 0;
	unsigned char *resp = NULL, *req = make_req(issuer, md, serial, false, &len, NULL);

	assert_int_equal(pki_ocsp_respond(r, o->t->store, req, len, &resp, &rlen, info, &o->t->err),
	    0);
	free(resp);
	OPENSSL_free(req);
}

/* Asks about `serial` and reads the answer with OpenSSL. */
static void
ask(struct octx *o, pki_store *store, uint64_t serial, bool nonce, struct answer *a)
{
	OCSP_REQUEST *req = NULL;
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs;
	OCSP_CERTID *id;
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	ASN1_GENERALIZEDTIME *rev = NULL, *tu = NULL, *nu = NULL;
	X509_STORE *trust = X509_STORE_new();
	const unsigned char *p;
	size_t len;
	unsigned char *der = make_req(o->ca, EVP_sha1(), serial, nonce, &len, &req);

	memset(a, 0, sizeof *a);
	assert_int_equal(pki_ocsp_respond(o->resp, store, der, len, &a->der, &a->len, &a->info,
	                     &o->t->err),
	    0);
	free(der);
	p = a->der;
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)a->len);
	assert_non_null(resp);
	assert_ptr_equal(p, a->der + a->len);
	a->resp_status = OCSP_response_status(resp);
	assert_int_equal(a->resp_status, a->info.status);
	if (a->resp_status == OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		bs = OCSP_response_get1_basic(resp);
		assert_non_null(bs);
		assert_true(X509_STORE_add_cert(trust, o->ca));
		/* The signer's certificate is in the response; the CA alone is trusted. */
		a->verified = OCSP_basic_verify(bs, NULL, trust, 0) == 1;
		a->nonce_ok = OCSP_check_nonce(req, bs) == 1;
		assert_true(ASN1_INTEGER_set_uint64(sn, serial));
		id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(o->ca),
		    X509_get0_pubkey_bitstr(o->ca), sn);
		assert_true(OCSP_resp_find_status(bs, id, &a->status, &a->reason, &rev, &tu, &nu));
		a->this_update = gtime(tu);
		a->next_update = gtime(nu);
		if (rev != NULL)
			a->revoked_at = gtime(rev);
		{
			OCSP_SINGLERESP *one = OCSP_resp_get0(bs, OCSP_resp_find(bs, id, -1));
			ASN1_GENERALIZEDTIME *inval =
			    OCSP_SINGLERESP_get1_ext_d2i(one, NID_invalidity_date, NULL, NULL);

			if (inval != NULL)
				a->invalidity = gtime(inval);
			ASN1_GENERALIZEDTIME_free(inval);
		}
		OCSP_CERTID_free(id);
		OCSP_BASICRESP_free(bs);
	}
	X509_STORE_free(trust);
	ASN1_INTEGER_free(sn);
	OCSP_RESPONSE_free(resp);
	OCSP_REQUEST_free(req);
}

static void
answer_clear(struct answer *a)
{
	free(a->der);
	a->der = NULL;
}

/* ------------------------------------------------------------- tests */

static void
test_no_signer(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_signer s;
	struct answer a;

	assert_int_equal(pki_ocsp_status(o->t->store, &s, &o->t->err), PKI_ERR_NOT_FOUND);
	ask(o, o->t->store, o->good, false, &a);
	assert_int_equal(a.resp_status, OCSP_RESPONSE_STATUS_UNAUTHORIZED);
	assert_int_equal(a.info.problem, PKI_OCSP_NO_SIGNER);
	assert_non_null(strstr(o->t->err.msg, "ncpki ocsp setup"));
	answer_clear(&a);
	assert_int_equal(pki_ocsp_responder_check(o->resp, o->t->store, NULL, &o->t->err),
	    PKI_ERR_NOT_FOUND);
}

static void
test_signer_certificate(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_signer s;
	struct pki_cert_info ci;
	X509 *x;
	int crit = -1;
	EXTENDED_KEY_USAGE *eku;
	ASN1_BIT_STRING *ku;

	setup_signer(o, 10);
	assert_pki_ok(pki_ocsp_status(o->t->store, &s, &o->t->err), &o->t->err);
	assert_true(s.key_present);
	assert_int_equal(mode_of(s.key_path), 0600);
	assert_true(s.not_after - s.not_before == 10 * 86400);
	assert_pki_ok(pki_cert_get(o->t->store, s.serial, &ci, &o->t->err), &o->t->err);
	assert_int_equal(ci.usage, PKI_USAGE_OCSP);
	assert_string_equal(pki_usage_name(ci.usage), "ocsp");
	pki_cert_info_clear(&ci);
	assert_pki_ok(pki_cert_get(o->t->store, s.serial, &ci, &o->t->err), &o->t->err);
	x = pem_to_x509(ci.pem);
	pki_cert_info_clear(&ci);
	eku = X509_get_ext_d2i(x, NID_ext_key_usage, &crit, NULL);
	assert_non_null(eku);
	assert_int_equal(sk_ASN1_OBJECT_num(eku), 1);
	assert_int_equal(OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, 0)), NID_OCSP_sign);
	EXTENDED_KEY_USAGE_free(eku);
	ku = X509_get_ext_d2i(x, NID_key_usage, &crit, NULL);
	assert_non_null(ku);
	assert_int_equal(crit, 1);
	assert_true(ASN1_BIT_STRING_get_bit(ku, 0)); /* digitalSignature */
	assert_false(ASN1_BIT_STRING_get_bit(ku, 2)); /* no keyEncipherment */
	ASN1_BIT_STRING_free(ku);
	assert_true(X509_get_ext_by_NID(x, NID_id_pkix_OCSP_noCheck, -1) >= 0);
	assert_true(X509_get_ext_by_NID(x, NID_subject_key_identifier, -1) >= 0);
	assert_true(X509_get_ext_by_NID(x, NID_authority_key_identifier, -1) >= 0);
	assert_true(X509_get_ext_by_NID(x, NID_crl_distribution_points, -1) < 0);
	X509_free(x);
	pki_ocsp_signer_clear(&s);
	/* The OCSP usage cannot be given to a request by the ordinary path. */
	assert_int_equal(pki_csr_issue(o->t->store, o->signer,
	                     submit_csr(o->t, TKEY_P256, "c", "c.example.com", NULL),
	                     PKI_USAGE_OCSP, &ci, &o->t->err),
	    PKI_ERR_INVALID);
	assert_string_equal(o->t->err.field, "usage");
}

static void
test_good_revoked_unknown(void **state)
{
	struct octx *o = *state;
	struct answer a;
	time_t now = time(NULL);

	setup_signer(o, 0);
	ask(o, o->t->store, o->good, false, &a);
	assert_int_equal(a.resp_status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
	assert_true(a.verified);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_GOOD);
	assert_int_equal(a.info.cert_status, PKI_OCSP_GOOD);
	assert_true(a.this_update >= now - 5 && a.this_update <= now + 5);
	assert_int_equal(a.next_update - a.this_update, PKI_OCSP_VALIDITY);
	answer_clear(&a);

	ask(o, o->t->store, 424242, false, &a);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_UNKNOWN);
	assert_true(a.verified);
	answer_clear(&a);
	ask(o, o->t->store, UINT64_MAX, false, &a); /* past any serial issued */
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_UNKNOWN);
	answer_clear(&a);

	assert_pki_ok(pki_cert_revoke(o->t->store, o->signer, o->good, PKI_REASON_KEY_COMPROMISE,
	                  now - 3600, NULL, &o->t->err),
	    &o->t->err);
	ask(o, o->t->store, o->good, false, &a);
	assert_true(a.verified);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_REVOKED);
	assert_int_equal(a.reason, OCSP_REVOKED_STATUS_KEYCOMPROMISE);
	assert_true(a.revoked_at >= now - 5 && a.revoked_at <= now + 5);
	assert_int_equal(a.invalidity, now - 3600);
	answer_clear(&a);

	/* A hold is revoked with reason certificateHold, then good again. */
	assert_pki_ok(pki_cert_revoke(o->t->store, o->signer, o->other, PKI_REASON_CERTIFICATE_HOLD,
	                  0, NULL, &o->t->err),
	    &o->t->err);
	ask(o, o->t->store, o->other, false, &a);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_REVOKED);
	assert_int_equal(a.reason, OCSP_REVOKED_STATUS_CERTIFICATEHOLD);
	answer_clear(&a);
	assert_pki_ok(pki_cert_release_hold(o->t->store, o->signer, o->other, NULL, &o->t->err),
	    &o->t->err);
	ask(o, o->t->store, o->other, false, &a);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_GOOD);
	answer_clear(&a);
}

static void
test_nonce_and_cache(void **state)
{
	struct octx *o = *state;
	struct answer a, b, c;
	pki_store *second = NULL;

	setup_signer(o, 0);
	ask(o, o->t->store, o->good, true, &a);
	assert_true(a.nonce_ok);
	assert_true(a.info.nonce);
	assert_false(a.info.cached);
	ask(o, o->t->store, o->good, true, &b);
	assert_false(b.info.cached);
	assert_false(a.len == b.len && memcmp(a.der, b.der, a.len) == 0); /* fresh each time */
	answer_clear(&a);
	answer_clear(&b);

	ask(o, o->t->store, o->good, false, &a);
	assert_false(a.info.nonce);
	ask(o, o->t->store, o->good, false, &b);
	assert_true(b.info.cached);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.der, b.der, a.len); /* pre-signed: the same bytes */
	assert_true(b.verified);

	/* A revocation committed by another connection: the next answer says so. */
	assert_pki_ok(test_open(o->t->home, &second, &o->t->err), &o->t->err);
	assert_pki_ok(pki_cert_revoke(second, o->signer, o->good, PKI_REASON_SUPERSEDED, 0, NULL,
	                  &o->t->err),
	    &o->t->err);
	ask(o, o->t->store, o->good, false, &c);
	assert_int_equal(c.status, V_OCSP_CERTSTATUS_REVOKED);
	assert_int_equal(c.reason, OCSP_REVOKED_STATUS_SUPERSEDED);
	assert_false(c.info.cached);
	answer_clear(&c);
	/* Any other change leaves the status alone: served pre-signed again. */
	(void)submit_csr(o->t, TKEY_P256, "d", "d.example.com", NULL);
	ask(o, second, o->good, false, &c);
	assert_int_equal(c.status, V_OCSP_CERTSTATUS_REVOKED);
	assert_true(c.info.cached);
	answer_clear(&c);
	pki_close(&second);
	answer_clear(&a);
	answer_clear(&b);
}

/* More unknown serials than the cache holds: the pre-signed answer about
 * a real certificate is still served from it. */
static void
test_unknown_flood(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_answer info;
	struct answer a;

	setup_signer(o, 0);
	ask(o, o->t->store, o->good, false, &a);
	answer_clear(&a);
	ask(o, o->t->store, o->good, false, &a);
	assert_true(a.info.cached);
	answer_clear(&a);
	for (uint64_t i = 0; i <= PKI_OCSP_CACHE_MAX; i++) {
		respond_to(o, o->resp, o->ca, EVP_sha1(), UINT64_C(1000000) + i, &info);
		assert_int_equal(info.status, PKI_OCSP_SUCCESSFUL);
		assert_int_equal(info.cert_status, PKI_OCSP_UNKNOWN);
		assert_false(info.cached);
	}
	ask(o, o->t->store, o->good, false, &a);
	assert_int_equal(a.status, V_OCSP_CERTSTATUS_GOOD);
	assert_true(a.info.cached);
	answer_clear(&a);
}

static void
test_malformed(void **state)
{
	static const unsigned char malformed[] = { 0x30, 0x03, 0x0a, 0x01, 0x01 };
	static const unsigned char garbage[] = "this is not an OCSP request";
	struct octx *o = *state;
	struct pki_ocsp_answer info;
	unsigned char *resp = NULL, *req;
	size_t len, rlen = 0;

	setup_signer(o, 0);
	assert_int_equal(pki_ocsp_respond(o->resp, o->t->store, garbage, sizeof garbage, &resp,
	                     &rlen, &info, &o->t->err),
	    0);
	assert_int_equal(info.status, PKI_OCSP_MALFORMED);
	assert_int_equal(rlen, sizeof malformed);
	assert_memory_equal(resp, malformed, sizeof malformed);
	free(resp);
	assert_int_equal(pki_ocsp_respond(o->resp, o->t->store, NULL, 0, &resp, &rlen, &info, NULL),
	    0);
	assert_int_equal(info.status, PKI_OCSP_MALFORMED);
	free(resp);
	req = make_req(o->ca, EVP_sha1(), o->good, false, &len, NULL);
	for (size_t cut = 0; cut < len; cut += 7) {
		assert_int_equal(pki_ocsp_respond(o->resp, o->t->store, req, cut, &resp, &rlen,
		                     &info, NULL),
		    0);
		assert_int_equal(info.status, PKI_OCSP_MALFORMED);
		free(resp);
	}
	/* Trailing bytes after a whole request. */
	req = realloc(req, len + 1);
	req[len] = 0;
	assert_int_equal(pki_ocsp_respond(o->resp, o->t->store, req, len + 1, &resp, &rlen, &info,
	                     NULL),
	    0);
	assert_int_equal(info.status, PKI_OCSP_MALFORMED);
	free(resp);
	free(req);
}

static void
test_other_issuer_and_hashes(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_answer info;
	EVP_PKEY *k = tkey_new(TKEY_P256);
	X509 *other = X509_new();
	X509_NAME *n = X509_NAME_new();

	setup_signer(o, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"Other CA", -1, -1,
	    0);
	X509_set_subject_name(other, n);
	X509_set_pubkey(other, k);
	respond_to(o, o->resp, other, EVP_sha1(), o->good, &info);
	assert_int_equal(info.status, PKI_OCSP_UNAUTHORIZED);
	assert_int_equal(info.problem, PKI_OCSP_SIGNER_OK);
	/* SHA-256 CertIDs of this CA are ours too. */
	respond_to(o, o->resp, o->ca, EVP_sha256(), o->good, &info);
	assert_int_equal(info.status, PKI_OCSP_SUCCESSFUL);
	assert_int_equal(info.cert_status, PKI_OCSP_GOOD);
	X509_NAME_free(n);
	X509_free(other);
	EVP_PKEY_free(k);
}

static void
test_get_form(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_answer info;
	unsigned char *resp = NULL, *req, *back = NULL;
	size_t len, rlen = 0, blen = 0;
	char *b64, *enc, *q;
	int n;

	setup_signer(o, 0);
	req = make_req(o->ca, EVP_sha1(), o->good, false, &len, NULL);
	b64 = calloc(1, len * 2 + 8);
	enc = calloc(1, len * 6 + 8);
	n = EVP_EncodeBlock((unsigned char *)b64, req, (int)len);
	assert_true(n > 0);
	assert_int_equal(pki_base64_decode(b64, (size_t)n, &back, &blen), 0);
	assert_int_equal(blen, len);
	assert_memory_equal(back, req, len);
	free(back);
	for (q = enc, n = 0; b64[n] != '\0'; n++)
		q += b64[n] == '/' || b64[n] == '+' || b64[n] == '='
		    ? sprintf(q, "%%%02X", (unsigned char)b64[n])
		    : sprintf(q, "%c", b64[n]);
	assert_int_equal(pki_ocsp_respond_get(o->resp, o->t->store, enc, &resp, &rlen, &info,
	                     &o->t->err),
	    0);
	assert_int_equal(info.status, PKI_OCSP_SUCCESSFUL);
	assert_int_equal(info.cert_status, PKI_OCSP_GOOD);
	free(resp);
	assert_int_equal(pki_ocsp_respond_get(o->resp, o->t->store, b64, &resp, &rlen, &info,
	                     &o->t->err),
	    0);
	assert_int_equal(info.status, PKI_OCSP_SUCCESSFUL);
	free(resp);
	assert_int_equal(pki_ocsp_respond_get(o->resp, o->t->store, "%zz*!", &resp, &rlen, &info,
	                     &o->t->err),
	    0);
	assert_int_equal(info.status, PKI_OCSP_MALFORMED);
	free(resp);
	assert_int_equal(pki_base64_decode("QQ", 2, &back, &blen), 0);
	assert_int_equal(blen, 1);
	assert_int_equal(back[0], 'A');
	free(back);
	assert_int_equal(pki_base64_decode("Q", 1, &back, &blen), PKI_ERR_INVALID);
	assert_int_equal(pki_base64_decode("QQ==QQ", 6, &back, &blen), PKI_ERR_INVALID);
	assert_int_equal(pki_base64_decode("", 0, &back, &blen), PKI_ERR_INVALID);
	free(b64);
	free(enc);
	free(req);
}

static void
test_renewal(void **state)
{
	struct octx *o = *state;
	struct pki_ocsp_signer first, second, inuse;
	struct pki_ocsp_setup_params p = { .key_type = PKI_KEY_EC_P256 };
	struct answer a;

	assert_pki_ok(pki_ocsp_setup(o->t->store, o->signer, &p, &first, &o->t->err), &o->t->err);
	assert_false(first.renewed);
	ask(o, o->t->store, o->good, false, &a);
	assert_int_equal(a.info.signer_serial, first.serial);
	answer_clear(&a);
	assert_pki_ok(pki_ocsp_setup(o->t->store, o->signer, &p, &second, &o->t->err), &o->t->err);
	assert_true(second.renewed);
	assert_true(second.serial != first.serial);
	ask(o, o->t->store, o->good, false, &a);
	assert_int_equal(a.info.signer_serial, second.serial);
	assert_true(a.verified);
	assert_false(a.info.cached);
	answer_clear(&a);
	assert_pki_ok(pki_ocsp_responder_check(o->resp, o->t->store, &inuse, &o->t->err),
	    &o->t->err);
	assert_int_equal(inuse.serial, second.serial);
	pki_ocsp_signer_clear(&first);
	pki_ocsp_signer_clear(&second);
	pki_ocsp_signer_clear(&inuse);
	/* No key for the certificate in service: unauthorized, and why. The
	 * key is the version's (ocsp.current names it; ocsp.key is a link). */
	assert_int_equal(rename(tpath(o->t, "home/ncpkid/ocsp.current/ocsp.key"),
	                     tpath(o->t, "home/ncpkid/ocsp.key.away")),
	    0);
	{
		pki_ocsp_responder *fresh = NULL;
		struct pki_ocsp_answer info;

		assert_pki_ok(pki_ocsp_responder_new(&fresh, &o->t->err), &o->t->err);
		respond_to(o, fresh, o->ca, EVP_sha1(), o->good, &info);
		assert_int_equal(info.status, PKI_OCSP_UNAUTHORIZED);
		assert_int_equal(info.problem, PKI_OCSP_SIGNER_UNUSABLE);
		pki_ocsp_responder_free(&fresh);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_signer, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_signer_certificate, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_good_revoked_unknown, ocsp_setup,
		    ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_nonce_and_cache, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_flood, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_other_issuer_and_hashes, ocsp_setup,
		    ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_get_form, ocsp_setup, ocsp_teardown),
		cmocka_unit_test_setup_teardown(test_renewal, ocsp_setup, ocsp_teardown),
	};

	pki_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
