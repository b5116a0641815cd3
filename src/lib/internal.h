/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h: what the library's files share and the front ends never see:
 * the store's interface (store/store_ops.h), error helpers and the OpenSSL
 * layer (crypto*.c, signer.c) as plain C types.
 */
#ifndef NCPKI_INTERNAL_H
#define NCPKI_INTERNAL_H

#include "i18n.h"
#include "ncpki.h"

#include "store/store_ops.h"

/* ------------------------------------------------------------- error.c */
int pki_err_set(struct pki_error *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int pki_err_nomem(struct pki_error *err);
/* Appends OpenSSL's queued reason to a message, and clears the queue. */
int pki_err_crypto(struct pki_error *err, const char *what);

/* --------------------------------------------------------------- alloc.c */
/*
 * Makes room for `need` elements of `size` bytes in the array *arrp (a
 * pointer to the array's pointer), whose room is *cap elements: doubled
 * from `first` (or *cap) until it fits. On failure the array is as it was,
 * and PKI_ERR_NOMEM is returned.
 */
int pki_array_grow(void *arrp, size_t *cap, size_t need, size_t size, size_t first,
    struct pki_error *err);
/* The same for an array variable: PKI_GROW(arr, cap, n + 1, 16, err). */
#define PKI_GROW(arr, cap, need, first, err) \
	pki_array_grow(&(arr), &(cap), (need), sizeof *(arr), (first), (err))

/* --------------------------------------------------------------- paths.c */
char *pki_path_join(const char *dir, const char *name);
char *pki_path_join3(const char *dir, const char *root, const char *ext);
int pki_mkdir_p(const char *path, mode_t mode, struct pki_error *err);
bool pki_path_exists(const char *path);
/* A relative dir is taken relative to home; caller frees. */
char *pki_path_resolve(const char *home, const char *dir);
char *pki_strdup0(const char *s); /* NULL stays NULL */
char *pki_strdup_nn(const char *s); /* NULL becomes "" */
bool pki_str_empty(const char *s);
char *pki_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------ validate.c */
/*
 * Every fault of a form's values at once (pki_client_check,
 * pki_server_settings_check, pki_dn_check_all): pki_fault_slot gives the
 * next free error of the caller's array (a scratch one once it is full),
 * cleared; PKI_FAULT counts a fault when a check into that slot fails;
 * pki_faults_end gives the count (at most max) and PKI_ERR_INVALID when
 * there is one.
 */
struct pki_faults {
	struct pki_error *errs;
	size_t max, n;
	struct pki_error scratch;
};
void pki_faults_init(struct pki_faults *c, struct pki_error *errs, size_t max);
struct pki_error *pki_fault_slot(struct pki_faults *c);
int pki_faults_end(const struct pki_faults *c, size_t *count);
#define PKI_FAULT(c, expr) \
	do { \
		if ((expr) != 0) \
			(c)->n++; \
	} while (0)

/* pki_dn_check for every field: the first max errors into errs, *count
 * how many there are. */
int pki_dn_check_all(const struct pki_dn *dn, struct pki_error *errs, size_t max, size_t *count);
/* A host name (RFC 1123); with allow_wildcard, "*." as the whole leftmost
 * label and never directly under a public suffix. */
bool pki_hostname_syntax(const char *h, bool allow_wildcard);
/* The same rule, with a message that says what is wrong. */
int pki_check_dns_name(const char *h, bool allow_wildcard, const char *field,
    struct pki_error *err);
/* domain is a public suffix (com, co.uk, github.io) by libpsl's list. */
bool pki_public_suffix(const char *domain);
bool pki_email_syntax(const char *addr);

/* --------------------------------------------------------------- base64.c */
/* A base64 digit's value, -1 for none; lenient also takes the URL
 * alphabet's '-' and '_' and a space for a '+' a URL decoder turned. */
int pki_base64_digit(unsigned char c, bool lenient);
/* Decodes base64 in one piece (CR, LF, tab ignored; leniently as above);
 * caller frees. PKI_ERR_INVALID when it is not base64 or is empty. */
int pki_base64_decode(const char *in, size_t inlen, unsigned char **out, size_t *outlen);

/* -------------------------------------------------------------- profile.c */
/* keyUsage bits by their RFC 5280 number (4.2.1.3): 1u << n. */
enum {
	PKI_KU_DIGITAL_SIGNATURE = 1u << 0,
	PKI_KU_KEY_ENCIPHERMENT = 1u << 2,
	PKI_KU_KEY_CERT_SIGN = 1u << 5,
	PKI_KU_CRL_SIGN = 1u << 6,
};
/* Extended key purposes (RFC 5280 4.2.1.12, id-kp-*). */
enum {
	PKI_KP_SERVER = 1u << 0, /* serverAuth .1 */
	PKI_KP_CLIENT = 1u << 1, /* clientAuth .2 */
	PKI_KP_CODE = 1u << 2, /* codeSigning .3 */
	PKI_KP_OCSP = 1u << 3 /* OCSPSigning .9 */
};
/* A certificate profile: what the builder puts in and the lint allows. */
struct pki_profile {
	const char *name; /* tls, intermediate, codesign, ocsp */
	const char *label; /* N_(): translate with _() */
	long max_days; /* the longest validity */
	bool ca; /* basicConstraints cA with a path length */
	unsigned key_usage; /* PKI_KU_* for every key */
	unsigned key_usage_rsa; /* PKI_KU_* added for an RSA key */
	unsigned ext_key_usage; /* PKI_KP_*, exactly; 0: no extendedKeyUsage */
	bool ocsp_nocheck; /* id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1) */
	bool revocation_pointers; /* crlDistributionPoints, authorityInfoAccess */
	bool cn_is_san; /* each CN is a host name or address among the SANs */
	bool subject_required; /* never an empty subject */
};
/* The profile of usage u; NULL for an unknown usage. */
const struct pki_profile *pki_profile_of(enum pki_usage u);

/* --------------------------------------------------------------- fileio.c */
int pki_fsync_dir(const char *path);
/* As pki_file_write_atomic, but path is created: written to a temporary
 * name, fsynced and linked to path, never replacing it (PKI_ERR_EXISTS
 * when it exists): how a CA key is written, never over another. */
int pki_file_create_excl(const char *path, const void *data, size_t len, mode_t mode,
    struct pki_error *err);
/* As pki_file_read, but only a regular file that is not a symbolic link
 * (opened with O_NOFOLLOW, never blocking on a FIFO): for what comes in a
 * directory from elsewhere (csr import DIR, offline media). */
int pki_file_read_regular(const char *path, size_t max, unsigned char **out, size_t *len,
    struct pki_error *err);
/* A hard link to `path` as path.old (path.old.N if taken, never replacing
 * a name): its name (caller frees), or NULL with errno set. */
char *pki_file_link_old(const char *path);
/* Renames `path` to path.old (path.old.N if taken); *to is the new name. */
int pki_file_set_aside(const char *path, char **to, struct pki_error *err);

/* -------------------------------------------------------------- crypto.c */
typedef struct pki_key pki_key; /* EVP_PKEY behind a plain type */
typedef struct pki_x509 pki_x509; /* X509 */

void pki_fp_format(const unsigned char *md, size_t n, char *out, size_t outsz);
int pki_fp_der(const unsigned char *der, size_t len, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err);

int pki_key_generate(enum pki_key_type t, pki_key **out, struct pki_error *err);
void pki_key_free(pki_key **k);
/* The file is PKCS#8 PBES2, PBKDF2 (the project's rounds), AES-256-CBC. */
bool pki_key_scheme_current(const unsigned char *data, size_t len);
/* Encrypted PKCS#8 PEM (AES-256-CBC, PBKDF2); caller frees. */
int pki_key_to_pem(const pki_key *k, const char *pw, size_t pwlen, char **pem, size_t *len,
    struct pki_error *err);
/*
 * Loads a private key (PEM or DER, PKCS#8, traditional, encrypted or not).
 * *needs_password tells whether the file asked for one. PKI_ERR_PASSWORD
 * when a password was needed and missing or wrong.
 */
int pki_key_load(const unsigned char *data, size_t len, const char *pw, size_t pwlen, pki_key **out,
    bool *needs_password, struct pki_error *err);
char *pki_key_desc(const pki_key *k);

int pki_x509_load(const unsigned char *data, size_t len, pki_x509 **out, bool *was_der,
    struct pki_error *err);
void pki_x509_free(pki_x509 **x);
int pki_x509_pem(const pki_x509 *x, char **pem, size_t *len, struct pki_error *err);
int pki_x509_der(const pki_x509 *x, unsigned char **der, size_t *len, struct pki_error *err);
int pki_x509_fingerprints(const pki_x509 *x, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err);
/* The same from a certificate's DER (no re-encoding). */
int pki_der_fingerprints(const unsigned char *der, size_t len, char sha1[PKI_FP_SHA1_SIZE],
    char sha256[PKI_FP_SHA256_SIZE], struct pki_error *err);
char *pki_x509_subject(const pki_x509 *x);
char *pki_x509_issuer(const pki_x509 *x);
void pki_x509_validity(const pki_x509 *x, time_t *nb, time_t *na);
bool pki_x509_is_ca(const pki_x509 *x);
uint64_t pki_x509_serial_u64(const pki_x509 *x); /* 0 if not representable */
/* The certificate numbered `counter`: its serialNumber is the counter, or
 * (random serial mode) more than 64 bits ending with the counter's 64. */
bool pki_x509_serial_is(const pki_x509 *x, uint64_t counter);
/* The octets of a serial number in hexadecimal as pki_x509_serial_hex
 * writes it (two digits per octet, no leading zero octet, at most 20);
 * 0 when it is not. */
size_t pki_serial_hex_bytes(const char *hex, unsigned char out[20]);
/* The certificate's serialNumber in hexadecimal ("" if unusable). */
void pki_x509_serial_hex(const pki_x509 *x, char hex[PKI_SERIAL_HEX_SIZE]);
/* Random serial mode: 64 bits from the CSPRNG, never all zero, then the
 * counter's 64 bits, as hexadecimal (see pki_server_set_serial_mode). */
int pki_serial_random(uint64_t counter, char hex[PKI_SERIAL_HEX_SIZE], struct pki_error *err);
bool pki_x509_matches_key(const pki_x509 *x, const pki_key *k);
char *pki_x509_key_desc(const pki_x509 *x);
char *pki_x509_sans(const pki_x509 *x); /* "" when none */
char *pki_der_to_pem(const char *label, const unsigned char *der, size_t len);

/* --------------------------------------------------------------- pair.c */
/* A key and certificate pair NAME in DIR replaced as one (see pair.c). */
/* DIR/NAME.vSERIAL; caller frees. */
char *pki_pair_version_dir(const char *dir, const char *name, uint64_t serial);
/* An empty DIR/NAME.new (*stage, caller frees) for NAME.key, .csr, .cer. */
int pki_pair_stage(const char *dir, const char *name, char **stage, struct pki_error *err);
/* Removes DIR/NAME.new (a failed run). */
void pki_pair_unstage(const char *dir, const char *name);
/* Puts the staged pair in service as version `serial` (one rename); a
 * pair of plain files from before is adopted first as version `old`. */
int pki_pair_commit(const char *dir, const char *name, uint64_t serial, uint64_t old,
    struct pki_error *err);
/* Reads the key and certificate of one version: `serial`'s, or (0) the
 * one in service, resolved once; plain files NAME.key and NAME.cer when
 * there are no versions. Caller frees (the key with pki_secret_free). */
int pki_pair_read(const char *dir, const char *name, uint64_t serial, unsigned char **key,
    size_t *key_len, unsigned char **cer, size_t *cer_len, struct pki_error *err);

/* ----------------------------------------------------- crypto_renewal.c */
/* The renewal proof (see crypto_renewal.c): base64, *b64 caller frees. */
int pki_renewal_proof_make(const pki_key *old_key, uint64_t serial, const unsigned char *csr_der,
    size_t csr_len, char **b64, struct pki_error *err);
/* *ok: b64 is a proof by the key of the certificate cert_der for this
 * request and serial (false for anything else, base64 that is not too). */
int pki_renewal_proof_verify(const unsigned char *cert_der, size_t cert_len, uint64_t serial,
    const unsigned char *csr_der, size_t csr_len, const char *b64, bool *ok, struct pki_error *err);
/* *same_key: the request has the certificate's public key. *extra: the
 * first SAN requested that the certificate does not have ("DNS:x"), NULL
 * when none; caller frees. */
int pki_renewal_compare(const unsigned char *cert_der, size_t cert_len,
    const unsigned char *csr_der, size_t csr_len, bool *same_key, char **extra,
    struct pki_error *err);

/* --------------------------------------------------------- crypto_csr.c */
int pki_csr_parse(const unsigned char *data, size_t len, struct pki_csr_info *info,
    unsigned char **der, size_t *der_len, struct pki_error *err);

/* --------------------------------------------------------- crypto_cert.c */
/* Self-signed CA certificate for a fresh key. */
int pki_cert_self_signed(const pki_key *key, const struct pki_dn *dn, long days, pki_x509 **out,
    struct pki_error *err);
/* A root's certificate `old` again, signed with its key: a new serial
 * number, valid from old's notBefore until `days` from now, the same
 * subject and extensions;
 * PKI_ERR_INVALID when `old` is not self-signed with `key`. */
int pki_cert_self_renewed(const pki_key *key, const pki_x509 *old, long days, pki_x509 **out,
    struct pki_error *err);

/* ------------------------------------------------------------- signer.c */
struct pki_issue_req {
	const unsigned char *csr_der;
	size_t csr_len;
	uint64_t serial;
	/* Random serial mode: the serialNumber to use instead of `serial`,
	 * upper-case hexadecimal; "" for the counter's value. */
	char serial_number[PKI_SERIAL_HEX_SIZE];
	enum pki_usage usage;
	long days;
	/* days was asked for this certificate (refused past the issuer's
	 * notAfter), not the CA's default (cut to the issuer's end). */
	bool days_explicit;
	time_t now;
	/* Put into the certificate when not empty. Borrowed. */
	const char *crl_url, *ocsp_url, *ca_issuers_url;
	int pathlen; /* PKI_USAGE_INTERMEDIATE: its pathLenConstraint */
};
/* Builds, lints and signs one certificate: its DER (malloc'd) and what
 * its row needs from it (caller frees the strings). */
struct pki_issued {
	time_t not_before, not_after;
	char *subject, *issuer, *sans; /* as text, for the row; malloc'd */
};
int pki_signer_issue(pki_signer *s, const struct pki_issue_req *req, unsigned char **der,
    size_t *der_len, struct pki_issued *info, struct pki_error *err);
/* The CRL under construction (crypto_crl.c), signed by signer.c. */
typedef struct pki_crl_builder pki_crl_builder;
int pki_crl_builder_new(const pki_x509 *ca, uint64_t number, time_t this_update, time_t next_update,
    pki_crl_builder **out, struct pki_error *err);
/* serial_number: the certificate's own serialNumber in hexadecimal when it
 * is not `serial` (random serial mode), else NULL. */
int pki_crl_builder_add(pki_crl_builder *b, uint64_t serial, const char *serial_number,
    time_t revoked_at, int reason, time_t invalidity_date, struct pki_error *err);
/* Signs with the CA key and returns the DER (caller frees). */
int pki_signer_sign_crl(pki_signer *s, pki_crl_builder *b, unsigned char **der, size_t *len,
    struct pki_error *err);
void pki_crl_builder_free(pki_crl_builder **b);
/* The unlocked key is the configured CA's (PKI_ERR_MISMATCH if not). */
int pki_signer_check(pki_store *store, const pki_signer *s, struct pki_error *err);
/* crl.c: pki_crl_generate inside the caller's write transaction. */
int pki_crl_generate_tx(pki_store *store, pki_signer *signer, struct pki_crl_info *out,
    struct pki_error *err);
/* The signer's CA certificate (borrowed). */
const pki_x509 *pki_signer_ca(const pki_signer *s);
/*
 * What a signer does, wherever its key is: libncpki_sign (src/lib/sign/,
 * the key in this process) implements these, and libncpki reaches a key
 * only through them (signer.c), so that the library links no key code
 * and ncpkid, which links the library alone, can open no CA key.
 */
struct pki_signer_ops {
	int (*issue)(pki_signer *s, const struct pki_issue_req *req, unsigned char **der,
	    size_t *der_len, struct pki_issued *info, struct pki_error *err);
	int (*sign_crl)(pki_signer *s, pki_crl_builder *b, unsigned char **der, size_t *len,
	    struct pki_error *err);
	/* The signer's own (root) certificate again, for `days` from now
	 * (pki_cert_self_renewed), as DER: it builds it from its certificate,
	 * never from bytes it is handed. */
	int (*renew_self)(pki_signer *s, long days, unsigned char **der, size_t *len,
	    struct pki_error *err);
	void (*close)(pki_signer *s);
};
/* The head every signer begins with. */
struct pki_signer {
	const struct pki_signer_ops *ops;
	const pki_x509 *ca; /* the CA certificate, owned by the signer */
};

/* ------------------------------------------------------------- keygen.c */
/*
 * A renewal's request (pki_client_renew): the subject and subjectAltName
 * of `cert` exactly, rq's root, dir and password; with `key` (NULL: a new
 * key of rq->key_type) whose file bytes key_file are written as
 * DIR/ROOT.key.
 */
int pki_csr_generate_renewal(const struct pki_csr_request *rq, const pki_x509 *cert,
    const pki_key *key, const unsigned char *key_file, size_t key_file_len,
    struct pki_csr_generated *out, struct pki_error *err);

/* ------------------------------------------------------------ server.c */
/* Reads DIR/ROOT.srl (hex, OpenSSL style): the next serial; 0 if absent. */
int pki_srl_read(const char *path, uint64_t *next, struct pki_error *err);
int pki_srl_write(const char *path, uint64_t next, struct pki_error *err);
/* The next serial for an SRL file and the highest serial recorded: one
 * above the highest when the file is missing, garbage or behind (*state). */
int pki_srl_next(const char *path, uint64_t max_used, uint64_t *next, enum pki_srl_state *state,
    struct pki_error *err);

/* ---------------------------------------------------------------- mail.c */
#define PKI_MAIL_MAX_ATTEMPTS 10
#define PKI_MAIL_BACKOFF_MAX (6 * 3600)
/* One outbox row; call inside the caller's open transaction. */
int pki_mail_enqueue(pki_store *s, const char *kind, const char *recipient, const char *subject,
    const char *body, struct pki_error *err);
/* The event hooks: each enqueues its notice when there is a recipient,
 * inside the event's transaction. */
int pki_mail_notify_configured(pki_store *s, const struct pki_ca_row *row, const char *cer_path,
    const char *key_path, const char *srl_path, struct pki_error *err);
int pki_mail_notify_issued(pki_store *s, const struct pki_cert_info *ci, struct pki_error *err);
/* Seconds before the next try after `attempts` failed ones. */
time_t pki_mail_backoff(int attempts);
struct pki_smtp_target {
	char host[256];
	long port;
	bool smtps; /* implicit TLS */
	bool loopback; /* STARTTLS optional */
};
/* The SMTP password's file in the data directory (0600). */
#define PKI_SMTP_PASSWORD_FILE "smtp-password"
char *pki_mail_password_path(const pki_store *store);
/* CAs the operator trusts for the SMTP server, besides the system's. */
#define PKI_SMTP_CA_FILE "smtp-ca.pem"
/* Copies the PEM certificates of `path` to DATA/smtp-ca.pem; NULL removes it. */
int pki_mail_ca_save(const pki_store *store, const char *path, struct pki_error *err);
bool pki_mail_ca_present(const pki_store *store);
/* Writes the file atomically, 0600; NULL or empty: removes it. */
int pki_mail_password_save(const pki_store *store, const char *pw, size_t len,
    struct pki_error *err);
/* Moves a password still in the database to its file. */
int pki_mail_password_migrate(pki_store *store, struct pki_error *err);
/* "host", "host:port", "smtp://host:port", "smtps://host:port", "[::1]:25". */
int pki_mail_smtp_target(const char *server, struct pki_smtp_target *t, struct pki_error *err);
/* The whole RFC 5322 message, CRLF line ends; caller frees. */
int pki_mail_message(int64_t id, const char *from, const char *to, const char *subject,
    const char *body, time_t now, char **out, struct pki_error *err);

/* -------------------------------------------------------- crypto_chain.c */
bool pki_x509_self_signed(const pki_x509 *x);
/*
 * Verifies the CA certificate `cert` up to a self-signed root with the PEM
 * certificates in data (`what` names them in messages; the certificate
 * itself may be among them). *chain_pem: the chain above cert, nearest
 * issuer first, the root last (caller frees).
 */
int pki_chain_build(const pki_x509 *cert, const unsigned char *data, size_t len, const char *what,
    char **chain_pem, struct pki_error *err);
/* The same for a PEM certificate; *above as for pki_chain_build. */
int pki_chain_verify_pem(const char *cert_pem, const char *chain_pem, const char *what,
    char **above, struct pki_error *err);
/*
 * What `openssl verify -x509_strict` does, for `ncpki check`:
 * the CA certificate and its stored chain (PEM, nearest issuer first; ""
 * or NULL for a root), the self-signed ones trusted. Time is not checked
 * (an expired certificate is not an anomaly). Free with pki_strict_free.
 */
typedef struct pki_strict pki_strict;
int pki_strict_new(const pki_x509 *ca, const char *chain_pem, pki_strict **out,
    struct pki_error *err);
void pki_strict_free(pki_strict **s);
/* 0 when x passes, else the X509_V_ERR_ code; *why: OpenSSL's words. */
int pki_strict_verify(const pki_strict *s, const pki_x509 *x, const char **why);
/* 1 when the certificate is for the public key of the request (PEM or DER). */
int pki_x509_matches_csr(const pki_x509 *x, const unsigned char *csr, size_t len);

/* ----------------------------------------------------------------- csr.c */
/* Intake in two halves, so that many requests share one transaction. */
int pki_csr_prepare(const unsigned char *data, size_t len, const struct pki_csr_meta *meta,
    struct pki_csr_info *c, unsigned char **der, size_t *der_len, struct pki_error *err);
int pki_csr_store_tx(pki_store *store, struct pki_csr_info *c, const unsigned char *der,
    size_t der_len, struct pki_error *err);

/* --------------------------------------------------------------- issue.c */
/* pki_csr_issue with a validity of `days` (0: the CA's issue days); the
 * only path that issues PKI_USAGE_OCSP (ocsp.c). */
int pki_csr_issue_days(pki_store *store, pki_signer *signer, int64_t csr_id, enum pki_usage usage,
    long days, struct pki_cert_info *out, struct pki_error *err);

/* check.c and crypto_check.c: `ncpki check` (the rows: store/store_ops.h). */
/* Each anomaly found is handed to add() as a translated sentence. */
typedef void (*pki_anomaly_fn)(void *ctx, char *msg); /* takes msg (malloc'd) */
void pki_check_cert_der(const pki_x509 *ca, const pki_strict *strict,
    const struct pki_check_cert *row, pki_anomaly_fn add, void *ctx);
/* The serials a CRL lists: counter serials sorted with pki_u64_cmp, and
 * wider ones (random serial mode) as hexadecimal sorted with strcmp. */
struct pki_serial_list {
	uint64_t *u64;
	size_t n;
	char (*wide)[PKI_SERIAL_HEX_SIZE];
	size_t nwide;
};
void pki_serial_list_clear(struct pki_serial_list *l);
/* Checks one CRL; *listed (caller clears) gets the serials it lists. */
int pki_u64_cmp(const void *a, const void *b);
int pki_hex_cmp(const void *a, const void *b); /* strcmp */
void pki_check_crl_der(const pki_x509 *ca, const struct pki_check_crl *row,
    struct pki_serial_list *listed, pki_anomaly_fn add, void *ctx);

/* audit.c, crypto_audit.c: the audit trail. */
int pki_audit_hash(const struct pki_audit_entry *e, char out[PKI_AUDIT_HASH_SIZE]);
/* The keyed seal: HMAC-SHA-256 with the audit key over the previous seal
 * ("" for the first), the entry's id and its link hash. */
int pki_audit_mac(const unsigned char *key, size_t keylen, const char *prev_mac, int64_t id,
    const char *hash, char out[PKI_AUDIT_HASH_SIZE]);
/* The head anchor's own tag over what it records. */
int pki_audit_head_tag(const unsigned char *key, size_t keylen, int64_t legacy, int64_t sealed,
    const char *mac, char out[PKI_AUDIT_HASH_SIZE]);
/* keylen octets from the CSPRNG. */
int pki_audit_key_new(unsigned char *key, size_t keylen);
/* Appends "ok" for action on the object (printf format) inside the
 * caller's write transaction. */
int pki_audit(pki_store *s, const char *action, struct pki_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for a change made outside the database (a file written): in a
 * transaction of its own. */
int pki_audit_tx(pki_store *s, const char *action, struct pki_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A refusal worth keeping, in a transaction of its own (outside the
 * caller's, which has rolled back); never fails the caller. */
void pki_audit_refusal(pki_store *s, const char *action, const char *object, const char *why);

/* issue_pool.c: a batch's certificates built, linted and signed on every
 * core; the caller keeps the database. jobs[i].r is 0 when job i is done,
 * its error when it failed, -1 when it was not run (another failed). */
struct pki_sign_job {
	struct pki_issue_req ir;
	int r;
	struct pki_error err;
	unsigned char *der;
	size_t der_len;
	char sha1[PKI_FP_SHA1_SIZE], sha256[PKI_FP_SHA256_SIZE];
	char *subject, *issuer, *sans;
	time_t not_before, not_after;
};
/* Returns 0, or the first failed job's error (copied to err). */
int pki_sign_jobs(pki_signer *s, struct pki_sign_job *jobs, size_t n, struct pki_error *err);
/* The same in two steps: _start returns with the jobs running on the pool;
 * _finish makes the calling thread work on them too, waits for them all
 * and frees the batch. Every started batch must be finished. */
typedef struct pki_sign_batch pki_sign_batch;
int pki_sign_jobs_start(pki_signer *s, struct pki_sign_job *jobs, size_t n, pki_sign_batch **out,
    struct pki_error *err);
int pki_sign_jobs_finish(pki_sign_batch *b, struct pki_error *err);
void pki_sign_job_clear(struct pki_sign_job *j);

#endif
