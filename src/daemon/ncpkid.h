/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ncpkid.h: what the ncpkid web service shares between its files: main.c
 * (options, signals, the libmicrohttpd daemon), http.c (the request state
 * machine, routing, errors, the per-thread store), routes.c (one handler per
 * endpoint), json.c (strict JSON in, JSON out), log.c (the access log).
 */
#ifndef NCPKID_H
#define NCPKID_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exitcode.h"
#include "json.h"
#include "message.h"
#include "ncpki.h"

#define ND_DEFAULT_PORT 8443
#define ND_DEFAULT_PATH "/ncpki/v1"
#define ND_BODY_MAX (64 * 1024)
/* An oversized body up to this size is read and dropped before the 413, so
 * the client sees the answer instead of a reset; beyond it the connection
 * is answered and closed at once. */
#define ND_DISCARD_MAX (1024 * 1024)
/* A chunked body (its size not announced) over the limit is read and
 * dropped up to this size, then answered 413 and the connection closed.
 * libmicrohttpd 0.9.75 can queue no answer while a body is still arriving,
 * so a longer one is cut off unanswered. */
#define ND_DISCARD_CHUNKED_MAX (16 * 1024 * 1024)
/* GET certs: the page size by default and at most. */
#define ND_LIST_DEFAULT 100
#define ND_LIST_MAX 1000
/* Retry-After of a 429 for the quota of pending requests. */
#define ND_QUOTA_RETRY_AFTER 3600

/* The service's settings, fixed once the daemon runs. */
struct nd_config {
	const char *home; /* --home, or NULL: the library's default */
	char *path; /* base path without a trailing '/' */
	char *instance; /* --instance, or NULL: the CA's file name root */
	char *node; /* --node, or the host's name */
	/* Intake abuse; 0 turns each off. */
	unsigned int rate_limit; /* --rate-limit: POST csr a minute per address */
	unsigned int rate_burst; /* --rate-burst: at most this many at once */
	unsigned int max_per_address; /* --max-pending-per-address */
	unsigned int max_per_contact; /* --max-pending-per-contact */
	unsigned int digest_interval; /* --mail-digest-interval, seconds */
	/* --public-listing: GET certs without a criterion lists every
	 * certificate (paged); off, a caller must name a criterion. */
	bool public_listing;
};
extern struct nd_config nd_cfg;

/* ------------------------------------------------------------ mailer.c */
void nd_mailer_start(void);
void nd_mailer_kick(void); /* a notice was queued: send it soon */
void nd_mailer_stop(void); /* one last flush, then the thread ends */

/* ------------------------------------------------------------ requests */

/* One request's state, from its first call to its completion. */
struct nd_req {
	char method[8];
	char *url;
	char peer[64];
	unsigned char *body;
	size_t body_len;
	size_t received; /* body bytes seen, kept or not */
	bool too_large;
	bool done;
	unsigned int status;
	size_t bytes;
	/* The answer's Cache-Control when its body is not JSON; "": max-age=300. */
	char cache_control[80];
	/* POST csr: the submission, queued for a group commit (intake.c). */
	struct nd_intake *intake;
};

/* A response under construction by a handler. */
struct nd_resp {
	unsigned int status;
	json_t *json; /* the body (owned) */
	const char *allow; /* for 405 */
	/* Instead of json: a body of another type (owned, malloc'd). */
	unsigned char *body;
	size_t body_len;
	const char *content_type;
	unsigned int retry_after; /* a Retry-After header (seconds), 0: none */
	bool close; /* Connection: close (after a refused body) */
};

/* The calling thread's store, opened on first use; NULL with err set. */
pki_store *nd_store(struct pki_error *err);
/* Makes the per-thread store's key once, before the workers start: 0 or
 * an errno value. */
int nd_store_init(void);

enum MHD_Result nd_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data, size_t *upload_data_size,
    void **con_cls);
void nd_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe);

/* ------------------------------------------------------------- routes */
/* A route's handler (http.c's table): arg is the path segment after a
 * route ending in '/' (certs/N, ocsp/REQUEST), else NULL. It fills out. */
typedef void nd_handler(struct MHD_Connection *conn, struct nd_req *rq, const char *arg,
    struct nd_resp *out);
nd_handler nd_route_ca; /* GET P/ca */
nd_handler nd_route_csr; /* POST P/csr */
nd_handler nd_route_certs; /* GET P/certs */
nd_handler nd_route_cert; /* GET P/certs/N */
nd_handler nd_route_crl_der; /* GET P/crl: the newest CRL, DER */
nd_handler nd_route_crl_pem; /* GET P/crl.pem */
nd_handler nd_route_ca_der; /* GET P/ca.cer: DER, application/pkix-cert */
/* POST csr's answer once its submission is stored or refused (intake.c). */
void nd_route_csr_answer(struct nd_req *rq, struct nd_resp *out);
/* A GET of the path of the CRL or caIssuers URL the CA puts into the
 * certificates (`ncpki server urls`): true when answered. */
