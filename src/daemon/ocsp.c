/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ocsp.c: ncpkid's OCSP responder routes (RFC 6960, appendix A):
 *   POST P/ocsp          the DER request as the body (application/ocsp-request)
 *   GET  P/ocsp/REQUEST  the request in base64, URL-encoded, in the path
 * Both answer 200 with a DER OCSPResponse (application/ocsp-response),
 * whatever the request: malformedRequest, unauthorized and the like are
 * OCSP answers, not HTTP errors. The work is libncpki's responder, one for
 * the whole service, signing with the delegated OCSP certificate that
 * `ncpki ocsp setup` made: never with the CA key. When there is no usable
 * signer, requests are answered `unauthorized` and a line says why, once
 * each time the situation changes.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ncpkid.h"

static pki_ocsp_responder *responder;
/* The enum pki_ocsp_problem last reported; -1 before the first. */
static int reported = -1;
/* The signing certificate last used; 0 before the first. */
static uint64_t signer_in_use;

static void
report(int problem, const struct pki_error *err, uint64_t serial, time_t not_after)
{
	char when[32] = "";
	struct tm tm;

	if (__atomic_exchange_n(&reported, problem, __ATOMIC_SEQ_CST) == problem)
		return;
	if (problem != PKI_OCSP_SIGNER_OK) {
		nc_warning("OCSP: %s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
		return;
	}
	if (serial == 0)
		return; /* the certificate is named with the next answer */
	if (gmtime_r(&not_after, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	nc_note(_("OCSP: signing responses with certificate %llu (valid until %s)"),
	    (unsigned long long)serial, when);
}

int
nd_ocsp_start(void)
{
	struct pki_ocsp_signer signer;
	struct pki_error err;
	pki_store *s;
	int r;

	pki_error_clear(&err);
	if (pki_ocsp_responder_new(&responder, &err) != 0)
		return nc_fail(&err);
	/* A store of its own: this thread serves no requests. */
	if (pki_open(nd_cfg.home, &s, &err) != 0) {
		report(PKI_OCSP_SIGNER_UNUSABLE, &err, 0, 0);
		return 0;
	}
	r = pki_ocsp_responder_check(responder, s, &signer, &err);
	pki_close(&s);
	if (r == 0) {
		signer_in_use = signer.serial;
		report(PKI_OCSP_SIGNER_OK, &err, signer.serial, signer.not_after);
		pki_ocsp_signer_clear(&signer);
	} else
		report(r == PKI_ERR_NOT_FOUND ? PKI_OCSP_NO_SIGNER : PKI_OCSP_SIGNER_UNUSABLE, &err,
		    0, 0);
	return 0;
}

void
nd_ocsp_stop(void)
{
	pki_ocsp_responder_free(&responder);
}

void
nd_route_ocsp(struct MHD_Connection *conn, struct nd_req *rq, const char *encoded,
    struct nd_resp *out)
{
	struct pki_ocsp_answer info;
	struct pki_error err;
	unsigned char *der = NULL;
	size_t len = 0;
	pki_store *s;
	time_t now = time(NULL);
	int r;

	(void)conn;
	pki_error_clear(&err);
	if ((s = nd_store(&err)) == NULL) {
		nd_json_pki_error(out, &err);
		return;
	}
	if (encoded != NULL)
		r = pki_ocsp_respond_get(responder, s, encoded, &der, &len, &info, &err);
	else
		r = pki_ocsp_respond(responder, s, rq->body, rq->body_len, &der, &len, &info, &err);
	if (r != 0) {
		nd_json_pki_error(out, &err);
		return;
	}
	if (info.problem != PKI_OCSP_SIGNER_OK ||
	    __atomic_load_n(&reported, __ATOMIC_SEQ_CST) != PKI_OCSP_SIGNER_OK)
		report(info.problem, &err, 0, 0);
	if (info.signer_serial != 0 &&
	    __atomic_exchange_n(&signer_in_use, info.signer_serial, __ATOMIC_SEQ_CST) !=
	        info.signer_serial)
		nc_note(_("OCSP: signing responses with certificate %llu"),
		    (unsigned long long)info.signer_serial);
	out->status = MHD_HTTP_OK;
	out->body = der;
	out->body_len = len;
	out->content_type = "application/ocsp-response";
	/* RFC 5019 6.2: a GET answer without a nonce may be cached until it ages. */
	if (encoded != NULL && info.status == PKI_OCSP_SUCCESSFUL && !info.nonce &&
	    info.next_update > now)
		snprintf(rq->cache_control, sizeof rq->cache_control,
		    "max-age=%lld, public, no-transform, must-revalidate",
		    (long long)(info.next_update - now));
	else
		snprintf(rq->cache_control, sizeof rq->cache_control, "no-store");
}
