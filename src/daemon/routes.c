/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes.c: the endpoints of ncpkid (see the HTTP API in data/ncpkid.8):
 * GET ca, POST csr, GET certs, GET certs/N, GET crl and crl.pem (the
 * newest CRL as the CA server signed it), GET ca.cer (the CA certificate,
 * DER), and the paths of the CRL and caIssuers URLs that `ncpki server
 * urls` put into the certificates, wherever they point. Each one
 * reads its input strictly, calls the one library function that does the
 * work (all validation is libncpki's) and builds the JSON answer. None of
 * them signs, approves or deletes, and none touches the CA's private key.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ncpkid.h"

/* The instance this service names: --instance, else the CA's file name root. */
static const char *
service_instance(const struct pki_server_info *info)
{
	if (nd_cfg.instance != NULL)
		return nd_cfg.instance;
	return info != NULL && info->root != NULL ? info->root : "";
}

/* "N" with 1 <= N < 2^64, digits only. */
static bool
parse_serial(const char *s, uint64_t *out)
{
	const char *p;
	unsigned long long v;
	char *end;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return false;
	for (p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0)
		return false;
	*out = (uint64_t)v;
	return true;
}

/* ------------------------------------------------------------------ ca */

/* The CA's chain as a JSON array of PEM certificates, nearest first: from
 * the CA's own certificate (with_ca) or from its issuer, up to the root. */
static json_t *
chain_json(pki_store *s, bool with_ca, struct pki_error *err)
{
	char **pems = NULL;
	size_t n = 0, i;
	json_t *a;

	if (pki_ca_chain(s, &pems, &n, err) != 0)
		return NULL;
	if ((a = json_array()) != NULL)
		for (i = with_ca ? 0 : 1; i < n; i++)
			json_array_append_new(a, json_string(pems[i]));
	pki_pem_array_free(&pems, n);
	return a;
}

void
nd_route_ca(struct MHD_Connection *conn, struct nd_req *rq, const char *arg, struct nd_resp *out)
{
	(void)arg;
	struct pki_server_info info;
	struct pki_error err;
	pki_store *s;
	char *pem = NULL;
	json_t *j, *chain = NULL;

	(void)conn;
	(void)rq;
	pki_error_clear(&err);
	memset(&info, 0, sizeof info);
	if ((s = nd_store(&err)) == NULL || pki_ca_cert_pem(s, &pem, &err) != 0 ||
	    pki_server_info(s, &info, &err) != 0 || (chain = chain_json(s, false, &err)) == NULL) {
		free(pem);
		pki_server_info_clear(&info);
		nd_json_pki_error(out, &err);
		return;
	}
	if ((j = nc_json_ca(&info, NC_JSON_PUBLIC)) != NULL) {
		nc_json_set_str(j, "pem", pem);
		nc_json_set_str(j, "instance", service_instance(&info));
		nc_json_set_str(j, "node", nd_cfg.node);
		/* The certificates above the CA, nearest first ([] for a root). */
		json_object_set_new(j, "chain", chain);
		chain = NULL;
	}
	json_decref(chain);
	out->status = MHD_HTTP_OK;
	out->json = j;
	free(pem);
	pki_server_info_clear(&info);
}

/* ----------------------------------------------------------------- csr */

static bool
is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof want - 1;

	if (ct == NULL || strncasecmp(ct, want, n) != 0)
		return false;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

void
nd_route_csr(struct MHD_Connection *conn, struct nd_req *rq, const char *arg, struct nd_resp *out)
{
	(void)arg;
	struct pki_csr_meta meta;
	json_t *doc = NULL;
	const char *csr = NULL;

	memset(&meta, 0, sizeof meta);
	if (!nd_rate_take(rq->peer, &out->retry_after)) {
		nd_json_error(out, MHD_HTTP_TOO_MANY_REQUESTS, "rate_limited", NULL,
		    _("Too many requests from this address: try again after the "
		      "number of seconds in the Retry-After header"));
		return;
	}
	if (!is_json_type(
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		nd_json_error(out, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
		    _("The request body must be application/json"));
		return;
	}
	if (nd_json_csr_body(rq->body, rq->body_len, &doc, &csr, &meta, out) != 0)
		goto done;
	/* Checked here, stored by the intake writer with others in one commit:
	 * the answer waits for that commit (intake.c). */
	if (nd_intake_submit(conn, rq, csr, &meta))
		nd_route_csr_answer(rq, out);
done:
	json_decref(doc);
}

void
nd_route_csr_answer(struct nd_req *rq, struct nd_resp *out)
{
	const struct pki_csr_pending *p = nd_intake_result(rq);
	const struct pki_csr_info *info;
	struct pki_error err;
	json_t *j;

	pki_error_clear(&err);
	if (p == NULL || p->code != 0) {
		if (p == NULL)
			err.code = PKI_ERR_NOMEM;
		nd_json_pki_error(out, p != NULL ? &p->err : &err);
		return;
	}
	info = &p->info;
	if ((j = nc_json_csr(info, NC_JSON_PUBLIC, false)) != NULL) {
		/* The instance named in the answer is the service's own. */
		nc_json_set_str(j, "instance", nd_intake_instance(rq));
		nc_json_set_str(j, "node", nd_cfg.node);
	}
	out->status = MHD_HTTP_CREATED;
	out->json = j;
}

/* --------------------------------------------------------------- certs */

struct query {
	struct pki_cert_filter f;
	struct nd_resp *out;
	bool bad;
};

/* "N" with 1 <= N <= ND_LIST_MAX: ?limit=. */
static bool
parse_limit(const char *s, size_t *out)
{
	uint64_t v;

	if (!parse_serial(s, &v) || v > ND_LIST_MAX)
		return false;
	*out = (size_t)v;
	return true;
}

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query *q = cls;
	char msg[160];
	char *shown;
	const char **slot = NULL;

	(void)kind;
	if (q->bad)
		return MHD_NO;
	if (strcmp(key, "serial") == 0) {
		if (!parse_serial(value, &q->f.serial)) {
			nd_json_error(q->out, MHD_HTTP_BAD_REQUEST, "invalid_field", "serial",
			    _("The serial number must be a positive decimal integer"));
			q->bad = true;
		}
		return q->bad ? MHD_NO : MHD_YES;
	}
	if (strcmp(key, "limit") == 0) {
		if (!parse_limit(value, &q->f.limit)) {
			snprintf(msg, sizeof msg,
			    _("The page size (limit) must be a whole number from 1 to %d"),
			    ND_LIST_MAX);
			nd_json_error(q->out, MHD_HTTP_BAD_REQUEST, "invalid_field", "limit", msg);
			q->bad = true;
		}
		return q->bad ? MHD_NO : MHD_YES;
	}
	if (strcmp(key, "after") == 0) {
		/* The cursor: the `next` of the previous page. */
		if (!parse_serial(value, &q->f.after)) {
			nd_json_error(q->out, MHD_HTTP_BAD_REQUEST, "invalid_field", "after",
			    _("The cursor (after) must be the \"next\" value of a previous page"));
			q->bad = true;
		}
		return q->bad ? MHD_NO : MHD_YES;
	}
	if (strcmp(key, "contact") == 0)
		slot = &q->f.contact_email;
	else if (strcmp(key, "hostname") == 0)
		slot = &q->f.hostname;
	else if (strcmp(key, "instance") == 0)
		slot = &q->f.instance;
	else if (strcmp(key, "file_root") == 0)
		slot = &q->f.file_root;
	if (slot == NULL) {
		shown = pki_sanitize(key);
		snprintf(msg, sizeof msg, _("Unknown query parameter \"%s\""),
		    shown != NULL ? shown : "");
		nd_json_error(q->out, MHD_HTTP_BAD_REQUEST, "unknown_field",
		    shown != NULL ? shown : "", msg);
		free(shown);
		q->bad = true;
		return MHD_NO;
	}
	if (value == NULL || *value == '\0') {
		snprintf(msg, sizeof msg, _("The query parameter \"%s\" needs a value"), key);
		nd_json_error(q->out, MHD_HTTP_BAD_REQUEST, "invalid_field", key, msg);
		q->bad = true;
		return MHD_NO;
	}
	*slot = value;
	return MHD_YES;
}

void
nd_route_certs(struct MHD_Connection *conn, struct nd_req *rq, const char *arg, struct nd_resp *out)
{
	(void)arg;
	struct query q;
	struct pki_cert_info *list = NULL;
	struct pki_error err;
	size_t n = 0, i, limit;
	pki_store *s;
	json_t *j, *arr;
	char next[32];

	(void)rq;
	memset(&q, 0, sizeof q);
	q.out = out;
	pki_error_clear(&err);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.bad)
		return;
	/* There is no login: every caller is anonymous and gets what a
	 * criterion matches, not the whole inventory, unless the operator
	 * opened it with --public-listing. */
	if (!nd_cfg.public_listing && q.f.serial == 0 && q.f.contact_email == NULL &&
	    q.f.hostname == NULL && q.f.instance == NULL && q.f.file_root == NULL) {
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "missing_field", "criterion",
		    _("Listing certificates needs a criterion: contact (the technical "
		      "contact's email), hostname, instance, file_root or serial"));
		return;
	}
	/* One row more than the page: is there a next page? */
	limit = q.f.limit != 0 ? q.f.limit : ND_LIST_DEFAULT;
	q.f.limit = limit + 1;
	if ((s = nd_store(&err)) == NULL || pki_cert_list(s, &q.f, &list, &n, &err) != 0) {
		nd_json_pki_error(out, &err);
		return;
	}
	j = json_object();
	arr = json_array();
	if (j == NULL || arr == NULL || json_object_set(j, "certificates", arr) != 0) {
		json_decref(j);
		j = NULL;
	} else {
		for (i = 0; i < n && i < limit; i++)
			json_array_append_new(arr, nc_json_cert(&list[i], NC_JSON_PUBLIC, false));
		/* The cursor of the next page, absent on the last one. */
		if (n > limit) {
			snprintf(next, sizeof next, "%" PRIu64, list[limit - 1].serial);
			nc_json_set_str(j, "next", next);
		}
	}
	json_decref(arr);
	pki_cert_info_array_free(&list, n);
	out->status = MHD_HTTP_OK;
	out->json = j;
}

