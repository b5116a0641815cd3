/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * client.c: the guide's "Certificate Authority Client Tasks": the client's
 * configuration (one client_config row), first contact with the CA's web
 * service and the pinning of its certificate once the operator confirmed
 * the fingerprints, then CSR submission and certificate download over
 * HTTPS verified against that pinned certificate only. libcurl does the
 * transport (one easy handle per call, https only, bounded in time and
 * size); jansson reads the answers with strict types; nothing the server
 * says about fingerprints or chains is taken on trust.
 */
#include "x509/crypto.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#define RESP_MAX (1024L * 1024L) /* the largest answer read */
#define CONNECT_TIMEOUT 10L /* seconds */
#define TOTAL_TIMEOUT 60L
#define PATH_MAX_LEN 200
#define CONTACT_MAX 128
/* GET certs: the most certificates a listing gathers, and the page size
 * asked for (the service allows up to 1000). */
#define LIST_MAX 100000
#define LIST_PAGE 500
#define CHAIN_MAX 10

/* ------------------------------------------------------------ helpers */

void
pki_client_config_clear(struct pki_client_config *c)
{
	if (c == NULL)
		return;
	free(c->server_host);
	free(c->server_path);
	free(c->contact_name);
	free(c->contact_phone);
	free(c->contact_email);
	free(c->instance);
	free(c->dir);
	free(c->ca_file_root);
	memset(c, 0, sizeof *c);
}

void
pki_client_ca_clear(struct pki_client_ca *c)
{
	if (c == NULL)
		return;
	free(c->pem);
	free(c->subject);
	free(c->file_root);
	free(c->instance);
	free(c->node);
	memset(c, 0, sizeof *c);
}

void
pki_client_submitted_clear(struct pki_client_submitted *s)
{
	if (s == NULL)
		return;
	free(s->file_root);
	free(s->key_path);
	free(s->csr_path);
	free(s->proof_path);
	free(s->instance);
	free(s->node);
	memset(s, 0, sizeof *s);
}

/* This host's name, for the instance and hostname defaults; caller frees. */
static char *
host_name(void)
{
	char buf[256];

	if (gethostname(buf, sizeof buf) != 0)
		return NULL;
	buf[sizeof buf - 1] = '\0';
	return strdup(buf);
}

static bool
is_ip_literal(const char *h)
{
	unsigned char a[16];

	return inet_pton(AF_INET, h, a) == 1 || inet_pton(AF_INET6, h, a) == 1;
}

/* The service path: "/" then safe URL path characters, no "//" or "..". */
static int
check_path(const char *p, struct pki_error *err)
{
	const char *s;
	size_t n;

	if (p == NULL || p[0] != '/' || strlen(p) > PATH_MAX_LEN || strstr(p, "//") != NULL ||
	    strstr(p, "/../") != NULL || strstr(p, "/./") != NULL)
		goto bad;
	for (s = p; *s; s++)
		if (!(isascii((unsigned char)*s) && isalnum((unsigned char)*s)) &&
		    strchr("/-._~", *s) == NULL)
			goto bad;
	n = strlen(p);
	if ((n >= 3 && strcmp(p + n - 3, "/..") == 0) || (n >= 2 && strcmp(p + n - 2, "/.") == 0))
		goto bad;
	return 0;
bad:
	return pki_err_set(err, PKI_ERR_INVALID, "server_path",
	    _("The Certificate Authority server path must start with \"/\" and hold only "
	      "letters, digits, \"/\", \"-\", \".\", \"_\" and \"~\" (at most %d characters)"),
	    PATH_MAX_LEN);
}

static int
check_host(const char *host, struct pki_error *err)
{
	if (pki_str_empty(host))
		return pki_err_set(err, PKI_ERR_INVALID, "server_host",
		    _("The Certificate Authority server hostname is required"));
	return is_ip_literal(host) ? 0 : pki_check_hostname(host, "server_host", err);
}

static int
check_contact_name(const char *name, struct pki_error *err)
{
	int r;

	if (pki_str_empty(name))
		return pki_err_set(err, PKI_ERR_INVALID, "contact_name",
		    _("The technical contact's name is required"));
	if ((r = pki_check_text(name, CONTACT_MAX, _("The contact name"), err)) != 0)
		snprintf(err->field, sizeof err->field, "contact_name");
	return r;
}

int
pki_client_check(const struct pki_client_params *p, struct pki_error *errs, size_t max,
    size_t *count)
{
	struct pki_faults c;

	pki_faults_init(&c, errs, max);
#define E pki_fault_slot(&c)
	PKI_FAULT(&c, check_host(p->server_host, E));
	if (p->server_port < 0 || p->server_port > 65535)
		PKI_FAULT(&c,
		    pki_err_set(E, PKI_ERR_INVALID, "server_port",
		        _("The Certificate Authority web server port must be between 1 "
		          "and 65535")));
	if (!pki_str_empty(p->server_path))
		PKI_FAULT(&c, check_path(p->server_path, E));
	PKI_FAULT(&c, check_contact_name(p->contact_name, E));
	if (!pki_str_empty(p->contact_phone))
		PKI_FAULT(&c, pki_check_phone(p->contact_phone, "contact_phone", E));
	if (!pki_str_empty(p->contact_email))
		PKI_FAULT(&c, pki_check_email(p->contact_email, "contact_email", E));
	/* No instance: this host's name, which pki_client_configure checks. */
	if (!pki_str_empty(p->instance))
		PKI_FAULT(&c, pki_check_instance(p->instance, "instance", E));
	if (!pki_str_empty(p->dir))
		PKI_FAULT(&c, pki_check_text(p->dir, 4096, "dir", E));
#undef E
	return pki_faults_end(&c, count);
}

/* The first fault of p with `instance` as its instance name. */
static int
check_params(const struct pki_client_params *p, const char *instance, struct pki_error *err)
{
	struct pki_client_params q = *p;
	size_t n;

	q.instance = instance;
	return pki_client_check(&q, err, 1, &n) != 0 ? err->code : 0;
}

/* ----------------------------------------------------- configuration */

