/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.c: the request side of ncpkid. libmicrohttpd calls nd_access()
 * several times per request: first to announce it (the state is made
 * here, and an announced body over 64 KiB is refused at once), then with
 * each piece of the body (kept up to the limit, the rest discarded), and
 * once more when the body is complete, when the route runs and the JSON
 * answer is queued. nd_completed() writes the access log line. The route
 * table below says which handler (routes.c, ocsp.c) answers which path.
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "i18n.h"
#include "ncpkid.h"

/* --------------------------------------------------------------- state */

static void
peer_name(struct MHD_Connection *conn, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(buf, n, "-");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		    (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    buf, (socklen_t)n);
}

static struct nd_req *
req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
	struct nd_req *rq = calloc(1, sizeof *rq);

	if (rq == NULL)
		return NULL;
	snprintf(rq->method, sizeof rq->method, "%s", method);
	rq->url = strdup(url != NULL ? url : "");
	if (rq->url == NULL) {
		free(rq);
		return NULL;
	}
	peer_name(conn, rq->peer, sizeof rq->peer);
	return rq;
}

static void
req_free(struct nd_req *rq)
{
	if (rq == NULL)
		return;
	free(rq->url);
	free(rq->body);
	nd_intake_free(rq->intake);
	free(rq);
}

void
nd_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct nd_req *rq = *con_cls;

	(void)cls;
	(void)conn;
	nd_deadline_rearm(conn); /* keep-alive: the next request's clock */
	if (rq == NULL)
		return;
	/* A request that ended before its answer was sent logs status 0. */
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !rq->done)
		rq->status = 0;
	nd_log_request(rq);
	req_free(rq);
	*con_cls = NULL;
}

/* ------------------------------------------------------------ responses */

/* Retry-After and Connection: close, where the answer asks for them. */
static void
extra_headers(struct MHD_Response *resp, const struct nd_resp *out)
{
	char v[16];

	if (out->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	if (out->retry_after == 0)
		return;
	snprintf(v, sizeof v, "%u", out->retry_after);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, v);
}

/* A body that is not JSON (the CRL): public, cacheable for a while. */
static enum MHD_Result
send_body(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(out->body_len, out->body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(out->body);
		out->body = NULL;
		return MHD_NO;
	}
	out->body = NULL;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    rq->cache_control[0] != '\0' ? rq->cache_control : "max-age=300");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	extra_headers(resp, out);
	rq->status = out->status;
	rq->bytes = out->body_len;
	ret = MHD_queue_response(conn, out->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text = NULL;
	size_t len = 0;

	if (out->body != NULL)
		return send_body(conn, rq, out);
	if (out->json == NULL)
		nd_json_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", NULL,
		    pki_strerror(PKI_ERR_NOMEM));
	if (out->json != NULL)
		text = json_dumps(out->json, JSON_COMPACT);
	json_decref(out->json);
	out->json = NULL;
	if (text == NULL) {
		static const char oom[] = "{\"error\":\"internal\",\"message\":\"out of memory\"}";
		out->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		resp = MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom,
		    MHD_RESPMEM_PERSISTENT);
		len = sizeof oom - 1;
	} else {
		len = strlen(text);
		resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			free(text);
	}
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (out->allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, out->allow);
	extra_headers(resp, out);
	rq->status = out->status;
	rq->bytes = len;
	ret = MHD_queue_response(conn, out->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ------------------------------------------------------------- routing */

/*
 * The routes below the path prefix P. A path ending in '/' takes one more
 * segment, handed to the handler as arg; one ending in '*' takes all the
 * rest of the path (an OCSP request in base64 holds slashes). Public
 * routes (signed data: OCSP, CRL, the CA certificate) are served on the
 * plain-HTTP listener too. A body over ND_BODY_MAX is answered 413 in
 * JSON, or for an OCSP route as OCSP does (malformedRequest), since OCSP
 * clients read OCSP responses only.
 */
struct route {
	const char *path;
	const char *methods; /* "GET, HEAD" or "POST": the Allow header too */
	bool public;
	bool ocsp_answers; /* errors are OCSP responses, not JSON */
	nd_handler *handler;
};

static const struct route routes[] = {
	{ "ocsp", "POST", true, true, nd_route_ocsp },
	{ "ocsp/*", "GET, HEAD", true, true, nd_route_ocsp },
	{ "crl", "GET, HEAD", true, false, nd_route_crl_der },
	{ "crl.pem", "GET, HEAD", true, false, nd_route_crl_pem },
	{ "ca.cer", "GET, HEAD", true, false, nd_route_ca_der },
	{ "ca", "GET, HEAD", false, false, nd_route_ca },
	{ "csr", "POST", false, false, nd_route_csr },
	{ "certs", "GET, HEAD", false, false, nd_route_certs },
	{ "certs/", "GET, HEAD", false, false, nd_route_cert },
};

char nd_public_listener[] = "public";

/* The route of rq on this listener, NULL for none; *arg the segment
 * after a path ending in '/'. */
static const struct route *
find_route(const struct nd_req *rq, bool public_only, const char **arg)
{
	size_t plen = strlen(nd_cfg.path);
	const char *rest;

	*arg = NULL;
	if (strncmp(rq->url, nd_cfg.path, plen) != 0 || rq->url[plen] != '/')
		return NULL;
	rest = rq->url + plen + 1;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *rt = &routes[i];
		size_t n = strlen(rt->path);

		if (public_only && !rt->public)
			continue;
		if (n > 2 && strcmp(rt->path + n - 2, "/*") == 0) {
			if (strncmp(rest, rt->path, n - 1) != 0)
				continue;
			*arg = rest + n - 1;
			return rt;
		}
		if (rt->path[n - 1] == '/') {
			if (strncmp(rest, rt->path, n) != 0 || strchr(rest + n, '/') != NULL)
				continue;
			*arg = rest + n;
			return rt;
		}
		if (strcmp(rest, rt->path) == 0)
			return rt;
	}
	return NULL;
}