void
nd_route_cert(struct MHD_Connection *conn, struct nd_req *rq, const char *serial,
    struct nd_resp *out)
{
	struct pki_cert_info ci;
	struct pki_error err;
	uint64_t sn = 0;
	pki_store *s;
	json_t *j, *chain = NULL;

	(void)conn;
	(void)rq;
	memset(&ci, 0, sizeof ci);
	pki_error_clear(&err);
	if (!parse_serial(serial, &sn)) {
		nd_json_error(out, MHD_HTTP_BAD_REQUEST, "invalid_field", "serial",
		    _("The serial number must be a positive decimal integer"));
		return;
	}
	if ((s = nd_store(&err)) == NULL || pki_cert_get(s, sn, &ci, &err) != 0 ||
	    (chain = chain_json(s, true, &err)) == NULL) {
		pki_cert_info_clear(&ci);
		nd_json_pki_error(out, &err);
		return;
	}
	if ((j = nc_json_cert(&ci, NC_JSON_PUBLIC, false)) != NULL) {
		nc_json_set_str(j, "pem", ci.pem);
		/* The CA's certificate, then the chain above it up to the root. */
		json_object_set_new(j, "chain", chain);
		chain = NULL;
	}
	json_decref(chain);
	pki_cert_info_clear(&ci);
	out->status = MHD_HTTP_OK;
	out->json = j;
}