int
pki_client_configure(pki_store *store, const struct pki_client_params *p, struct pki_error *err)
{
	struct pki_client_config old, row;
	char *inst = NULL;
	const char *instance = p->instance, *pin_root = "", *pin_sha = "";
	long port = p->server_port ? p->server_port : PKI_CLIENT_DEFAULT_PORT;
	int r;

	memset(&old, 0, sizeof old);
	if (pki_str_empty(instance)) {
		if ((inst = host_name()) == NULL)
			return pki_err_set(err, PKI_ERR_INVALID, "instance",
			    _("This host's name is unknown: give the instance name"));
		instance = inst;
	}
	if ((r = check_params(p, instance, err)) != 0)
		goto out;
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out;
	r = store->ops->client_get(store, &old, err);
	if (r == PKI_ERR_NOT_CONFIGURED) {
		pki_error_clear(err);
		r = 0;
	} else if (r == 0 && strcmp(old.server_host, p->server_host) == 0 &&
	    old.server_port == port) {
		/* Same server: its pinned certificate still stands. */
		pin_root = old.ca_file_root;
		pin_sha = old.ca_sha256;
	}
	if (r == 0) {
		memset(&row, 0, sizeof row);
		row.server_host = (char *)p->server_host;
		row.server_port = port;
		row.server_path = (char *)(pki_str_empty(p->server_path) ? PKI_CLIENT_DEFAULT_PATH
		                                                         : p->server_path);
		row.contact_name = (char *)p->contact_name;
		row.contact_phone = (char *)(p->contact_phone ? p->contact_phone : "");
		row.contact_email = (char *)(p->contact_email ? p->contact_email : "");
		row.instance = (char *)instance;
		row.dir = (char *)(pki_str_empty(p->dir) ? "client" : p->dir);
		row.ca_file_root = (char *)pin_root;
		snprintf(row.ca_sha256, sizeof row.ca_sha256, "%s", pin_sha);
		row.configured_at = time(NULL);
		r = store->ops->client_put(store, &row, err);
	}
	if (r == 0)
		r = pki_audit(store, "config-changed", err,
		    "client: server %s:%ld, instance \"%s\"", p->server_host, port, instance);
	if (r == 0)
		r = store->ops->tx_commit(store, err);
	else
		store->ops->tx_rollback(store);
out:
	pki_client_config_clear(&old);
	free(inst);
	return r;
}

int
pki_client_config_get(pki_store *store, struct pki_client_config *out, struct pki_error *err)
{
	char *abs;
	int r;

	if ((r = store->ops->client_get(store, out, err)) != 0)
		return r;
	if ((abs = pki_path_resolve(pki_store_home(store), out->dir)) == NULL) {
		pki_client_config_clear(out);
		return pki_err_nomem(err);
	}
	free(out->dir);
	out->dir = abs;
	return 0;
}

/* ----------------------------------------------------------- certificates */

/* Exactly one PEM certificate; caller frees. */
static X509 *
pem_cert(const char *pem)
{
	BIO *b;
	X509 *x;

	if (pem == NULL || (b = BIO_new_mem_buf(pem, -1)) == NULL)
		return NULL;
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	return x;
}

/* The CA file written when it was pinned, checked against the pinned hash. */
static int
load_pinned(const struct pki_client_config *c, char **path, X509 **ca, struct pki_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	pki_x509 *x = NULL;
	int r;

	*path = NULL;
	*ca = NULL;
	if (pki_str_empty(c->ca_file_root) || c->ca_sha256[0] == '\0')
		return pki_err_set(err, PKI_ERR_NOT_CONFIGURED, NULL,
		    _("No Certificate Authority certificate is pinned yet: get the CA "
		      "certificate first (\"ncpki client get-ca\")."));
	if ((*path = pki_path_join3(c->dir, c->ca_file_root, ".cer")) == NULL)
		return pki_err_nomem(err);
	if ((r = pki_file_read(*path, PKI_CERT_MAX_BYTES, &data, &len, err)) != 0 ||
	    (r = pki_x509_load(data, len, &x, NULL, err)) != 0 ||
	    (r = pki_x509_fingerprints(x, sha1, sha256, err)) != 0)
		goto out;
	if (strcmp(sha256, c->ca_sha256) != 0) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The pinned Certificate Authority certificate \"%s\" has changed since "
		      "it was confirmed (SHA-256 %s expected): get the CA certificate again"),
		    *path, c->ca_sha256);
		goto out;
	}
	*ca = X509P(x);
	x = NULL;
out:
	pki_x509_free(&x);
	free(data);
	if (r != 0) {
		free(*path);
		*path = NULL;
	}
	return r;
}

/* ------------------------------------------------------------------- HTTP */

enum tls_mode {
	TLS_SYSTEM, /* the system trust store (first contact) */
	TLS_NONE, /* first contact only, after TLS_SYSTEM failed */
	TLS_PINNED /* the pinned CA file, and nothing else */
};

struct resp_buf {
	char *data;
	size_t len;
	bool too_big;
};

static size_t
resp_write(char *p, size_t size, size_t nmemb, void *u)
{
	struct resp_buf *b = u;
	size_t n = size * nmemb;
	char *nd;

	if (b->len + n > (size_t)RESP_MAX) {
		b->too_big = true;
		return 0;
	}
	if ((nd = realloc(b->data, b->len + n + 1)) == NULL)
		return 0;
	b->data = nd;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

/* https://HOST:PORT/PATH + suffix; caller frees. */
static char *
service_url(const struct pki_client_config *c, const char *suffix)
{
	size_t pl = strlen(c->server_path);
	bool v6 = strchr(c->server_host, ':') != NULL;

	while (pl > 0 && c->server_path[pl - 1] == '/')
		pl--;
	return pki_strfmt("https://%s%s%s:%ld%.*s%s", v6 ? "[" : "", c->server_host, v6 ? "]" : "",
	    c->server_port, (int)pl, c->server_path, suffix);
}

static const struct {
	const char *code;
	int err;
} http_codes[] = {
	{ "invalid_json", PKI_ERR_INVALID },
	{ "invalid_field", PKI_ERR_INVALID },
	{ "unknown_field", PKI_ERR_INVALID },
	{ "bad_csr", PKI_ERR_BAD_CSR },
	{ "weak_key", PKI_ERR_WEAK_KEY },
	{ "duplicate", PKI_ERR_DUPLICATE },
	{ "too_large", PKI_ERR_TOO_LARGE },
	{ "not_found", PKI_ERR_NOT_FOUND },
	{ "not_configured", PKI_ERR_NOT_CONFIGURED },
};

/* A 4xx/5xx answer as a pki_err code with the server's message. */
static int
http_error(long status, const char *body, const char *url, struct pki_error *err)
{
	json_t *j = body ? json_loads(body, JSON_REJECT_DUPLICATES, NULL) : NULL;
	const char *code = "", *msg = "", *field = NULL;
	char *shown_msg, *shown_code;
	int e = PKI_ERR_IO, r;
	size_t i;

	if (j != NULL)
		json_unpack(j, "{s?s, s?s, s?s}", "error", &code, "message", &msg, "field", &field);
	for (i = 0; i < sizeof http_codes / sizeof http_codes[0]; i++)
		if (strcmp(code, http_codes[i].code) == 0)
			e = http_codes[i].err;
	shown_msg = pki_sanitize(msg);
	shown_code = pki_sanitize(code);
	if (msg[0] != '\0')
		r = pki_err_set(err, e, NULL,
		    _("The Certificate Authority at %s answered %ld %s: %.300s"), url, status,
		    shown_code ? shown_code : "", shown_msg ? shown_msg : "");
	else
		r = pki_err_set(err, e, NULL,
		    _("The Certificate Authority at %s answered HTTP status %ld"), url, status);
	if (field != NULL && e == PKI_ERR_INVALID) {
		bool ok = strlen(field) < sizeof err->field;
		for (const char *p = field; ok && *p; p++)
			ok = isascii((unsigned char)*p) &&
			    (isalnum((unsigned char)*p) || *p == '_' || *p == '.');
		if (ok)
			snprintf(err->field, sizeof err->field, "%s", field);
	}
	free(shown_msg);
	free(shown_code);
	json_decref(j);
	return r;
}

static int
bad_answer(const char *url, const char *what, struct pki_error *err)
{
	char *shown = pki_sanitize(what);
	int r = pki_err_set(err, PKI_ERR_IO, NULL,
	    _("The Certificate Authority at %s sent an answer ncpki does not understand: %s"), url,
	    shown ? shown : "");
	free(shown);
	return r;
}

/* Set by the console before a call runs on its worker thread (see
 * pki_client_set_cancel); read by libcurl's progress callback. */
static const volatile sig_atomic_t *cancel_flag;

void
pki_client_set_cancel(const volatile sig_atomic_t *flag)
{
	cancel_flag = flag;
}

static int
cancel_check(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)p;
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return cancel_flag != NULL && *cancel_flag != 0;
}