static bool
method_allowed(const struct route *rt, const char *method)
{
	if (strcmp(rt->methods, "POST") == 0)
		return strcmp(method, "POST") == 0;
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static void
not_allowed(struct nd_resp *out, const char *allow, const char *method)
{
	char msg[128];
	char *m = pki_sanitize(method);

	snprintf(msg, sizeof msg, _("The method %s is not allowed here (allowed: %s)"),
	    m != NULL ? m : "", allow);
	free(m);
	nd_json_error(out, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", NULL, msg);
	out->allow = allow;
}

static void
route(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out, bool public_only)
{
	const char *arg;
	const struct route *rt = find_route(rq, public_only, &arg);

	if (rt == NULL) {
		/* The CRL and caIssuers URLs in the certificates, wherever
		 * the operator pointed them. */
		if (!nd_route_published(conn, rq, out))
			nd_json_error(out, MHD_HTTP_NOT_FOUND, "not_found", NULL,
			    _("There is nothing at this address"));
		return;
	}
	if (!method_allowed(rt, rq->method))
		not_allowed(out, rt->methods, rq->method);
	else
		rt->handler(conn, rq, arg, out);
}

/* ---------------------------------------------------------------- entry */

/* The answer to a body over the limit (the body is dropped already). */
static void
too_large(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out, bool public_only)
{
	const char *arg;
	const struct route *rt = find_route(rq, public_only, &arg);

	if (rt != NULL && rt->ocsp_answers && method_allowed(rt, rq->method))
		rt->handler(conn, rq, arg, out); /* an empty request: malformed */
	else
		nd_json_error(out, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", NULL,
		    _("The request body is larger than 64 KiB"));
	/* Whatever else the client still has to send is not read. */
	out->close = true;
}

/* The announced Content-Length, 0 when there is none. */
static unsigned long long
announced_length(struct MHD_Connection *conn)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 0;
	n = strtoull(cl, &end, 10);
	return end != cl ? n : 0;
}

enum MHD_Result
nd_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct nd_req *rq = *con_cls;
	struct nd_resp out = { .json = NULL };

	(void)version;
	if (rq == NULL) {
		rq = req_new(conn, url, method);
		if (rq == NULL)
			return MHD_NO;
		*con_cls = rq;
		if (announced_length(conn) > ND_BODY_MAX)
			rq->too_large = true;
		if (announced_length(conn) > ND_DISCARD_MAX) {
			rq->done = true;
			too_large(conn, rq, &out, cls == nd_public_listener);
			return send_resp(conn, rq, &out);
		}
		return MHD_YES;
	}
	if (rq->intake != NULL && rq->status == 0) {
		/* resumed: its group is committed (intake.c) */
		nd_route_csr_answer(rq, &out);
		return send_resp(conn, rq, &out);
	}
	if (rq->done) {
		/* answered early: drop whatever body still arrives */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		rq->received += n;
		if (rq->received > ND_DISCARD_CHUNKED_MAX) {
			/* No answer can be queued before the body ends (see
			 * ND_DISCARD_CHUNKED_MAX): the connection is closed. */
			*upload_data_size = 0;
			rq->done = true;
			rq->status = MHD_HTTP_CONTENT_TOO_LARGE;
			return MHD_NO;
		}
		if (!rq->too_large && rq->body_len + n > ND_BODY_MAX) {
			rq->too_large = true;
			free(rq->body);
			rq->body = NULL;
			rq->body_len = 0;
		}
		if (!rq->too_large) {
			unsigned char *b = realloc(rq->body, rq->body_len + n + 1);
			if (b == NULL)
				return MHD_NO;
			memcpy(b + rq->body_len, upload_data, n);
			rq->body = b;
			rq->body_len += n;
			rq->body[rq->body_len] = '\0';
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	rq->done = true;
	nd_deadline_arrived(conn);
	if (rq->too_large)
		too_large(conn, rq, &out, cls == nd_public_listener);
	else
		route(conn, rq, &out, cls == nd_public_listener);
	if (out.json == NULL && out.body == NULL && rq->intake != NULL)
		return MHD_YES; /* suspended until its group is committed */
	return send_resp(conn, rq, &out);
}
