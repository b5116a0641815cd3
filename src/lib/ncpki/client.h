/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * client.h: the CA client, the other end of the web service. It keeps its
 * settings (server, contact, instance, directory) in the store, pins the
 * CA certificate the operator confirmed by its fingerprints, makes key
 * pairs and requests in its own directory, sends them, renews issued
 * certificates and fetches them back checked against the pinned CA.
 */
#ifndef NCPKI_CLIENT_H
#define NCPKI_CLIENT_H

#include <signal.h>

#include "cert.h"
#include "csr.h"
#include "error.h"
#include "key.h"
#include "store.h"

/* ---------------------------------------------------------------- settings */

#define PKI_CLIENT_DEFAULT_PORT 8443
#define PKI_CLIENT_DEFAULT_PATH "/ncpki/v1"

struct pki_client_config {
	char *server_host;
	long server_port;
	char *server_path;
	char *contact_name, *contact_phone, *contact_email;
	char *instance;
	char *dir; /* absolute when read back */
	char *ca_file_root; /* "" until the CA certificate is pinned */
	char ca_sha256[PKI_FP_SHA256_SIZE];
	time_t configured_at;
};
void pki_client_config_clear(struct pki_client_config *c);

/*
 * The client's settings, as the guide's "Configure Local Certificate
 * Authority Client" form has them. Pointers are borrowed.
 */
struct pki_client_params {
	const char *server_host; /* required: host name or IP literal */
	long server_port; /* 1-65535; 0: PKI_CLIENT_DEFAULT_PORT */
	const char *server_path; /* NULL/"": PKI_CLIENT_DEFAULT_PATH */
	const char *contact_name; /* required */
	const char *contact_phone; /* optional */
	const char *contact_email; /* optional */
	const char *instance; /* NULL/"": this host's name */
	const char *dir; /* NULL/"": "client" in the data directory */
};
/*
 * Checks every field, collecting up to `max` errors into errs; *count is
 * how many were found. 0 when all are valid, else PKI_ERR_INVALID (the
 * console marks each field; pki_client_configure reports the first).
 */
int pki_client_check(const struct pki_client_params *p, struct pki_error *errs, size_t max,
    size_t *count);
/*
 * Stores the configuration in one transaction. A reconfiguration keeps the
 * pinned CA certificate unless the server's host or port changes.
 */
int pki_client_configure(pki_store *store, const struct pki_client_params *p,
    struct pki_error *err);
/* PKI_ERR_NOT_CONFIGURED when the client is not configured; caller clears. */
int pki_client_config_get(pki_store *store, struct pki_client_config *out, struct pki_error *err);

/*
 * Lets a front end stop the network calls (pki_client_*) of this process:
 * once *flag is non-zero, a call under way ends within a second or two
 * (libcurl looks about once a second) with PKI_ERR_IO ("...was
 * cancelled"). NULL: calls cannot be cancelled. Set it before the calls
 * start; the console sets it once.
 */
void pki_client_set_cancel(const volatile sig_atomic_t *flag);

/* ------------------------------------------------------ the CA certificate */

/* The CA certificate as the server sent it on first contact. */
struct pki_client_ca {
	char *pem; /* re-encoded from the parsed certificate */
	char sha1[PKI_FP_SHA1_SIZE]; /* computed here, not the server's */
	char sha256[PKI_FP_SHA256_SIZE];
	char *subject;
	char *file_root; /* the CA's file name root (validated) */
	char *instance, *node; /* as the server reports them */
	bool unverified_tls; /* the server's TLS certificate did not verify
	                           against the system trust store: only the
	                           operator's fingerprint check establishes trust */
};
void pki_client_ca_clear(struct pki_client_ca *c);
/* GET P/ca. Nothing is stored: show the fingerprints, then pki_client_pin_ca. */
int pki_client_fetch_ca(pki_store *store, struct pki_client_ca *out, struct pki_error *err);
/*
 * After the operator confirmed the fingerprints: writes DIR/CAROOT.cer and
 * pins it; every later request verifies the server against it. *path is
 * the file written (caller frees; may be NULL).
 */
int pki_client_pin_ca(pki_store *store, const struct pki_client_ca *ca, char **path,
    struct pki_error *err);

/* ---------------------------------------------------------------- requests */