/* ----------------------------------------------------------------- crl */

static void
crl_answer(struct MHD_Connection *conn, struct nd_req *rq, bool pem, struct nd_resp *out)
{
	struct pki_error err;
	unsigned char *data = NULL;
	size_t len = 0;
	pki_store *s;

	(void)conn;
	(void)rq;
	pki_error_clear(&err);
	if ((s = nd_store(&err)) == NULL || pki_crl_latest(s, pem, &data, &len, NULL, &err) != 0) {
		nd_json_pki_error(out, &err);
		return;
	}
	out->status = MHD_HTTP_OK;
	out->body = data;
	out->body_len = len;
	out->content_type = pem ? "application/x-pem-file" : "application/pkix-crl";
}

void
nd_route_crl_der(struct MHD_Connection *conn, struct nd_req *rq, const char *arg,
    struct nd_resp *out)
{
	(void)arg;
	crl_answer(conn, rq, false, out);
}

void
nd_route_crl_pem(struct MHD_Connection *conn, struct nd_req *rq, const char *arg,
    struct nd_resp *out)
{
	(void)arg;
	crl_answer(conn, rq, true, out);
}

/* ------------------------------------------------------------- ca.cer */

/* GET P/ca.cer: the CA certificate, DER, for a caIssuers URL. */
void
nd_route_ca_der(struct MHD_Connection *conn, struct nd_req *rq, const char *arg,
    struct nd_resp *out)
{
	(void)arg;
	struct pki_error err;
	unsigned char *der = NULL;
	size_t len = 0;
	pki_store *s;

	(void)conn;
	(void)rq;
	pki_error_clear(&err);
	if ((s = nd_store(&err)) == NULL || pki_ca_cert_der(s, &der, &len, &err) != 0) {
		nd_json_pki_error(out, &err);
		return;
	}
	out->status = MHD_HTTP_OK;
	out->body = der;
	out->body_len = len;
	out->content_type = "application/pkix-cert";
}

/* The path of an http(s) URL ("/..." up to '?' or '#'), NULL when none. */
static const char *
url_path(const char *url, size_t *len)
{
	const char *p;

	if (url == NULL)
		return NULL;
	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return NULL;
	if ((p = strchr(p, '/')) == NULL || p[1] == '\0')
		return NULL;
	*len = strcspn(p, "?#");
	return p;
}

static bool
is_path(const char *url, const char *want)
{
	size_t n = 0;
	const char *p = url_path(url, &n);

	return p != NULL && strlen(want) == n && strncmp(p, want, n) == 0;
}

bool
nd_route_published(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out)
{
	struct pki_server_urls u;
	struct pki_error err;
	pki_store *s;
	bool crl, cer;

	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return false;
	memset(&u, 0, sizeof u);
	pki_error_clear(&err);
	if ((s = nd_store(&err)) == NULL || pki_server_get_urls(s, &u, &err) != 0)
		return false;
	crl = is_path(u.crl_url, rq->url);
	cer = is_path(u.ca_issuers_url, rq->url);
	pki_server_urls_clear(&u);
	if (crl)
		crl_answer(conn, rq, false, out);
	else if (cer)
		nd_route_ca_der(conn, rq, NULL, out);
	return crl || cer;
}