/*
 * One request on its own easy handle. On a 2xx answer *out is its JSON
 * object; *cc is curl's result (for first contact to tell a certificate
 * that does not verify from other failures).
 */
static int
http_call(const struct pki_client_config *c, const char *method, const char *suffix,
    const char *body, enum tls_mode tls, const char *cafile, json_t **out, CURLcode *cc,
    struct pki_error *err)
{
	char ebuf[CURL_ERROR_SIZE];
	struct resp_buf rb = { NULL, 0, false };
	struct curl_slist *hdrs = NULL;
	json_error_t jerr;
	CURL *h = NULL;
	char *url;
	long status = 0;
	int r = 0;

	*out = NULL;
	*cc = CURLE_OK;
	if ((url = service_url(c, suffix)) == NULL)
		return pki_err_nomem(err);
	if ((h = curl_easy_init()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	ebuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, TOTAL_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)RESP_MAX);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, resp_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &rb);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "ncpki/" PACKAGE_VERSION);
	if (cancel_flag != NULL) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cancel_check);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	switch (tls) {
	case TLS_PINNED:
		/* The pinned CA file is the only trust anchor. */
		curl_easy_setopt(h, CURLOPT_CAINFO, cafile);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
		break;
	case TLS_SYSTEM:
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
		break;
	case TLS_NONE:
		/* First contact only: the operator's fingerprint check decides. */
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		break;
	}
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	if (body != NULL) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	}
	(void)method;
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

	*cc = curl_easy_perform(h);
	if (*cc != CURLE_OK) {
		const char *why = ebuf[0] ? ebuf : curl_easy_strerror(*cc);
		if (*cc == CURLE_ABORTED_BY_CALLBACK)
			r = pki_err_set(err, PKI_ERR_IO, NULL,
			    _("The request to the Certificate Authority at %s was cancelled"), url);
		else if (rb.too_big || *cc == CURLE_FILESIZE_EXCEEDED)
			r = pki_err_set(err, PKI_ERR_TOO_LARGE, NULL,
			    _("The answer from %s is larger than %ld bytes"), url, RESP_MAX);
		else if (tls == TLS_PINNED && *cc == CURLE_PEER_FAILED_VERIFICATION)
			r = pki_err_set(err, PKI_ERR_IO, NULL,
			    _("Refusing the server at %s: its TLS certificate does not verify "
			      "against the pinned Certificate Authority certificate \"%s\" (%s)"),
			    url, cafile, why);
		else
			r = pki_err_set(err, PKI_ERR_IO, NULL,
			    _("Cannot reach the Certificate Authority at %s: %s"), url, why);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 400 || status < 200) {
		r = http_error(status, rb.data, url, err);
		goto out;
	}
	*out = rb.data ? json_loadb(rb.data, rb.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (*out == NULL || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		r = bad_answer(url, rb.data ? jerr.text : "empty body", err);
	}
out:
	curl_slist_free_all(hdrs);
	if (h != NULL)
		curl_easy_cleanup(h);
	free(rb.data);
	free(url);
	return r;
}

/* The configuration and the pinned CA file: what every later call needs. */
struct pinned {
	struct pki_client_config cfg;
	char *cafile;
	X509 *ca;
};

static void
pinned_clear(struct pinned *p)
{
	pki_client_config_clear(&p->cfg);
	free(p->cafile);
	X509_free(p->ca);
	memset(p, 0, sizeof *p);
}

static int
pinned_open(pki_store *store, struct pinned *p, struct pki_error *err)
{
	int r;

	memset(p, 0, sizeof *p);
	if ((r = pki_client_config_get(store, &p->cfg, err)) != 0 ||
	    (r = load_pinned(&p->cfg, &p->cafile, &p->ca, err)) != 0)
		pinned_clear(p);
	return r;
}

/* A pinned call: the URL for messages, then http_call. */
static int
pinned_call(struct pinned *p, const char *method, const char *suffix, const char *body,
    json_t **out, struct pki_error *err)
{
	CURLcode cc;

	return http_call(&p->cfg, method, suffix, body, TLS_PINNED, p->cafile, out, &cc, err);
}

/* --------------------------------------------------------------- get-ca */

int
pki_client_fetch_ca(pki_store *store, struct pki_client_ca *out, struct pki_error *err)
{
	struct pki_client_config c;
	const char *pem = NULL, *root = NULL, *inst = NULL, *node = NULL;
	json_error_t jerr;
	json_t *j = NULL;
	pki_x509 *x = NULL;
	CURLcode cc;
	char *url = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_client_config_get(store, &c, err)) != 0)
		return r;
	url = service_url(&c, "/ca");
	r = http_call(&c, "GET", "/ca", NULL, TLS_SYSTEM, NULL, &j, &cc, err);
	if (r != 0 && (cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE)) {
		/* Not verifiable before anything is pinned: the fingerprints are. */
		pki_error_clear(err);
		out->unverified_tls = true;
		r = http_call(&c, "GET", "/ca", NULL, TLS_NONE, NULL, &j, &cc, err);
	}
	if (r != 0)
		goto out;
	if (json_unpack_ex(j, &jerr, 0, "{s:s, s:s, s?s, s?s}", "pem", &pem, "file_root", &root,
	        "instance", &inst, "node", &node) != 0) {
		r = bad_answer(url ? url : "", jerr.text, err);
		goto out;
	}
	if ((r = pki_check_file_root(root, "file_root", err)) != 0)
		goto out;
	if (strlen(pem) > PKI_CERT_MAX_BYTES ||
	    (r = pki_x509_load((const unsigned char *)pem, strlen(pem), &x, NULL, err)) != 0) {
		if (r == 0)
			r = pki_err_set(err, PKI_ERR_TOO_LARGE, NULL,
			    _("The CA certificate from %s is too large"), url ? url : "");
		goto out;
	}
	if (!pki_x509_is_ca(x)) {
		r = pki_err_set(err, PKI_ERR_NOT_CA, NULL,
		    _("The certificate from %s is not a Certificate Authority certificate"),
		    url ? url : "");
		goto out;
	}
	if ((r = pki_x509_fingerprints(x, out->sha1, out->sha256, err)) != 0 ||
	    (r = pki_x509_pem(x, &out->pem, NULL, err)) != 0)
		goto out;
	out->subject = pki_x509_subject(x);
	out->file_root = strdup(root);
	out->instance = pki_strdup_nn(inst);
	out->node = pki_strdup_nn(node);
	if (!out->subject || !out->file_root || !out->instance || !out->node)
		r = pki_err_nomem(err);
