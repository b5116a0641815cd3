/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csr.h: the certificate request (PKCS#10), from its making to its intake.
 * A request is generated with its key pair, checked, stored as pending
 * with its contact and host metadata (one at a time, in groups for the web
 * service, or a directory of files from offline media), and waits there
 * until it is issued (issue.h) or deleted. A request may renew an issued
 * certificate, with a proof of possession of that certificate's key.
 */
#ifndef NCPKI_CSR_H
#define NCPKI_CSR_H

#include "error.h"
#include "key.h"
#include "store.h"
#include "validate.h"

/* ------------------------------------------------------------------ intake */

struct pki_csr_meta {
	const char *file_root; /* required */
	const char *contact_name; /* optional here; the client requires it */
	const char *contact_phone;
	const char *contact_email;
	const char *hostname;
	const char *instance;
	/* The serial of the issued certificate this request renews (0: none):
	 * refused unless that certificate exists, is not revoked, has exactly
	 * this subject, every SAN requested and the same contact, and the
	 * request either keeps its key or carries renewal_proof
	 * (PKI_ERR_NOT_RENEWAL: the request may be sent as a new one). */
	uint64_t renewal_of;
	/* With renewal_of: base64 of a signature by the renewed certificate's
	 * key over PKI_RENEWAL_PROOF_CONTEXT, the serial in decimal and a
	 * newline, then the request's DER (see pki_renewal_proof_make). */
	const char *renewal_proof;
};

/* The first bytes of what a renewal proof signs. */
#define PKI_RENEWAL_PROOF_CONTEXT "ncpki renewal proof v1\n"
/* The longest renewal proof accepted (base64 characters). */
#define PKI_RENEWAL_PROOF_MAX 4096

struct pki_csr_info {
	int64_t id;
	char *file_root;
	char *subject; /* RFC 2253 order, UTF-8 */
	char *key_desc; /* "RSA 2048", "EC P-256", "Ed25519" */
	char *sans; /* "DNS:a.example, IP:192.0.2.1" or "" */
	char *sig_alg; /* "sha256WithRSAEncryption" */
	char *contact_name, *contact_phone, *contact_email;
	char *hostname, *instance;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t received;
	char *pem; /* the request itself */
	uint64_t renewal_of; /* serial this request renews; 0: a new request */
	char *renewal_proof; /* intake only (not stored): meta's renewal_proof */
};
void pki_csr_info_clear(struct pki_csr_info *c);
void pki_csr_info_array_free(struct pki_csr_info **arr, size_t n);

/*
 * Parses and checks a PKCS#10 request (PEM or DER) without storing it;
 * fills out (caller clears). Used by intake and by clients before sending.
 */
int pki_csr_inspect(const unsigned char *data, size_t len, struct pki_csr_info *out,
    struct pki_error *err);

/*
 * Stores a request after every check (size, syntax, signature, key
 * strength, subject, SANs, metadata). On success out holds the new row.
 * The call the web service uses too.
 */
int pki_csr_submit(pki_store *store, const unsigned char *data, size_t len,
    const struct pki_csr_meta *meta, struct pki_csr_info *out, struct pki_error *err);

/* Reads a renewal proof file (base64 text, as `ncpki client renew` writes
 * ROOT.proof); *out is NUL-terminated, caller frees. */
int pki_renewal_proof_read(const char *path, char **out, struct pki_error *err);

/*
 * The extensions a request (PEM) asks for, one line each, in the order it
 * lists them: "name: value", or "name (critical): value", the value as
 * OpenSSL prints it. ncpki takes only the subjectAltNames; the rest are
 * shown so that an operator sees what was asked. Free with
 * pki_pem_array_free.
 */
int pki_csr_extensions(const char *pem, char ***lines, size_t *n, struct pki_error *err);

/* ------------------------------------------------------- pending requests */

/* Pending requests, oldest first, without their PEM (pem is NULL:
 * pki_csr_get has it). Caller frees with pki_csr_info_array_free. */
int pki_csr_list(pki_store *store, struct pki_csr_info **out, size_t *n, struct pki_error *err);
int pki_csr_get(pki_store *store, int64_t id, struct pki_csr_info *out, struct pki_error *err);
/* How many requests are pending. */
int pki_csr_count(pki_store *store, size_t *n, struct pki_error *err);
int pki_csr_delete(pki_store *store, int64_t id, struct pki_error *err);

/* --------------------------------------------------------- intake in groups */

/*
 * Group commit for the web service (src/lib/csr_batch.c): many submissions
 * share one write transaction and one fsync. pki_csr_pending_prepare makes
 * every check of pki_csr_submit that needs no database, on the caller's
 * thread, and keeps the request ready to store (on failure p holds nothing).
 * pki_csr_store_group then stores a group in one BEGIN IMMEDIATE ... COMMIT,
 * each request in a SAVEPOINT of its own with an audit row under its own
 * actor: one refused there (a duplicate, a renewal of an unknown
 * certificate) gets its own code and err and the others are stored. It
 * returns 0 once the COMMIT has returned (each item: code 0 and info.id, or
 * its refusal); any other return means nothing was stored and every item
 * has a nonzero code. Clear each item with pki_csr_pending_clear.
 */
struct pki_csr_pending {
	char actor[128]; /* the audit trail's actor; "": the store's */
	int code; /* after pki_csr_store_group: 0 or PKI_ERR_* */
	struct pki_error err; /* the refusal, when code != 0 */
	struct pki_csr_info info; /* the request; info.id once stored */
	unsigned char *der; /* private to the library */
	size_t der_len;
	/* The client's address, stored with the request ("": none), and the
	 * most requests that may be pending, this one included, from that
	 * address and for the request's contact (its email, else its name),
	 * counted in the transaction that stores it (0: no quota). Over
	 * either: code PKI_ERR_QUOTA, err.field "submitter" or "contact". */
	char submitter[64];
	unsigned int max_per_submitter, max_per_contact;
};
int pki_csr_pending_prepare(const unsigned char *data, size_t len, const struct pki_csr_meta *meta,
    const char *actor, struct pki_csr_pending *p, struct pki_error *err);
int pki_csr_store_group(pki_store *store, struct pki_csr_pending **items, size_t n,
    struct pki_error *err);
void pki_csr_pending_clear(struct pki_csr_pending *p);

/* ------------------------------------------------- a directory of requests */

/* One request file of a directory import (pki_csr_import_dir). */
struct pki_import_item {
	char *file; /* the file's name in the directory */
	char *file_root; /* as it would be stored, or NULL */
	int code; /* 0: imported (or importable); else the refusal */
	char msg[PKI_ERROR_MSG_MAX];
	int64_t id; /* the stored request's number; 0 when not stored */
	char sha1[PKI_FP_SHA1_SIZE];
};
struct pki_import_report {
	struct pki_import_item *items;
	size_t n, refused;
	bool stored; /* the requests were stored (nothing was refused) */
};
void pki_import_report_clear(struct pki_import_report *r);

/*
 * Imports every request DIR/NAME.csr (PKCS#10, PEM or DER) with its optional
 * contact sidecar DIR/NAME.json (see ncpki(1), OFFLINE FILES), each checked
 * like any intake. All or nothing, in one transaction: when any file is
 * refused nothing is stored, the call returns the first refusal's code and
 * out lists every file with its outcome. PKI_ERR_NOT_FOUND: no *.csr in DIR.
 */
int pki_csr_import_dir(pki_store *store, const char *dir, struct pki_import_report *out,
    struct pki_error *err);
/* Writes the sidecar for a request: contact, hostname, instance, renewal_of. */
int pki_csr_meta_write(const char *path, const struct pki_csr_meta *meta, struct pki_error *err);

/* ------------------------------------------------- key pair and request */

/*
 * Generates a key pair and a PKCS#10 request: DIR/ROOT.key (mode 0600;
 * encrypted PKCS#8 AES-256 when a password is given) and DIR/ROOT.csr (PEM).
 * Refuses to overwrite either file (PKI_ERR_EXISTS). SANs are strings such
 * as "DNS:host.example", "IP:192.0.2.1", "email:a@b.example", "URI:...".
 */
struct pki_csr_request {
	const char *root;
	const char *dir; /* created 0700 if missing */
	const char *password; /* NULL/0: key stored unencrypted (0600) */
	size_t password_len;
	struct pki_dn subject;
	enum pki_key_type key_type;
	const char *const *sans;
	size_t nsans;
};
struct pki_csr_generated {
	char *key_path, *csr_path;
	char *pem; /* the request */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
};
int pki_csr_generate(const struct pki_csr_request *req, struct pki_csr_generated *out,
    struct pki_error *err);
/* Checks one SAN as pki_csr_generate takes it (field "sans"); 0 if good. */
int pki_san_check(const char *san, struct pki_error *err);
void pki_csr_generated_clear(struct pki_csr_generated *g);

#endif /* NCPKI_CSR_H */