/* A new key pair and request, sent to the CA. */
struct pki_client_request {
	struct pki_csr_request csr; /* .dir is ignored: the client's directory */
	const char *hostname; /* NULL/"": this host's name */
};
struct pki_client_submitted {
	int64_t id; /* the request's number at the CA */
	char *file_root;
	char *key_path, *csr_path;
	char *proof_path; /* a renewal with a new key: DIR/ROOT.proof; else NULL */
	char sha1[PKI_FP_SHA1_SIZE]; /* of the request, computed here */
	char sha256[PKI_FP_SHA256_SIZE];
	char *instance, *node; /* the CA's, as the server reports them */
};
void pki_client_submitted_clear(struct pki_client_submitted *s);
/*
 * Generates DIR/ROOT.key and DIR/ROOT.csr, then POSTs the request. When the
 * POST fails the files stay (the message says so): send them again with
 * pki_client_resubmit.
 */
int pki_client_submit(pki_store *store, const struct pki_client_request *req,
    struct pki_client_submitted *out, struct pki_error *err);
/* Sends DIR/ROOT.csr again; hostname NULL/"": this host's name. */
int pki_client_resubmit(pki_store *store, const char *root, const char *hostname,
    struct pki_client_submitted *out, struct pki_error *err);

/* ------------------------------------------------------------ certificates */

/* GET P/certs with the filter, following the service's pages to the end;
 * without a criterion (f NULL or empty): the certificates of the
 * configured technical contact. Free with pki_cert_info_array_free. */
int pki_client_list(pki_store *store, const struct pki_cert_filter *f, struct pki_cert_info **out,
    size_t *n, struct pki_error *err);
/*
 * GET P/certs/SERIAL; checks the certificate chains to the pinned CA and
 * has that serial, then saves DIR/FILENAME.cer and DIR/FILENAME-chain.pem
 * (refusing to replace them unless overwrite). *path is FILENAME.cer's
 * path (caller frees); info (may be NULL) is filled, pem included.
 */
int pki_client_get(pki_store *store, uint64_t serial, bool overwrite, char **path,
    struct pki_cert_info *info, struct pki_error *err);

/* ----------------------------------------------------------------- renewal */

/*
 * Renewing certificate `serial` from the CA client: a request with exactly
 * that certificate's subject and subjectAltName, sent as a renewal of it.
 * The certificate is the copy saved in the client's directory (FILENAME.cer
 * with that serial, verified against the pinned CA, expired or not), else
 * it is downloaded (pki_client_get). The new key and request are written
 * as DIR/ROOT.key and DIR/ROOT.csr, ROOT being `root` or, by default, the
 * certificate's file name root with the date of today: "web-20261122" (a
 * date an earlier renewal added is replaced, not stacked).
 * A renewal proves possession of the certificate's key DIR/OLDROOT.key:
 * reuse_key signs the request with it; a new key comes with
 * DIR/ROOT.proof, a signature by the old key over the new request and the
 * serial (pki_renewal_proof_make), sent with it. Without the old key there
 * is no renewal: send a new request.
 */
struct pki_client_renew_opts {
	enum pki_key_type key_type; /* the new key's type (not with reuse_key) */
	bool reuse_key; /* sign with the existing DIR/OLDROOT.key */
	/* A new key: encrypts it (NULL/0: stored unencrypted). reuse_key: unlocks
	 * the existing key when it is encrypted. Borrowed, never kept. */
	const char *password;
	size_t password_len;
	const char *root; /* NULL/"": the default above */
	const char *hostname; /* NULL/"": the certificate's, else this host's */
	/* A new key: unlocks the existing key that signs the proof, when it is
	 * encrypted (PKI_ERR_PASSWORD when it is and this is missing). */
	const char *old_password;
	size_t old_password_len;
};
int pki_client_renew(pki_store *store, uint64_t serial, const struct pki_client_renew_opts *o,
    struct pki_client_submitted *out, struct pki_error *err);
/* pki_client_resubmit of a renewal whose POST failed: DIR/ROOT.csr again,
 * as a renewal of renewal_of (0: as a new request), with DIR/ROOT.proof
 * when there is one. */
int pki_client_resubmit_renewal(pki_store *store, const char *root, const char *hostname,
    uint64_t renewal_of, struct pki_client_submitted *out, struct pki_error *err);

#endif /* NCPKI_CLIENT_H */