out:
	if (r != 0)
		pki_client_ca_clear(out);
	pki_x509_free(&x);
	json_decref(j);
	free(url);
	pki_client_config_clear(&c);
	return r;
}

int
pki_client_pin_ca(pki_store *store, const struct pki_client_ca *ca, char **path,
    struct pki_error *err)
{
	struct pki_client_config c;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	pki_x509 *x = NULL;
	char *pem = NULL, *file = NULL;
	size_t len = 0;
	int r;

	if (path)
		*path = NULL;
	if ((r = pki_client_config_get(store, &c, err)) != 0)
		return r;
	if ((r = pki_check_file_root(ca->file_root, "file_root", err)) != 0 || ca->pem == NULL ||
	    (r = pki_x509_load((const unsigned char *)ca->pem, strlen(ca->pem), &x, NULL, err)) !=
	        0 ||
	    (r = pki_x509_fingerprints(x, sha1, sha256, err)) != 0) {
		if (r == 0)
			r = pki_err_set(err, PKI_ERR_INVALID, "pem", _("No certificate to pin"));
		goto out;
	}
	/* What is pinned is exactly what the operator confirmed. */
	if (strcmp(sha256, ca->sha256) != 0 || strcmp(sha1, ca->sha1) != 0) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The certificate does not have the fingerprints that were confirmed"));
		goto out;
	}
	if (!pki_x509_is_ca(x)) {
		r = pki_err_set(err, PKI_ERR_NOT_CA, NULL,
		    _("The certificate is not a Certificate Authority certificate"));
		goto out;
	}
	if ((r = pki_x509_pem(x, &pem, &len, err)) != 0 || (r = pki_mkdir_p(c.dir, 0700, err)) != 0)
		goto out;
	if ((file = pki_path_join3(c.dir, ca->file_root, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out;
	r = store->ops->client_pin(store, ca->file_root, sha256, err);
	if (r == 0)
		r = pki_audit(store, "config-changed", err, "client: pinned CA \"%s\", SHA-256 %s",
		    ca->file_root, sha256);
	/* The file goes in before the commit: a pin never names a missing file. */
	if (r == 0)
		r = pki_file_write_atomic(file, pem, len, 0644, err);
	if (r == 0)
		r = store->ops->tx_commit(store, err);
	else
		store->ops->tx_rollback(store);
	if (r == 0 && path) {
		*path = file;
		file = NULL;
	}
out:
	free(file);
	free(pem);
	pki_x509_free(&x);
	pki_client_config_clear(&c);
	return r;
}

/* --------------------------------------------------------------- submit */

/* renewal_of: the serial the request renews, 0 for none; proof: its proof
 * of possession of that certificate's key, NULL when the key is kept. */
static int
post_csr(struct pinned *p, const char *pem, const char *root, const char *hostname,
    uint64_t renewal_of, const char *proof, struct pki_client_submitted *out, struct pki_error *err)
{
	const char *inst = NULL, *node = NULL;
	json_int_t id = 0;
	json_error_t jerr;
	json_t *req = NULL, *contact, *j = NULL;
	char *host = NULL, *body = NULL, *url = NULL;
	int r = 0;

	if (pki_str_empty(hostname)) {
		if ((host = host_name()) == NULL)
			return pki_err_set(err, PKI_ERR_INVALID, "hostname",
			    _("This host's name is unknown: give the hostname"));
		hostname = host;
	}
	if ((r = pki_check_hostname(hostname, "hostname", err)) != 0)
		goto out;
	contact = json_pack("{s:s}", "name", p->cfg.contact_name);
	if (contact != NULL && p->cfg.contact_phone[0] != '\0')
		json_object_set_new(contact, "phone", json_string(p->cfg.contact_phone));
	if (contact != NULL && p->cfg.contact_email[0] != '\0')
		json_object_set_new(contact, "email", json_string(p->cfg.contact_email));
	req = contact ? json_pack("{s:s, s:s, s:s, s:s, s:o}", "csr", pem, "file_root", root,
	                    "hostname", hostname, "instance", p->cfg.instance, "contact", contact)
	              : NULL;
	if (req != NULL && renewal_of != 0 &&
	    (json_object_set_new(req, "renewal_of", json_integer((json_int_t)renewal_of)) != 0 ||
	        (proof != NULL &&
	            json_object_set_new(req, "renewal_proof", json_string(proof)) != 0))) {
		json_decref(req);
		req = NULL;
	}
	if (req == NULL || (body = json_dumps(req, JSON_COMPACT)) == NULL ||
	    (url = service_url(&p->cfg, "/csr")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pinned_call(p, "POST", "/csr", body, &j, err)) != 0)
		goto out;
	if (json_unpack_ex(j, &jerr, 0, "{s:I, s?s, s?s}", "id", &id, "instance", &inst, "node",
	        &node) != 0 ||
	    id <= 0) {
		r = bad_answer(url, id <= 0 ? "id" : jerr.text, err);
		goto out;
	}
	out->id = (int64_t)id;
	out->instance = pki_strdup_nn(inst);
	out->node = pki_strdup_nn(node);
	out->file_root = strdup(root);
	if (!out->instance || !out->node || !out->file_root)
		r = pki_err_nomem(err);
out:
	json_decref(j);
	json_decref(req);
	free(body);
	free(url);
	free(host);
	return r;
}

/* Adds to a failed POST's message that the files stay for a resubmission
 * (as a renewal of renewal_of when not 0). */
static void
note_kept(struct pki_error *err, const char *key, const char *csr, const char *root,
    uint64_t renewal_of)
{
	char msg[PKI_ERROR_MSG_MAX];

	snprintf(msg, sizeof msg, "%s", err->msg);
	if (renewal_of != 0)
		snprintf(err->msg, sizeof err->msg,
		    _("%s. The private key \"%s\" and request \"%s\" were kept: send them again "
		      "with \"ncpki client resubmit --root %s --renewal-of %" PRIu64 "\""),
		    msg, key, csr, root, renewal_of);
	else
		snprintf(err->msg, sizeof err->msg,
		    _("%s. The private key \"%s\" and request \"%s\" were kept: send them again "
		      "with \"ncpki client resubmit --root %s\""),
		    msg, key, csr, root);
}

/* POSTs the request just made; on success out takes g's fingerprints and
 * paths, on failure the message says the files were kept. */
static int
send_generated(struct pinned *p, struct pki_csr_generated *g, const char *root,
    const char *hostname, uint64_t renewal_of, const char *proof, struct pki_client_submitted *out,
    struct pki_error *err)
{
	int r;

	if ((r = post_csr(p, g->pem, root, hostname, renewal_of, proof, out, err)) != 0) {
		note_kept(err, g->key_path, g->csr_path, root, renewal_of);
		return r;
	}
	memcpy(out->sha1, g->sha1, sizeof out->sha1);
	memcpy(out->sha256, g->sha256, sizeof out->sha256);
	out->key_path = g->key_path;
	out->csr_path = g->csr_path;
	g->key_path = g->csr_path = NULL;
	return 0;
}

int
pki_client_submit(pki_store *store, const struct pki_client_request *rq,
    struct pki_client_submitted *out, struct pki_error *err)
{
	struct pki_csr_request creq;
	struct pki_csr_generated g;
	struct pinned p;
	int r;

	memset(out, 0, sizeof *out);
	memset(&g, 0, sizeof g);
	/* Refused before any key is made: no pinned CA, no submission. */
	if ((r = pinned_open(store, &p, err)) != 0)
		return r;
	creq = rq->csr;
	creq.dir = p.cfg.dir;
	if (!pki_str_empty(rq->hostname) &&
	    (r = pki_check_hostname(rq->hostname, "hostname", err)) != 0)
		goto out;
	if ((r = pki_csr_generate(&creq, &g, err)) != 0)
		goto out;
	r = send_generated(&p, &g, rq->csr.root, rq->hostname, 0, NULL, out, err);
out:
	if (r != 0)
		pki_client_submitted_clear(out);
	pki_csr_generated_clear(&g);
	pinned_clear(&p);
	return r;
}

int
pki_client_resubmit(pki_store *store, const char *root, const char *hostname,
    struct pki_client_submitted *out, struct pki_error *err)
{
	return pki_client_resubmit_renewal(store, root, hostname, 0, out, err);
}

int
pki_client_resubmit_renewal(pki_store *store, const char *root, const char *hostname,
    uint64_t renewal_of, struct pki_client_submitted *out, struct pki_error *err)
{
	struct pki_csr_info info;
	struct pinned p;
	unsigned char *data = NULL;
	size_t len = 0;
	char *csr = NULL, *key = NULL, *proof_path = NULL, *proof = NULL;
	int r;

	memset(out, 0, sizeof *out);
	memset(&info, 0, sizeof info);
	if ((r = pki_check_file_root(root, "root", err)) != 0 ||
	    (r = pinned_open(store, &p, err)) != 0)
		return r;
	if ((csr = pki_path_join3(p.cfg.dir, root, ".csr")) == NULL ||
	    (key = pki_path_join3(p.cfg.dir, root, ".key")) == NULL ||
	    (proof_path = pki_path_join3(p.cfg.dir, root, ".proof")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	/* A renewal with a new key: the proof client renew wrote. */
	if (renewal_of != 0 && pki_path_exists(proof_path) &&
	    (r = pki_renewal_proof_read(proof_path, &proof, err)) != 0)
		goto out;
	if ((r = pki_file_read(csr, PKI_CSR_MAX_BYTES, &data, &len, err)) != 0 ||
	    (r = pki_csr_inspect(data, len, &info, err)) != 0 ||
	    (r = post_csr(&p, info.pem, root, hostname, renewal_of, proof, out, err)) != 0)
		goto out;
	memcpy(out->sha1, info.sha1, sizeof out->sha1);
	memcpy(out->sha256, info.sha256, sizeof out->sha256);
	out->csr_path = csr;
	out->key_path = key;
	csr = key = NULL;
out:
	if (r != 0)
		pki_client_submitted_clear(out);
	pki_csr_info_clear(&info);
	free(data);
	free(csr);
	free(key);
	free(proof_path);
	free(proof);
	pinned_clear(&p);
	return r;
}

/* ------------------------------------------------------ list and get */

/* "2036-11-22T14:03:00Z" */
static bool
iso_time(const char *s, time_t *out)
{
	struct tm tm;
	char z = 0;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	        &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &n) != 7 ||
	    z != 'Z' || s[n] != '\0')
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

/* One item of P/certs (or P/certs/N without its pem and chain). */
static int
cert_from_json(json_t *o, const char *url, struct pki_cert_info *c, struct pki_error *err)
{
	const char *root, *host = "", *inst = "", *subj = "", *usage, *sha1 = "", *sha256 = "",
	                  *nb = "", *na = "", *revoked = "", *reason = "", *sn = "";
	json_int_t serial = 0;
	json_error_t jerr;

	memset(c, 0, sizeof *c);
	if (json_unpack_ex(o, &jerr, 0,
	        "{s:I, s:s, s?s, s?s, s?s, s:s, s?s, s?s, s?s, s?s, s?s, s?s, s?s}", "serial",
	        &serial, "file_root", &root, "hostname", &host, "instance", &inst, "subject", &subj,
	        "usage", &usage, "sha1", &sha1, "sha256", &sha256, "not_before", &nb, "not_after",
	        &na, "revoked_at", &revoked, "reason", &reason, "serial_number", &sn) != 0)
		return bad_answer(url, jerr.text, err);
	/* Revocation: absent from older servers. */
	if (revoked[0] &&
	    (!iso_time(revoked, &c->revoked_at) || pki_reason_parse(reason, &c->reason) != 0))
		return bad_answer(url, "revoked_at or reason", err);
	if (serial <= 0 || pki_usage_parse(usage, &c->usage) != 0 ||
	    (nb[0] && !iso_time(nb, &c->not_before)) || (na[0] && !iso_time(na, &c->not_after)) ||
	    strlen(sha1) >= sizeof c->sha1 || strlen(sha256) >= sizeof c->sha256 ||
	    strlen(sn) >= sizeof c->serial_number || strspn(sn, "0123456789ABCDEF") != strlen(sn))
		return bad_answer(url, "serial, usage, fingerprint or time", err);
	snprintf(c->serial_number, sizeof c->serial_number, "%s", sn);
	c->serial = (uint64_t)serial;
	snprintf(c->sha1, sizeof c->sha1, "%s", sha1);
	snprintf(c->sha256, sizeof c->sha256, "%s", sha256);
	c->file_root = strdup(root);
	c->hostname = strdup(host);
	c->instance = strdup(inst);
	c->subject = strdup(subj);
	c->issuer = strdup("");
	c->sans = strdup("");
	c->contact_name = strdup("");
	c->contact_phone = strdup("");
	c->contact_email = strdup("");
	if (!c->file_root || !c->hostname || !c->instance || !c->subject || !c->issuer ||
	    !c->sans || !c->contact_name || !c->contact_phone || !c->contact_email) {
		pki_cert_info_clear(c);
		return pki_err_nomem(err);
	}
	return 0;
}

/* "&key=value" with value escaped, appended to *q. */
static int
query_add(char **q, CURL *h, const char *key, const char *value)
{
	char *esc, *nq;

	/* an empty criterion is none: ncpkid refuses "contact=" as a value */
	if (value == NULL || value[0] == '\0')
		return 0;
	if ((esc = curl_easy_escape(h, value, 0)) == NULL)
		return -1;
	nq = pki_strfmt("%s%c%s=%s", *q, (*q)[0] ? '&' : '?', key, esc);
	curl_free(esc);
	if (nq == NULL)
		return -1;
	free(*q);
	*q = nq;
	return 0;
}

int
pki_client_list(pki_store *store, const struct pki_cert_filter *f, struct pki_cert_info **out,
    size_t *n, struct pki_error *err)
{
	struct pki_cert_info *arr = NULL, *na;
	struct pinned p;
	json_t *j = NULL, *certs, *item, *next;
	char *q = strdup(""), *suffix = NULL, *url = NULL, num[32];
	CURL *h = curl_easy_init();
	size_t i, cnt = 0, pages;
	uint64_t after = 0, cursor;
	int r;

	*out = NULL;
	*n = 0;
	if (q == NULL || h == NULL) {
		r = pki_err_nomem(err);
		goto out0;
	}
	if ((r = pinned_open(store, &p, err)) != 0)
		goto out0;
	if (f != NULL) {
		snprintf(num, sizeof num, "%" PRIu64, f->serial);
		if ((f->serial && query_add(&q, h, "serial", num) != 0) ||
		    query_add(&q, h, "hostname", f->hostname) != 0 ||
		    query_add(&q, h, "instance", f->instance) != 0 ||
		    query_add(&q, h, "file_root", f->file_root) != 0 ||
		    query_add(&q, h, "contact", f->contact_email) != 0) {
			r = pki_err_nomem(err);
			goto out;
		}
	}
	/* The service lists for a criterion only: without one,
	 * this client's certificates, those of its technical contact. */
	if (q[0] == '\0' && query_add(&q, h, "contact", p.cfg.contact_email) != 0) {
		r = pki_err_nomem(err);
		goto out;
	}
	/* The answer comes in pages: follow each `next` cursor to the end. */
	for (pages = 0;; pages++) {
		free(suffix);
		free(url);
		url = NULL;
		snprintf(num, sizeof num, "%" PRIu64, after);
		suffix = after != 0
		    ? pki_strfmt("/certs%s%climit=%d&after=%s", q, q[0] ? '&' : '?', LIST_PAGE, num)
		    : pki_strfmt("/certs%s%climit=%d", q, q[0] ? '&' : '?', LIST_PAGE);
		if (suffix == NULL || (url = service_url(&p.cfg, suffix)) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		json_decref(j);
		j = NULL;
		if ((r = pinned_call(&p, "GET", suffix, NULL, &j, err)) != 0)
			goto out;
		certs = json_object_get(j, "certificates");
		if (!json_is_array(certs) || json_array_size(certs) > LIST_PAGE ||
		    cnt + json_array_size(certs) > LIST_MAX) {
			r = bad_answer(url, "certificates", err);
			goto out;
		}
		if (json_array_size(certs) > 0) {
			if ((na = realloc(arr, (cnt + json_array_size(certs)) * sizeof *arr)) ==
			    NULL) {
				r = pki_err_nomem(err);
				goto out;
			}
			arr = na;
		}
		json_array_foreach(certs, i, item)
		{
			if ((r = cert_from_json(item, url, &arr[cnt], err)) != 0)
				goto out;
			cnt++;
		}
		next = json_object_get(j, "next");
		if (next == NULL || json_is_null(next))
			break;
		/* A cursor that does not move forward would loop forever. */
		if (!json_is_string(next) ||
		    sscanf(json_string_value(next), "%" SCNu64, &cursor) != 1 || cursor <= after ||
		    pages + 1 >= LIST_MAX / LIST_PAGE + 1) {
			r = bad_answer(url, "next", err);
			goto out;
		}
		after = cursor;
	}
	*out = arr;
	*n = cnt;
	arr = NULL;
	cnt = 0;
out:
	pki_cert_info_array_free(&arr, cnt);
	pinned_clear(&p);
out0:
	json_decref(j);
	if (h != NULL)
		curl_easy_cleanup(h);
	free(q);
	free(suffix);
	free(url);
	return r;
}

/* The certificate chains to the pinned CA, its only trust anchor;
 * any_time: an expired one too (a renewal may come late). */
static int
verify_to_pin(X509 *ca, X509 *leaf, STACK_OF(X509) * chain, const char *url, bool any_time,
    struct pki_error *err)
{
	X509_STORE *xs = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int r = 0;

	if (xs == NULL || ctx == NULL || !X509_STORE_add_cert(xs, ca) ||
	    !X509_STORE_CTX_init(ctx, xs, leaf, chain)) {
		r = pki_err_crypto(err, _("Cannot set up certificate verification"));
		goto out;
	}
	if (any_time)
		X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
	/* An intermediate CA pinned is an anchor as well as a root. */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_verify_cert(ctx) != 1)
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The certificate from %s does not verify against the pinned Certificate "
		      "Authority certificate: %s"),
		    url, X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(xs);
	return r;
}

/* Appends x's PEM to *buf. */
static int
pem_append(char **buf, size_t *len, X509 *x, struct pki_error *err)
{
	char *pem = NULL, *nb;
	size_t n = 0;
	int r;

	if ((r = pki_x509_pem((pki_x509 *)x, &pem, &n, err)) != 0)
		return r;
	if ((nb = realloc(*buf, *len + n + 1)) == NULL) {
		free(pem);
		return pki_err_nomem(err);
	}
	memcpy(nb + *len, pem, n);
	*len += n;
	nb[*len] = '\0';
	*buf = nb;
	free(pem);
	return 0;
}

int
pki_client_get(pki_store *store, uint64_t serial, bool overwrite, char **path,
    struct pki_cert_info *info, struct pki_error *err)
{
	struct pki_cert_info ci;
	struct pinned p;
	STACK_OF(X509) *chain = NULL;
	json_t *j = NULL, *jchain, *item;
	X509 *leaf = NULL, *x;
	const char *pem;
	char *suffix = NULL, *url = NULL, *cer = NULL, *chainf = NULL, *cpem = NULL, *full = NULL,
	     *cname = NULL, hex[PKI_SERIAL_HEX_SIZE];
	size_t clen = 0, flen = 0, i;
	int r;

	*path = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	memset(&ci, 0, sizeof ci);
	if (serial == 0)
		return pki_err_set(err, PKI_ERR_INVALID, "serial",
		    _("A serial number is a positive integer"));
	if ((r = pinned_open(store, &p, err)) != 0)
		return r;
	if ((suffix = pki_strfmt("/certs/%" PRIu64, serial)) == NULL ||
	    (url = service_url(&p.cfg, suffix)) == NULL || (chain = sk_X509_new_null()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pinned_call(&p, "GET", suffix, NULL, &j, err)) != 0 ||
	    (r = cert_from_json(j, url, &ci, err)) != 0)
		goto out;
	pem = json_string_value(json_object_get(j, "pem"));
	jchain = json_object_get(j, "chain");
	if (pem == NULL || (jchain != NULL && !json_is_array(jchain)) ||
	    json_array_size(jchain) > CHAIN_MAX) {
		r = bad_answer(url, "pem, chain", err);
		goto out;
	}
	if ((leaf = pem_cert(pem)) == NULL) {
		r = pki_err_crypto(err, _("The certificate from the server does not parse"));
		goto out;
	}
	json_array_foreach(jchain, i, item)
	{
		if (!json_is_string(item) || (x = pem_cert(json_string_value(item))) == NULL) {
			r = bad_answer(url, "chain", err);
			goto out;
		}
		sk_X509_push(chain, x);
	}
	/* Nothing the server said is taken on trust. */
	pki_x509_serial_hex((pki_x509 *)leaf, hex);
	if (ci.serial != serial || !pki_x509_serial_is((pki_x509 *)leaf, serial) ||
	    (ci.serial_number[0] != '\0' && strcmp(ci.serial_number, hex) != 0)) {
		r = pki_err_set(err, PKI_ERR_MISMATCH, NULL,
		    _("The server sent a certificate with another serial number than %" PRIu64),
		    serial);
		goto out;
	}
	if ((r = verify_to_pin(p.ca, leaf, chain, url, false, err)) != 0 ||
	    (r = pki_check_file_root(ci.file_root, "file_root", err)) != 0 ||
	    (r = pki_x509_fingerprints((pki_x509 *)leaf, ci.sha1, ci.sha256, err)) != 0)
		goto out;
	free(ci.subject);
	free(ci.issuer);
	free(ci.sans);
	ci.subject = pki_x509_subject((pki_x509 *)leaf);
	ci.issuer = pki_x509_issuer((pki_x509 *)leaf);
	ci.sans = pki_x509_sans((pki_x509 *)leaf);
	pki_x509_validity((pki_x509 *)leaf, &ci.not_before, &ci.not_after);
	if (!ci.subject || !ci.issuer || !ci.sans) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = pem_append(&cpem, &clen, leaf, err)) != 0)
		goto out;
	full = strdup(cpem);
	flen = clen;
	for (i = 0; full != NULL && (int)i < sk_X509_num(chain); i++)
		if ((r = pem_append(&full, &flen, sk_X509_value(chain, (int)i), err)) != 0)
			goto out;
	if ((cname = pki_strfmt("%s-chain", ci.file_root)) == NULL || full == NULL ||
	    (cer = pki_path_join3(p.cfg.dir, ci.file_root, ".cer")) == NULL ||
	    (chainf = pki_path_join3(p.cfg.dir, cname, ".pem")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (!overwrite && (pki_path_exists(cer) || pki_path_exists(chainf))) {
		r = pki_err_set(err, PKI_ERR_EXISTS, "path",
		    _("The file \"%s\" or \"%s\" already exists"), cer, chainf);
		goto out;
	}
	if ((r = pki_mkdir_p(p.cfg.dir, 0700, err)) != 0 ||
	    (r = pki_file_write_atomic(cer, cpem, clen, 0644, err)) != 0 ||
	    (r = pki_file_write_atomic(chainf, full, flen, 0644, err)) != 0)
		goto out;
	*path = cer;
	cer = NULL;
	if (info) {
		ci.pem = cpem;
		cpem = NULL;
		*info = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	pki_cert_info_clear(&ci);
	sk_X509_pop_free(chain, X509_free);
	X509_free(leaf);
	json_decref(j);
	free(suffix);
	free(url);
	free(cer);
	free(chainf);
	free(cname);
	free(cpem);
	free(full);
	pinned_clear(&p);
	return r;
}

/* ---------------------------------------------------------------- renew */

#define RENEW_SCAN_MAX 10000 /* files looked at for a saved copy */

/*
 * The saved copy of certificate `serial` in the client's directory: a
 * ROOT.cer with that serial that verifies against the pinned CA (at any
 * time: an expired certificate is renewed too). *root is its file name
 * root. PKI_ERR_NOT_FOUND when there is none.
 */
static int
renew_local(struct pinned *p, uint64_t serial, X509 **leaf, char **root, struct pki_error *err)
{
	struct pki_error scratch;
	struct dirent *de;
	DIR *d;
	int r = PKI_ERR_NOT_FOUND, seen = 0;

	*leaf = NULL;
	*root = NULL;
	if ((d = opendir(p->cfg.dir)) == NULL)
		return PKI_ERR_NOT_FOUND;
	while (r == PKI_ERR_NOT_FOUND && seen++ < RENEW_SCAN_MAX && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		pki_x509 *x = NULL;
		char *name = NULL, *path = NULL;

		if (n <= 4 || strcmp(de->d_name + n - 4, ".cer") != 0 ||
		    (name = strndup(de->d_name, n - 4)) == NULL)
			continue;
		pki_error_clear(&scratch);
		if (pki_check_file_root(name, "root", &scratch) == 0 &&
		    (path = pki_path_join(p->cfg.dir, de->d_name)) != NULL &&
		    pki_file_read(path, PKI_CERT_MAX_BYTES, &data, &len, &scratch) == 0 &&
		    pki_x509_load(data, len, &x, NULL, &scratch) == 0 &&
		    pki_x509_serial_is(x, serial) && X509_cmp(X509P(x), p->ca) != 0 &&
		    verify_to_pin(p->ca, X509P(x), NULL, path, true, &scratch) == 0) {
			*leaf = X509P(x);
			*root = name;
			x = NULL;
			name = NULL;
			r = 0;
		}
		pki_x509_free(&x);
		free(data);
		free(path);
		free(name);
	}
	closedir(d);
	(void)err;
	return r;
}

/* "web" → "web-20261122"; "web-20251122" → "web-20261122". */
static int
renew_default_root(const char *old, time_t now, char **out, struct pki_error *err)
{
	char date[16];
	struct tm tm;
	size_t n = strlen(old), i;

	if (n > 9 && old[n - 9] == '-') {
		for (i = n - 8; i < n && isdigit((unsigned char)old[i]); i++)
			;
		if (i == n)
			n -= 9;
	}
	if (gmtime_r(&now, &tm) == NULL || strftime(date, sizeof date, "%Y%m%d", &tm) != 8)
		return pki_err_set(err, PKI_ERR_INVALID, "root", _("The date is not available"));
	if (n > PKI_FILE_ROOT_MAX - 9)
		n = PKI_FILE_ROOT_MAX - 9;
	if ((*out = pki_strfmt("%.*s-%s", (int)n, old, date)) == NULL)
		return pki_err_nomem(err);
	return 0;
}

/* DIR/OLDROOT.key, unlocked with pw, checked against the certificate: what
 * signs a renewal (the request itself, or the proof for a new key). */
static int
renew_old_key(struct pinned *p, const char *old_root, X509 *leaf, uint64_t serial, const char *pw,
    size_t pw_len, pki_key **key, unsigned char **file, size_t *len, struct pki_error *err)
{
	char *path = pki_path_join3(p->cfg.dir, old_root, ".key");
	bool needs = false;
	int r;

	*key = NULL;
	*file = NULL;
	*len = 0;
	if (path == NULL)
		return pki_err_nomem(err);
	if (!pki_path_exists(path)) {
		r = pki_err_set(err, PKI_ERR_KEY_UNAVAILABLE, "reuse_key",
		    _("The private key \"%s\" of certificate %" PRIu64 " is not there: a renewal "
		      "proves possession of it. Without it, send a new request (ncpki client "
		      "submit)"),
		    path, serial);
		goto out;
	}
	if ((r = pki_file_read(path, 64 * 1024, file, len, err)) != 0 ||
	    (r = pki_key_load(*file, *len, pw, pw_len, key, &needs, err)) != 0)
		goto out;
	if (!pki_x509_matches_key((pki_x509 *)leaf, *key))
		r = pki_err_set(err, PKI_ERR_MISMATCH, "reuse_key",
		    _("The private key \"%s\" does not belong to the certificate"), path);
out:
	if (r != 0) {
		pki_key_free(key);
		pki_secret_free(*file, *len);
		*file = NULL;
		*len = 0;
	}
	free(path);
	return r;
}

/* The proof that the new request g comes from the holder of old_key:
 * written to DIR/ROOT.proof (for a resubmission, or the CA's operator)
 * before it is sent. */
static int
renew_proof(struct pinned *p, const struct pki_csr_generated *g, const char *root,
    const pki_key *old_key, uint64_t serial, char **proof, char **path, struct pki_error *err)
{
	struct pki_csr_info info;
	unsigned char *der = NULL;
	size_t der_len = 0;
	char *line = NULL;
	int r;

	*proof = NULL;
	*path = NULL;
	memset(&info, 0, sizeof info);
	/* Signed over the DER the CA reads out of the PEM sent. */
	if ((r = pki_csr_parse((const unsigned char *)g->pem, strlen(g->pem), &info, &der, &der_len,
	         err)) != 0 ||
	    (r = pki_renewal_proof_make(old_key, serial, der, der_len, proof, err)) != 0)
		goto out;
	if ((*path = pki_path_join3(p->cfg.dir, root, ".proof")) == NULL ||
	    (line = pki_strfmt("%s\n", *proof)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	r = pki_file_write_atomic(*path, line, strlen(line), 0644, err);
out:
	if (r != 0) {
		free(*proof);
		free(*path);
		*proof = *path = NULL;
	}
	pki_csr_info_clear(&info);
	free(der);
	free(line);
	return r;
}

int
pki_client_renew(pki_store *store, uint64_t serial, const struct pki_client_renew_opts *o,
    struct pki_client_submitted *out, struct pki_error *err)
{
	struct pki_csr_request rq;
	struct pki_csr_generated g;
	struct pki_cert_info ci;
	struct pinned p;
	pki_key *key = NULL;
	X509 *leaf = NULL;
	unsigned char *kfile = NULL;
	size_t klen = 0;
	char *old_root = NULL, *root = NULL, *saved = NULL, *proof = NULL, *proof_path = NULL;
	const char *hostname = o->hostname;
	int r;

	memset(out, 0, sizeof *out);
	memset(&g, 0, sizeof g);
	memset(&ci, 0, sizeof ci);
	if (serial == 0)
		return pki_err_set(err, PKI_ERR_INVALID, "serial",
		    _("A serial number is a positive integer"));
	if (!pki_str_empty(o->root) && (r = pki_check_file_root(o->root, "root", err)) != 0)
		return r;
	if (!pki_str_empty(hostname) && (r = pki_check_hostname(hostname, "hostname", err)) != 0)
		return r;
	if ((r = pinned_open(store, &p, err)) != 0)
		return r;
	/* The saved copy, else the CA's (which saves it here). */
	if ((r = renew_local(&p, serial, &leaf, &old_root, err)) == PKI_ERR_NOT_FOUND) {
		if ((r = pki_client_get(store, serial, false, &saved, &ci, err)) != 0)
			goto out;
		if ((leaf = pem_cert(ci.pem)) == NULL ||
		    (old_root = strdup(ci.file_root)) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
	} else if (r != 0) {
		goto out;
	} else {
		/* The saved copy has no metadata: the CA's list has the hostname. */
		struct pki_cert_filter f = { .serial = serial };
		struct pki_cert_info *arr = NULL;
		struct pki_error scratch;
		size_t n = 0;

		if (pki_client_list(store, &f, &arr, &n, &scratch) == 0 && n == 1) {
			ci = arr[0];
			memset(&arr[0], 0, sizeof arr[0]);
		}
		pki_cert_info_array_free(&arr, n);
	}
	if (pki_str_empty(hostname) && !pki_str_empty(ci.hostname))
		hostname = ci.hostname;
	if (!pki_str_empty(o->root))
		root = strdup(o->root);
	else if ((r = renew_default_root(old_root, time(NULL), &root, err)) != 0)
		goto out;
	if (root == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = renew_old_key(&p, old_root, leaf, serial,
	         o->reuse_key ? o->password : o->old_password,
	         o->reuse_key ? o->password_len : o->old_password_len, &key, &kfile, &klen, err)) !=
	    0)
		goto out;
	memset(&rq, 0, sizeof rq);
	rq.root = root;
	rq.dir = p.cfg.dir;
	rq.key_type = o->key_type;
	if (!o->reuse_key) {
		rq.password = o->password;
		rq.password_len = o->password_len;
	}
	if ((r = pki_csr_generate_renewal(&rq, (pki_x509 *)leaf, o->reuse_key ? key : NULL, kfile,
	         klen, &g, err)) != 0)
		goto out;
	if (!o->reuse_key &&
	    (r = renew_proof(&p, &g, root, key, serial, &proof, &proof_path, err)) != 0)
		goto out;
	if ((r = send_generated(&p, &g, root, hostname, serial, proof, out, err)) == 0) {
		out->proof_path = proof_path;
		proof_path = NULL;
	}
out:
	if (r != 0)
		pki_client_submitted_clear(out);
	pki_csr_generated_clear(&g);
	pki_cert_info_clear(&ci);
	pki_key_free(&key);
	pki_secret_free(kfile, klen);
	X509_free(leaf);
	free(old_root);
	free(root);
	free(saved);
	free(proof);
	free(proof_path);
	pinned_clear(&p);
	return r;
}