bool nd_route_published(struct MHD_Connection *conn, struct nd_req *rq, struct nd_resp *out);

/* ---------------------------------------------------------------- ocsp */
/* ocsp.c: the OCSP responder. POST P/ocsp (encoded NULL) and
 * GET P/ocsp/ENCODED. Start says in the log which signer answers. */
int nd_ocsp_start(void);
void nd_ocsp_stop(void);
/* POST P/ocsp (arg NULL) and GET P/ocsp/ENCODED. */
nd_handler nd_route_ocsp;
/* The dh_cls of the plain-HTTP listener (--ocsp-http-port): OCSP and CRL only. */
extern char nd_public_listener[];

/* ---------------------------------------------------------------- json */
/* Sets out to an error: status, {"error": code, "message": msg[, "field": f]}. */
void nd_json_error(struct nd_resp *out, unsigned int status, const char *code, const char *field,
    const char *msg);
/* The spec's mapping of a library error to a status and code. */
void nd_json_pki_error(struct nd_resp *out, const struct pki_error *err);
/* Text values: NULL becomes "". Each returns 0 or -1 (no memory). */

/*
 * Reads a string member of obj: absent (or null when !required) leaves *out
 * NULL; a wrong type or a missing required member sets an error response
 * naming `field` and returns -1.
 */
int nd_json_get_str(json_t *obj, const char *key, const char *field, bool required,
    const char **out, struct nd_resp *resp);
/* Rejects members not in the NULL-terminated `allowed`; prefix names them. */
int nd_json_only(json_t *obj, const char *const *allowed, const char *prefix, struct nd_resp *resp);
/*
 * POST csr's body (len bytes, need not end in NUL): the CSR's PEM in *csr and
 * the request's fields in *meta, all borrowed from *doc, which the caller
 * frees with json_decref(*doc), after an error too. Returns 0, or -1 with
 * out set to the error answer (400 invalid_json, invalid_field, unknown_field).
 */
int nd_json_csr_body(const unsigned char *body, size_t len, json_t **doc, const char **csr,
    struct pki_csr_meta *meta, struct nd_resp *out);

/* ----------------------------------------------------------------- log */
int nd_log_open(const char *path); /* NULL: stderr */
int nd_log_reopen(void);
void nd_log_request(const struct nd_req *rq);
void nd_log_close(void);

/* --------------------------------------------------------------- guard.c */
/* MHD_OPTION_UNESCAPE_CALLBACK: as libmicrohttpd's, but %00 becomes DEL. */
size_t nd_unescape(void *cls, struct MHD_Connection *conn, char *s);
/* Connections that take longer than `seconds` to send a whole request are
 * cut (libmicrohttpd's own timeout counts idleness only). */
int nd_deadline_start(long seconds);
void nd_deadline_stop(void);
/* MHD_OPTION_NOTIFY_CONNECTION */
void nd_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe);
void nd_deadline_arrived(struct MHD_Connection *conn); /* request complete */
void nd_deadline_rearm(struct MHD_Connection *conn); /* answered: next one */
unsigned long nd_deadline_cuts(void);

/* -------------------------------------------------------------- intake.c */
/* Group commit of POST csr: one writer thread stores what the
 * workers have checked, many requests to one transaction and one fsync. */
struct nd_intake;
int nd_intake_start(void); /* -1: no writer, each request stored alone */
void nd_intake_stop(void); /* stores what is queued, then the thread ends */
/*
 * Has libncpki check the request and queues it: returns false when the
 * connection is suspended until its group is committed (nd_access is then
 * called again), true when the answer is ready now (refused by the checks,
 * out of memory, or stored at once when no writer runs). Either way the
 * outcome is in nd_intake_result(rq) (NULL: out of memory).
 */
bool nd_intake_submit(struct MHD_Connection *conn, struct nd_req *rq, const char *csr,
    const struct pki_csr_meta *meta);
const struct pki_csr_pending *nd_intake_result(const struct nd_req *rq);
/* The instance the answer names: --instance, else the CA's file name root. */
const char *nd_intake_instance(const struct nd_req *rq);
void nd_intake_free(struct nd_intake *it);

/* ----------------------------------------------------------- ratelimit.c */
/* Takes a token from addr's bucket: false when it has none, with the
 * seconds until it has one in *retry_after. */
bool nd_rate_take(const char *addr, unsigned int *retry_after);

#endif /* NCPKID_H */
