/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ncpki.h: the one header the front ends (console, CLI, web service) include.
 *
 * libncpki is the backend: the SQLite store, the OpenSSL work, the rules of
 * the guide's CA server tasks. It never prints, never exits and never reads
 * a terminal. Every call that can fail returns 0 or an enum pki_err code and
 * fills a struct pki_error with a specific, translated message (and, for a
 * bad form field, the field's name) for the front end to show.
 *
 * Conventions: out-parameters are cleared at entry and set only on success;
 * "caller frees" is said where it applies; *_free() functions take T ** or a
 * struct pointer, accept NULL and leave nothing behind. Passwords are passed
 * as (pointer, length), never kept, and wiped by their owner.
 */
#ifndef NCPKI_H
#define NCPKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ errors */

enum pki_err {
	PKI_OK = 0,
	PKI_ERR_NOMEM,            /* out of memory */
	PKI_ERR_IO,               /* a file could not be read or written */
	PKI_ERR_DB,               /* the database failed */
	PKI_ERR_BUSY,             /* the database stayed locked too long */
	PKI_ERR_CRYPTO,           /* OpenSSL failed */
	PKI_ERR_INVALID,          /* a field is not valid: see .field */
	PKI_ERR_NOT_CONFIGURED,   /* no CA server configured yet */
	PKI_ERR_ALREADY_CONFIGURED,
	PKI_ERR_PASSWORD,         /* wrong or missing password */
	PKI_ERR_KEY_UNAVAILABLE,  /* CA key file absent: media not mounted */
	PKI_ERR_NOT_FOUND,        /* no such CSR or certificate */
	PKI_ERR_DUPLICATE,        /* the same CSR is already pending */
	PKI_ERR_TOO_LARGE,        /* input over its size limit */
	PKI_ERR_BAD_CSR,          /* unparsable, unsigned or unacceptable CSR */
	PKI_ERR_WEAK_KEY,         /* key below RSA 2048 / EC P-256 */
	PKI_ERR_MISMATCH,         /* key and certificate do not belong together */
	PKI_ERR_NOT_CA,           /* certificate is not a CA certificate */
	PKI_ERR_EXISTS,           /* a file that would be written exists */
	PKI_ERR_QUOTA,            /* too many requests pending for one submitter */
	PKI_ERR_NOT_RENEWAL,      /* refused as a renewal: may be sent as a new request */
	PKI_ERR__COUNT
};

#define PKI_ERROR_FIELD_MAX 32
#define PKI_ERROR_MSG_MAX 512

struct pki_error {
	int code;                          /* enum pki_err */
	char field[PKI_ERROR_FIELD_MAX];   /* form field at fault, or "" */
	char msg[PKI_ERROR_MSG_MAX];       /* translated, specific message */
};

/* A short generic text for a code; never NULL. */
const char *pki_strerror(int code);
void pki_error_clear(struct pki_error *err);

/* Sets up the library's message catalogue; call once before anything else. */
void pki_init(void);
const char *pki_version(void);

/* ----------------------------------------------------- limits and formats */

#define PKI_FP_SHA1_SIZE 60    /* "AA:BB:..." 20 bytes, NUL included */
#define PKI_FP_SHA256_SIZE 96  /* 32 bytes, NUL included */
/* A certificate's serialNumber in upper-case hexadecimal (at most 20
 * octets, RFC 5280 4.1.2.2), NUL included. */
#define PKI_SERIAL_HEX_SIZE 41
#define PKI_CSR_MAX_BYTES (64 * 1024)
#define PKI_CERT_MAX_BYTES (256 * 1024)
#define PKI_FILE_ROOT_MAX 64
#define PKI_PASSWORD_MIN 12
#define PKI_PASSWORD_MAX 1023
#define PKI_DAYS_MAX 36500

/* ------------------------------------------------------------ the store */

typedef struct pki_store pki_store;

/*
 * The data directory: $NCPKI_HOME, else $XDG_DATA_HOME/ncpki, else
 * ~/.local/share/ncpki. Caller frees.
 */
int pki_home_default(char **out, struct pki_error *err);

/*
 * Opens (creating 0700 and migrating as needed) the data directory `home`
 * (NULL: the default) and its ncpki.db.
 */
int pki_open(const char *home, pki_store **out, struct pki_error *err);
void pki_close(pki_store **store);
const char *pki_store_home(const pki_store *store);
const char *pki_store_db_path(const pki_store *store);
int pki_store_schema_version(pki_store *store);

/* ------------------------------------------------------------ validation */

/* Each returns 0 or PKI_ERR_INVALID with .field set to `field`. */
int pki_check_file_root(const char *root, const char *field, struct pki_error *err);
int pki_check_country(const char *cc, const char *field, struct pki_error *err);
int pki_check_email(const char *addr, const char *field, struct pki_error *err);
int pki_check_hostname(const char *host, const char *field, struct pki_error *err);
int pki_check_phone(const char *phone, const char *field, struct pki_error *err);
int pki_check_instance(const char *name, const char *field, struct pki_error *err);
int pki_check_text(const char *s, size_t max, const char *field, struct pki_error *err);
int pki_check_password(const char *pw, size_t len, const char *field, struct pki_error *err);
int pki_check_days(long days, const char *field, struct pki_error *err);

/*
 * A subject Distinguished Name as the guide's form has it. Each field is a
 * UTF-8 string or NULL/"" when absent; at least one must be present.
 * Pointers are borrowed.
 */
struct pki_dn {
	const char *country;   /* C: two-letter ISO 3166 code */
	const char *state;     /* ST */
	const char *locality;  /* L */
	const char *org;       /* O */
	const char *ou;        /* OU */
	const char *cn;        /* CN */
};
int pki_dn_check(const struct pki_dn *dn, struct pki_error *err);

/* Replaces control and non-UTF-8 bytes with '?' for safe display; caller frees. */
char *pki_sanitize(const char *s);

/* ------------------------------------------------------------ key types */

enum pki_key_type {
	PKI_KEY_RSA2048,
	PKI_KEY_RSA3072,
	PKI_KEY_RSA4096,
	PKI_KEY_EC_P256,
	PKI_KEY_EC_P384,
	PKI_KEY_ED25519,
	PKI_KEY__COUNT
};
#define PKI_KEY_DEFAULT PKI_KEY_RSA3072

/* "rsa2048" "rsa3072" "rsa4096" "p256" "p384" "ed25519" (and "ec-p256"...). */
int pki_key_type_parse(const char *name, enum pki_key_type *out);
const char *pki_key_type_name(enum pki_key_type t);   /* "rsa3072" */
const char *pki_key_type_label(enum pki_key_type t);  /* "RSA 3072" */

/* ---------------------------------------------------- CA server: configure */

enum pki_server_mode {
	PKI_SERVER_NEW,        /* create a key, self-signed certificate, SRL */
	PKI_SERVER_EXISTING    /* use DIR/ROOT.key and DIR/ROOT.cer */
};

/* Step 1 of the guide's form: what is in DIR for ROOT, so what comes next. */
struct pki_server_probe {
	enum pki_server_mode mode;
	char *dir;          /* absolute directory */
	char *key_path;     /* DIR/ROOT.key */
	char *cer_path;     /* DIR/ROOT.cer */
	char *srl_path;     /* DIR/ROOT.srl */
	bool key_exists, cer_exists, srl_exists;
	bool key_encrypted; /* EXISTING: the key asks for a password */
};
int pki_server_probe(pki_store *store, const char *root, const char *dir,
                     struct pki_server_probe *out, struct pki_error *err);
void pki_server_probe_clear(struct pki_server_probe *p);

struct pki_server_params {
	const char *root;
	const char *dir;             /* relative: to the data directory */
	/* The CA key's password: required for NEW; for EXISTING only when the
	 * key is encrypted. Borrowed, never stored. */
	const char *password;
	size_t password_len;
	/* NEW only */
	struct pki_dn subject;
	enum pki_key_type key_type;
	long ca_days;
	/* both */
	long issue_days;
	const char *smtp_server;     /* optional: host or host:port */
	const char *smtp_user;       /* optional */
	const char *smtp_password;   /* optional */
	size_t smtp_password_len;
	const char *admin_email;     /* optional, fully qualified */
	/* Issue 14: the one host that may be reached without STARTTLS (optional),
	 * and a PEM file of CAs trusted for the SMTP server besides the
	 * system's (optional, copied to DATA/smtp-ca.pem). */
	const char *smtp_insecure_host;
	const char *smtp_ca_file;
	/* EXISTING, a CA certificate that is not self-signed (an intermediate):
	 * a PEM file with its issuing chain up to the root; required then. */
	const char *chain_path;
	/* Issue 14: a new CA draws its serial numbers from the CSPRNG (see
	 * pki_server_set_serial_mode) unless this asks for the guide's counter,
	 * an explicit choice: a zeroed parameter block gets random serials. */
	bool counter_serial;
};

/*
 * Checks every field for `mode`, collecting up to `max` errors into errs;
 * *count is how many were found. Returns 0 when all are valid, else
 * PKI_ERR_INVALID (the console marks each field; the CLI shows the first).
 */
int pki_server_check(const struct pki_server_params *p, enum pki_server_mode mode,
                     struct pki_error *errs, size_t max, size_t *count);

struct pki_server_result {
	enum pki_server_mode mode;
	char *cer_path, *key_path, *srl_path;
	char *renamed_from;   /* a lone existing file set aside, or NULL */
	char *renamed_to;     /* ...its new name with .old */
	bool srl_created;
	bool key_reencrypted; /* EXISTING: the key file was unencrypted or in an outdated
	                         scheme, and was re-encrypted under the password */
	uint64_t next_serial;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	char *subject;
	char *admin_email;    /* NULL when none was given */
};
int pki_server_configure(pki_store *store, const struct pki_server_params *p,
                         struct pki_server_result *out, struct pki_error *err);
void pki_server_result_clear(struct pki_server_result *r);

/* Deletes the configuration, issued-certificate records and pending CSRs;
 * keeps the key, certificate and SRL files. */
int pki_server_reinit(pki_store *store, struct pki_error *err);

struct pki_server_info {
	char *root, *dir, *cer_path, *key_path, *srl_path;
	char *subject;
	char *key_desc;       /* "RSA 3072", "EC P-256", ... */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after, configured_at;
	long ca_days;         /* 0 for an existing certificate */
	long issue_days;
	char *smtp_server, *smtp_user, *admin_email;
	char *smtp_insecure_host;   /* "" when STARTTLS is required everywhere */
	bool smtp_password_set;
	bool smtp_ca_set;           /* DATA/smtp-ca.pem is there */
	bool created_new;
	uint64_t next_serial; /* from the SRL file, 0 if unreadable */
	bool key_present;     /* the key file is reachable now */
	size_t pending, issued;
	bool random_serial;   /* serial numbers from the CSPRNG (issue 6) */
};
int pki_server_info(pki_store *store, struct pki_server_info *out, struct pki_error *err);
void pki_server_info_clear(struct pki_server_info *i);

/* ------------------------------------------------------------ CSR intake */

struct pki_csr_meta {
	const char *file_root;       /* required */
	const char *contact_name;    /* optional here; the client requires it */
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
	char *subject;         /* RFC 2253 order, UTF-8 */
	char *key_desc;        /* "RSA 2048", "EC P-256", "Ed25519" */
	char *sans;            /* "DNS:a.example, IP:192.0.2.1" or "" */
	char *sig_alg;         /* "sha256WithRSAEncryption" */
	char *contact_name, *contact_phone, *contact_email;
	char *hostname, *instance;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t received;
	char *pem;             /* the request itself */
	uint64_t renewal_of;   /* serial this request renews; 0: a new request */
	char *renewal_proof;   /* intake only (not stored): meta's renewal_proof */
};
void pki_csr_info_clear(struct pki_csr_info *c);
void pki_csr_info_array_free(struct pki_csr_info **arr, size_t n);

/*
 * Parses and checks a PKCS#10 request (PEM or DER) without storing it;
 * fills out (caller clears). Used by intake and by clients before sending.
 */
int pki_csr_inspect(const unsigned char *data, size_t len,
                    struct pki_csr_info *out, struct pki_error *err);

/*
 * Stores a request after every check (size, syntax, signature, key
 * strength, subject, SANs, metadata). On success out holds the new row.
 * The call the web service uses too.
 */
int pki_csr_submit(pki_store *store, const unsigned char *data, size_t len,
                   const struct pki_csr_meta *meta, struct pki_csr_info *out,
                   struct pki_error *err);

/* Reads a renewal proof file (base64 text, as `ncpki client renew` writes
 * ROOT.proof); *out is NUL-terminated, caller frees. */
int pki_renewal_proof_read(const char *path, char **out, struct pki_error *err);

/* Pending requests, oldest first, without their PEM (pem is NULL:
 * pki_csr_get has it). Caller frees with pki_csr_info_array_free. */
int pki_csr_list(pki_store *store, struct pki_csr_info **out, size_t *n,
                 struct pki_error *err);
int pki_csr_get(pki_store *store, int64_t id, struct pki_csr_info *out,
                struct pki_error *err);
/* How many requests are pending. */
int pki_csr_count(pki_store *store, size_t *n, struct pki_error *err);
int pki_csr_delete(pki_store *store, int64_t id, struct pki_error *err);

/* --------------------------------------------------------------- issuing */

enum pki_usage {
	PKI_USAGE_TLS,            /* TLS/SSL and XML security */
	PKI_USAGE_INTERMEDIATE,   /* Intermediate Certificate Authority */
	PKI_USAGE_CODESIGN,       /* Code signing */
	PKI_USAGE_OCSP,           /* OCSP signing: issued by pki_ocsp_setup() only */
	PKI_USAGE__COUNT
};
int pki_usage_parse(const char *name, enum pki_usage *out);  /* tls|intermediate|codesign|ocsp */
const char *pki_usage_name(enum pki_usage u);
const char *pki_usage_label(enum pki_usage u);               /* translated */
/*
 * Issue 14: the longest validity, in days, a certificate of usage u may
 * have; a longer request is refused (and lint refuses a longer
 * certificate). TLS 398 (CA/Browser Forum Baseline Requirements 6.3.2),
 * code signing 460 (Code Signing Baseline Requirements 6.3.2), an
 * intermediate CA 1825 (five years), OCSP signing PKI_OCSP_DAYS_MAX.
 */
#define PKI_TLS_DAYS_MAX 398
#define PKI_CODESIGN_DAYS_MAX 460
#define PKI_INTERMEDIATE_DAYS_MAX 1825
long pki_usage_max_days(enum pki_usage u);

/* The unlocked CA key and certificate. Only libncpki_sign (src/lib/sign/)
 * opens and holds the key; pki_signer_open and its kin are its own. */
typedef struct pki_signer pki_signer;

/*
 * Unlocks the configured CA's key with its password (NULL/0 for an
 * unencrypted key). PKI_ERR_KEY_UNAVAILABLE if the key file is not there
 * (media not mounted), PKI_ERR_PASSWORD if the password is wrong.
 */
int pki_signer_open(pki_store *store, const char *password, size_t len,
                    pki_signer **out, struct pki_error *err);
void pki_signer_close(pki_signer **s);
/*
 * The same in two steps: _start checks the files and starts deriving the
 * key from the password on another thread (the password is copied, the
 * caller may clear its own); _finish waits for it and gives what
 * pki_signer_open would have. A caller lists what it is about to sign
 * meanwhile, on the same store. _cancel drops a started unlock.
 */
typedef struct pki_signer_pending pki_signer_pending;
int pki_signer_open_start(pki_store *store, const char *password, size_t len,
                          pki_signer_pending **out, struct pki_error *err);
int pki_signer_open_finish(pki_store *store, pki_signer_pending *pd, pki_signer **out,
                           struct pki_error *err);
void pki_signer_open_cancel(pki_signer_pending **pd);

struct pki_cert_info {
	uint64_t serial;
	int64_t csr_id;
	char *file_root;
	char *subject;
	char *issuer;
	char *sans;
	char *hostname, *instance;
	char *contact_name, *contact_phone, *contact_email;
	enum pki_usage usage;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after, issued_at;
	char *pem;            /* filled by pki_cert_get only */
	/* Revocation (issue 5): revoked_at 0 when not revoked; reason is an
	 * enum pki_reason; invalidity_date 0 when not given. */
	time_t revoked_at, invalidity_date;
	int reason;
	uint64_t renewal_of;  /* serial this certificate renews; 0: none */
	/* Random serial mode (issue 6): the certificate's own serialNumber,
	 * upper-case hexadecimal; "" when it is `serial` itself. */
	char serial_number[PKI_SERIAL_HEX_SIZE];
};
void pki_cert_info_clear(struct pki_cert_info *c);
void pki_cert_info_array_free(struct pki_cert_info **arr, size_t n);

/* Issues one pending CSR: one transaction; the CSR leaves the pending list. */
int pki_csr_issue(pki_store *store, pki_signer *signer, int64_t csr_id,
                  enum pki_usage usage, struct pki_cert_info *out,
                  struct pki_error *err);

/*
 * Issues many pending CSRs in one transaction (one SRL update, one commit):
 * all or none. n == 0 with ids == NULL means every pending CSR.
 * *issued is how many certificates were stored.
 */
int pki_csr_issue_batch(pki_store *store, pki_signer *signer, const int64_t *ids,
                        size_t n, enum pki_usage usage, size_t *issued,
                        struct pki_error *err);

/* ------------------------------------------------- issued certificates */

struct pki_cert_filter {
	uint64_t serial;         /* 0: any */
	const char *hostname;    /* NULL: any; exact match */
	const char *instance;
	const char *file_root;
	const char *contact_email;  /* NULL: any; exact, case-insensitive */
	/* Paging (issue 14): only serials above `after` (0: from the first),
	 * in serial order, at most `limit` (0: no limit) of them. */
	uint64_t after;
	size_t limit;
};
int pki_cert_list(pki_store *store, const struct pki_cert_filter *f,
                  struct pki_cert_info **out, size_t *n, struct pki_error *err);
int pki_cert_get(pki_store *store, uint64_t serial, struct pki_cert_info *out,
                 struct pki_error *err);

/*
 * Writes certificate `serial` as PEM to `path`; a directory (or NULL, the
 * current directory) gets FILENAME.cer. Refuses to overwrite unless
 * `overwrite`. *written is the file's path (caller frees).
 */
int pki_cert_export(pki_store *store, uint64_t serial, const char *path,
                    bool overwrite, char **written, struct pki_cert_info *info,
                    struct pki_error *err);

/* The CA's own certificate as PEM; caller frees. */
int pki_ca_cert_pem(pki_store *store, char **pem, struct pki_error *err);
/* The same certificate, DER (caller frees): what a caIssuers URL serves. */
int pki_ca_cert_der(pki_store *store, unsigned char **der, size_t *len,
                    struct pki_error *err);

/* ---------------------------------------------------------------- files */

/* Reads at most `max` bytes; PKI_ERR_TOO_LARGE beyond. Caller frees. */
int pki_file_read(const char *path, size_t max, unsigned char **out, size_t *len,
                  struct pki_error *err);
/* Temp name, fsync, rename, fsync of the directory. */
int pki_file_write_atomic(const char *path, const void *data, size_t len,
                          mode_t mode, struct pki_error *err);

/* Issue 14: refuses (PKI_ERR_PASSWORD, naming the path and the fix) a
 * password file, open as fd, that a user other than its owner may read or
 * write; a pipe or terminal passes. */
int pki_secret_file_check(int fd, const char *path, struct pki_error *err);
/* Refuses (PKI_ERR_IO, naming the path and the fix) a directory that
 * another user owns or may write to; what names it ("data directory"). */
int pki_dir_check_private(const char *path, const char *what, struct pki_error *err);

/* Wipes then frees; accepts NULL. */
void pki_secret_free(void *p, size_t len);
void pki_cleanse(void *p, size_t len);


/* ============================================================ issue 3 */

/* ------------------------------------------------- key pair and request */

/*
 * Generates a key pair and a PKCS#10 request: DIR/ROOT.key (mode 0600;
 * encrypted PKCS#8 AES-256 when a password is given) and DIR/ROOT.csr (PEM).
 * Refuses to overwrite either file (PKI_ERR_EXISTS). SANs are strings such
 * as "DNS:host.example", "IP:192.0.2.1", "email:a@b.example", "URI:...".
 */
struct pki_csr_request {
	const char *root;
	const char *dir;            /* created 0700 if missing */
	const char *password;       /* NULL/0: key stored unencrypted (0600) */
	size_t password_len;
	struct pki_dn subject;
	enum pki_key_type key_type;
	const char *const *sans;
	size_t nsans;
};
struct pki_csr_generated {
	char *key_path, *csr_path;
	char *pem;                  /* the request */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
};
int pki_csr_generate(const struct pki_csr_request *req, struct pki_csr_generated *out,
                     struct pki_error *err);
void pki_csr_generated_clear(struct pki_csr_generated *g);

/* ------------------------------------------------------------ CA client */

#define PKI_CLIENT_DEFAULT_PORT 8443
#define PKI_CLIENT_DEFAULT_PATH "/ncpki/v1"

struct pki_client_config {
	char *server_host;
	long server_port;
	char *server_path;
	char *contact_name, *contact_phone, *contact_email;
	char *instance;
	char *dir;              /* absolute when read back */
	char *ca_file_root;     /* "" until the CA certificate is pinned */
	char ca_sha256[PKI_FP_SHA256_SIZE];
	time_t configured_at;
};
void pki_client_config_clear(struct pki_client_config *c);

/* ------------------------------------------------------------------ mail */

struct pki_mail {
	int64_t id;
	char *kind, *recipient, *subject, *state, *last_error;
	int attempts;
	time_t created_at, next_attempt_at, sent_at;
};
void pki_mail_clear(struct pki_mail *m);
void pki_mail_array_free(struct pki_mail **arr, size_t n);

/* CA client (client helper) */

/*
 * The client's settings, as the guide's "Configure Local Certificate
 * Authority Client" form has them. Pointers are borrowed.
 */
struct pki_client_params {
	const char *server_host;    /* required: host name or IP literal */
	long server_port;           /* 1-65535; 0: PKI_CLIENT_DEFAULT_PORT */
	const char *server_path;    /* NULL/"": PKI_CLIENT_DEFAULT_PATH */
	const char *contact_name;   /* required */
	const char *contact_phone;  /* optional */
	const char *contact_email;  /* optional */
	const char *instance;       /* NULL/"": this host's name */
	const char *dir;            /* NULL/"": "client" in the data directory */
};
/*
 * Stores the configuration in one transaction. A reconfiguration keeps the
 * pinned CA certificate unless the server's host or port changes.
 */
int pki_client_configure(pki_store *store, const struct pki_client_params *p,
                         struct pki_error *err);
/* PKI_ERR_NOT_CONFIGURED when the client is not configured; caller clears. */
int pki_client_config_get(pki_store *store, struct pki_client_config *out,
                          struct pki_error *err);

/* The CA certificate as the server sent it on first contact. */
struct pki_client_ca {
	char *pem;              /* re-encoded from the parsed certificate */
	char sha1[PKI_FP_SHA1_SIZE];     /* computed here, not the server's */
	char sha256[PKI_FP_SHA256_SIZE];
	char *subject;
	char *file_root;        /* the CA's file name root (validated) */
	char *instance, *node;  /* as the server reports them */
	bool unverified_tls;    /* the server's TLS certificate did not verify
	                           against the system trust store: only the
	                           operator's fingerprint check establishes trust */
};
void pki_client_ca_clear(struct pki_client_ca *c);
/* GET P/ca. Nothing is stored: show the fingerprints, then pki_client_pin_ca. */
int pki_client_fetch_ca(pki_store *store, struct pki_client_ca *out,
                        struct pki_error *err);
/*
 * After the operator confirmed the fingerprints: writes DIR/CAROOT.cer and
 * pins it; every later request verifies the server against it. *path is
 * the file written (caller frees; may be NULL).
 */
int pki_client_pin_ca(pki_store *store, const struct pki_client_ca *ca, char **path,
                      struct pki_error *err);

/* A new key pair and request, sent to the CA. */
struct pki_client_request {
	struct pki_csr_request csr;  /* .dir is ignored: the client's directory */
	const char *hostname;        /* NULL/"": this host's name */
};
struct pki_client_submitted {
	int64_t id;                  /* the request's number at the CA */
	char *file_root;
	char *key_path, *csr_path;
	char *proof_path;            /* a renewal with a new key: DIR/ROOT.proof; else NULL */
	char sha1[PKI_FP_SHA1_SIZE]; /* of the request, computed here */
	char sha256[PKI_FP_SHA256_SIZE];
	char *instance, *node;       /* the CA's, as the server reports them */
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

/* GET P/certs with the filter, following the service's pages to the end;
 * without a criterion (f NULL or empty): the certificates of the
 * configured technical contact. Free with pki_cert_info_array_free. */
int pki_client_list(pki_store *store, const struct pki_cert_filter *f,
                    struct pki_cert_info **out, size_t *n, struct pki_error *err);
/*
 * GET P/certs/SERIAL; checks the certificate chains to the pinned CA and
 * has that serial, then saves DIR/FILENAME.cer and DIR/FILENAME-chain.pem
 * (refusing to replace them unless overwrite). *path is FILENAME.cer's
 * path (caller frees); info (may be NULL) is filled, pem included.
 */
int pki_client_get(pki_store *store, uint64_t serial, bool overwrite, char **path,
                   struct pki_cert_info *info, struct pki_error *err);

/* service (daemon helper) */

/*
 * ncpkid's own TLS key and certificate ("ncpki service setup"), issued with
 * the CA key the caller unlocked (signer):
 * HOME/ncpkid/ncpkid.key (unencrypted, mode 0600: the service starts
 * unattended), ncpkid.csr and ncpkid.cer. Running it again renews them;
 * the new files are made under a temporary name first, so a failed
 * renewal leaves the old pair in place. The request is stored and issued
 * (usage TLS) like any other, with file name root and contact "ncpkid".
 */
struct pki_service_tls_params {
	const char *const *hostnames;  /* at least one: CN and DNS SANs */
	size_t nhostnames;
	const char *const *ips;        /* IP SANs, may be none */
	size_t nips;
	enum pki_key_type key_type;
};
struct pki_service_tls_result {
	char *key_path, *csr_path, *cer_path;
	uint64_t serial;
	char *subject;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_after;
	bool renewed;                  /* a previous pair was replaced */
};
/* The host names and addresses alone (setup checks them too): the CLI
 * refuses a bad one before it unlocks the CA key. */
int pki_service_tls_check(const struct pki_service_tls_params *p, struct pki_error *err);
int pki_service_tls_setup(pki_store *store, pki_signer *signer,
                          const struct pki_service_tls_params *p,
                          struct pki_service_tls_result *out, struct pki_error *err);
void pki_service_tls_result_clear(struct pki_service_tls_result *r);
/* HOME/ncpkid/ncpkid.key and .cer, whether or not they exist; caller frees. */
int pki_service_tls_paths(pki_store *store, char **key_path, char **cer_path,
                          struct pki_error *err);
/* The key and certificate in service, read as one pair (never the key of
 * one setup with the certificate of another). Caller frees (the key with
 * pki_secret_free). */
int pki_service_tls_read(pki_store *store, unsigned char **key, size_t *key_len,
                         unsigned char **cer, size_t *cer_len, struct pki_error *err);


/* mail (mail helper) */

/*
 * Sends the due pending notices over SMTP (all: every pending one, now),
 * outside any transaction; never call it inside another operation. Each
 * outcome is recorded: sent, or a retry later with backoff, or 'failed'
 * after PKI_MAIL_MAX_ATTEMPTS. Without an SMTP server the rows stay pending
 * with last_error saying so. *sent and *failed count this round's rows.
 * Returns non-zero only for database trouble, never for a mail failure.
 */
int pki_mail_flush(pki_store *store, bool all, size_t *sent, size_t *failed,
                   struct pki_error *err);
/*
 * Issue 14: the administrator's digest of new requests. When requests
 * arrived that no digest has listed and the last digest is `interval`
 * seconds old or more (the first request after a quiet period goes at
 * once), queues one "csr-received" notice listing them (a single request
 * reads as the notice of one request always has) and marks them listed, in
 * one transaction. Otherwise *next_due is when it may go (0: nothing
 * waits). *queued says whether a notice was queued; without an
 * administrator's address the requests are marked listed all the same.
 * ncpkid calls it from its sender thread; `csr import` and `mail flush`
 * with PKI_MAIL_DIGEST_INTERVAL.
 */
#define PKI_MAIL_DIGEST_INTERVAL (15 * 60)
int pki_mail_csr_digest(pki_store *store, time_t now, time_t interval, time_t *next_due,
                        bool *queued, struct pki_error *err);
/* Every notice, newest first. Caller frees with pki_mail_array_free. */
int pki_mail_list(pki_store *store, struct pki_mail **out, size_t *n,
                  struct pki_error *err);
int pki_mail_get(pki_store *store, int64_t id, struct pki_mail *out,
                 struct pki_error *err);
/* The newest notice of a kind ("ca-configured", "csr-received",
 * "cert-issued"); PKI_ERR_NOT_FOUND when there is none. */
int pki_mail_last(pki_store *store, const char *kind, struct pki_mail *out,
                  struct pki_error *err);
/* Makes notice `id` (0: every pending or failed one) due now; *count is how
 * many. A sent notice: PKI_ERR_INVALID; unknown id: PKI_ERR_NOT_FOUND. */
int pki_mail_retry(pki_store *store, int64_t id, size_t *count,
                   struct pki_error *err);

/* revocation and CRL (issue 5) */

/* RFC 5280 CRLReason codes; 7 is unused and removeFromCRL (8) is not a
 * reason to revoke. */
enum pki_reason {
	PKI_REASON_UNSPECIFIED = 0,
	PKI_REASON_KEY_COMPROMISE = 1,
	PKI_REASON_CA_COMPROMISE = 2,
	PKI_REASON_AFFILIATION_CHANGED = 3,
	PKI_REASON_SUPERSEDED = 4,
	PKI_REASON_CESSATION_OF_OPERATION = 5,
	PKI_REASON_CERTIFICATE_HOLD = 6,
	PKI_REASON_PRIVILEGE_WITHDRAWN = 9,
	PKI_REASON_AA_COMPROMISE = 10
};
/* "keyCompromise" (RFC 5280 spelling, any case, '-' and '_' ignored). */
int pki_reason_parse(const char *name, int *out);
const char *pki_reason_name(int reason);    /* "keyCompromise"; "?" if unknown */

enum pki_cert_status {
	PKI_CERT_VALID,
	PKI_CERT_REVOKED,
	PKI_CERT_ON_HOLD,
	PKI_CERT_EXPIRED
};
enum pki_cert_status pki_cert_status(const struct pki_cert_info *c, time_t now);
const char *pki_cert_status_name(enum pki_cert_status s);   /* "valid", "on hold" */
const char *pki_cert_status_label(enum pki_cert_status s);  /* translated */

struct pki_crl_info {
	uint64_t number;         /* the cRLNumber: grows with every CRL */
	time_t this_update, next_update;
	size_t revoked_count;
	size_t der_len;
};

/*
 * Revokes certificate `serial` with `reason` (enum pki_reason) and, when not
 * 0, the invalidity date; the certificate's row stays. A certificate
 * already revoked is refused (PKI_ERR_INVALID) unless it is on hold and the
 * new reason is a permanent one. The CRL is regenerated in the same
 * transaction; crl (may be NULL) describes it.
 */
int pki_cert_revoke(pki_store *store, pki_signer *signer, uint64_t serial, int reason,
                    time_t invalidity_date, struct pki_crl_info *crl,
                    struct pki_error *err);
/* Takes a certificateHold back; the serial leaves the new CRL. */
int pki_cert_release_hold(pki_store *store, pki_signer *signer, uint64_t serial,
                          struct pki_crl_info *crl, struct pki_error *err);
/* Signs and stores a new CRL of every revoked certificate. */
int pki_crl_generate(pki_store *store, pki_signer *signer, struct pki_crl_info *out,
                     struct pki_error *err);
/* The newest CRL, DER or PEM, without the key (ncpkid). PKI_ERR_NOT_FOUND
 * when none was generated yet. Caller frees *data; info may be NULL. */
int pki_crl_latest(pki_store *store, bool pem, unsigned char **data, size_t *len,
                   struct pki_crl_info *info, struct pki_error *err);
/* Writes the newest CRL to path (temp, fsync, rename); info may be NULL. */
int pki_crl_export(pki_store *store, const char *path, bool pem,
                   struct pki_crl_info *info, struct pki_error *err);

/* The public URLs issued certificates point at (crlDistributionPoints,
 * authorityInfoAccess OCSP and caIssuers): http(s) URLs, "" to clear, NULL
 * to leave one as it is. */
int pki_server_set_urls(pki_store *store, const char *crl_url, const char *ocsp_url,
                        const char *ca_issuers_url, struct pki_error *err);
/* The CRL period: nextUpdate = thisUpdate + days (1-366; default 7). */
int pki_server_set_crl_days(pki_store *store, long days, struct pki_error *err);
struct pki_server_urls {
	char *crl_url, *ocsp_url, *ca_issuers_url;   /* "" when unset */
	long crl_days;
};
int pki_server_get_urls(pki_store *store, struct pki_server_urls *out,
                        struct pki_error *err);
void pki_server_urls_clear(struct pki_server_urls *u);

/* ---- console (uiwork) ---- */
#include <signal.h>
/*
 * Lets a front end stop the network calls (pki_client_*) of this process:
 * once *flag is non-zero, a call under way ends within a second or two
 * (libcurl looks about once a second) with PKI_ERR_IO ("...was
 * cancelled"). NULL: calls cannot be cancelled. Set it before the calls
 * start; the console sets it once.
 */
void pki_client_set_cancel(const volatile sig_atomic_t *flag);

/* ---- robust: the SRL file and the database in agreement ---- */

/*
 * How the SRL file stands against the highest serial recorded in the
 * database. Issuing repairs every state but OK forward (the next serial is
 * one above the highest recorded, never one used before) and leaves a
 * notice saying so (pki_store_notice).
 */
enum pki_srl_state {
	PKI_SRL_OK,        /* the counter is above every recorded serial */
	PKI_SRL_MISSING,   /* no SRL file */
	PKI_SRL_GARBAGE,   /* not a hexadecimal serial number */
	PKI_SRL_BEHIND     /* at or below a serial already issued */
};
struct pki_srl_status {
	enum pki_srl_state state;
	uint64_t srl_next;     /* the file's counter (0: missing or garbage) */
	uint64_t max_issued;   /* the highest serial in the database (0: none) */
	uint64_t next;         /* the serial the next issue will use */
};
/* Reads the configured CA's SRL file and the database; changes nothing. */
int pki_srl_status(pki_store *store, struct pki_srl_status *out, struct pki_error *err);
/*
 * A translated message about something the last call repaired without
 * failing (an SRL file brought forward by issuing), or NULL; front ends
 * show it as a warning and clear it.
 */
const char *pki_store_notice(const pki_store *store);
void pki_store_notice_clear(pki_store *store);

/* ---- hierarchy and offline root (hier) ---- */

/*
 * The CA's certificate followed by its issuing chain, nearest issuer first,
 * the root last (a root CA: its certificate alone); one PEM certificate per
 * element. Caller frees with pki_pem_array_free.
 */
int pki_ca_chain(pki_store *store, char ***pems, size_t *n, struct pki_error *err);
void pki_pem_array_free(char ***pems, size_t n);
/* The same as one PEM text; with_ca false leaves out the CA's own
 * certificate, with_root false the self-signed root (unless the CA is the
 * root). Caller frees. */
int pki_ca_chain_pem(pki_store *store, bool with_ca, bool with_root, char **pem,
                     struct pki_error *err);
/* pki_cert_export, the file holding the certificate then the CA's
 * certificate and chain (the root only when with_root). */
int pki_cert_export_chain(pki_store *store, uint64_t serial, const char *path,
                          bool overwrite, bool with_root, char **written,
                          struct pki_cert_info *info, struct pki_error *err);

/*
 * Issues request csr_id with the Intermediate Certificate Authority usage
 * and pathLenConstraint `pathlen` (0-PKI_PATHLEN_MAX; pki_csr_issue gives
 * 0). Refused when this CA's own constraint does not leave room for it:
 * pathlen at most this CA's pathlen - 1, none at all under pathlen 0.
 */
#define PKI_PATHLEN_MAX 8
int pki_csr_issue_pathlen(pki_store *store, pki_signer *signer, int64_t csr_id,
                          int pathlen, struct pki_cert_info *out, struct pki_error *err);
/*
 * pki_csr_issue with a validity asked for this certificate (issue 14):
 * days from 1 to pki_usage_max_days(usage), and not past the CA
 * certificate's notAfter (both refused with the limit in the message;
 * days 0: the CA's default validity, cut at the CA certificate's end);
 * pathlen as pki_csr_issue_pathlen for an intermediate, else 0.
 */
int pki_csr_issue_for_days(pki_store *store, pki_signer *signer, int64_t csr_id,
                           enum pki_usage usage, long days, int pathlen,
                           struct pki_cert_info *out, struct pki_error *err);

/* One request file of a directory import (pki_csr_import_dir). */
struct pki_import_item {
	char *file;               /* the file's name in the directory */
	char *file_root;          /* as it would be stored, or NULL */
	int code;                 /* 0: imported (or importable); else the refusal */
	char msg[PKI_ERROR_MSG_MAX];
	int64_t id;               /* the stored request's number; 0 when not stored */
	char sha1[PKI_FP_SHA1_SIZE];
};
struct pki_import_report {
	struct pki_import_item *items;
	size_t n, refused;
	bool stored;              /* the requests were stored (nothing was refused) */
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
int pki_csr_meta_write(const char *path, const struct pki_csr_meta *meta,
                       struct pki_error *err);

/* The offline root's export to removable media (ncpki(1), OFFLINE FILES). */
struct pki_export_params {
	const char *dir;          /* created 0755 if missing */
	uint64_t since_serial;    /* only serials >= this (0: all) */
	time_t since;             /* only issued at or after this (0: all) */
};
/* A certificate exported under another name than its file name root,
 * because another certificate of the export has that name. */
struct pki_export_renamed {
	uint64_t serial;
	char *file_root;
	char *name;               /* NAME.cer and NAME.chain.pem */
};
struct pki_export_result {
	size_t certs;             /* certificates written */
	struct pki_export_renamed *renamed;
	size_t nrenamed;
	bool crl;                 /* a CRL was there and was written */
	uint64_t crl_number;
	char *manifest;           /* DIR/index.json; caller frees */
};
int pki_export_dir(pki_store *store, const struct pki_export_params *p,
                   struct pki_export_result *out, struct pki_error *err);
void pki_export_result_clear(struct pki_export_result *r);

/*
 * The CA client without a network: a new key and request in the client's
 * directory (as pki_client_submit), then ROOT.csr and the sidecar ROOT.json
 * copied to outdir, for the media. No CA certificate needs to be pinned.
 */
int pki_client_request_offline(pki_store *store, const struct pki_client_request *rq,
                               const char *outdir, struct pki_client_submitted *out,
                               struct pki_error *err);
/*
 * Picks up from an export directory the certificates of the requests made
 * here (ROOT.csr in the client's directory, same public key), each checked
 * up to the self-signed root of its chain, and the CA certificate: writes
 * ROOT.cer, ROOT-chain.pem and CAROOT.cer to the client's directory.
 */
struct pki_client_import {
	char **files;             /* the files written; caller frees */
	size_t nfiles, certs;
	char *ca_subject;
	char ca_sha1[PKI_FP_SHA1_SIZE];
	char ca_sha256[PKI_FP_SHA256_SIZE];
	char root_sha256[PKI_FP_SHA256_SIZE];   /* the self-signed root's */
};
int pki_client_import_dir(pki_store *store, const char *dir, bool overwrite,
                          struct pki_client_import *out, struct pki_error *err);
void pki_client_import_clear(struct pki_client_import *r);

/* ---- renewal and expiry (life helper) ---- */

/*
 * Renewing certificate `serial` from the CA client: a request with exactly
 * that certificate's subject and subjectAltName, sent as a renewal of it.
 * The certificate is the copy saved in the client's directory (FILENAME.cer
 * with that serial, verified against the pinned CA, expired or not), else
 * it is downloaded (pki_client_get). The new key and request are written
 * as DIR/ROOT.key and DIR/ROOT.csr, ROOT being `root` or, by default, the
 * certificate's file name root with the date of today: "web-20261122" (a
 * date an earlier renewal added is replaced, not stacked).
 * A renewal proves possession of the certificate's key DIR/OLDROOT.key
 * (issue 14): reuse_key signs the request with it; a new key comes with
 * DIR/ROOT.proof, a signature by the old key over the new request and the
 * serial (pki_renewal_proof_make), sent with it. Without the old key there
 * is no renewal: send a new request.
 */
struct pki_client_renew_opts {
	enum pki_key_type key_type;  /* the new key's type (not with reuse_key) */
	bool reuse_key;              /* sign with the existing DIR/OLDROOT.key */
	/* A new key: encrypts it (NULL/0: stored unencrypted). reuse_key: unlocks
	 * the existing key when it is encrypted. Borrowed, never kept. */
	const char *password;
	size_t password_len;
	const char *root;            /* NULL/"": the default above */
	const char *hostname;        /* NULL/"": the certificate's, else this host's */
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
                                uint64_t renewal_of, struct pki_client_submitted *out,
                                struct pki_error *err);

/* Not revoked certificates whose notAfter is before now + days, the already
 * expired included, soonest first. Caller frees with pki_cert_info_array_free. */
int pki_cert_list_expiring(pki_store *store, long days, struct pki_cert_info **out,
                           size_t *n, struct pki_error *err);
/* The console's view of the same, never every row: the `limit` soonest
 * (limit > 0), how many expire within the days and how many have expired
 * already, each counted up to count_cap (*_more: more than that). One
 * read, so that the rows and the counts agree. */
struct pki_expiring_page {
	struct pki_cert_info *rows;
	size_t n;
	size_t count, expired;
	bool count_more, expired_more;
};
int pki_cert_expiring_page(pki_store *store, long days, size_t limit, size_t count_cap,
                           struct pki_expiring_page *out, struct pki_error *err);
void pki_expiring_page_clear(struct pki_expiring_page *p);

/* Days before notAfter when the technical contact gets an expiry notice:
 * 0 (never) to 366; 30 by default. */
#define PKI_NOTICE_DAYS_MAX 366
int pki_server_set_notice_days(pki_store *store, long days, struct pki_error *err);
int pki_server_get_notice_days(pki_store *store, long *days, struct pki_error *err);

/*
 * Queues, in one transaction, an 'expiry-notice' email for every certificate
 * not revoked, not expired, not renewed (no later certificate's renewal_of
 * names it), that has a technical contact's email address and whose
 * notAfter is within notice_days of `now`, and marks it (expiry_notice_at)
 * so that it gets only one. *queued is how many were queued. pki_mail_flush
 * sends them.
 */
int pki_expiry_notices_queue(pki_store *store, time_t now, size_t *queued,
                             struct pki_error *err);

/* ---- OCSP (ocsp helper) ---- */

/*
 * The delegated OCSP signing certificate (RFC 6960 4.2.2.2): issued by the
 * CA for a key of its own, kept by the web service (HOME/ncpkid/ocsp.key,
 * unencrypted, mode 0600, as ncpkid's TLS key), so that ncpkid answers OCSP
 * without ever holding the CA key. keyUsage digitalSignature, extended key
 * usage OCSPSigning, id-pkix-ocsp-nocheck, a short life.
 */
#define PKI_OCSP_DAYS_DEFAULT 30
#define PKI_OCSP_DAYS_MAX 366

struct pki_ocsp_setup_params {
	enum pki_key_type key_type;    /* PKI_KEY_EC_P256 is the fastest to sign */
	long days;                     /* 0: PKI_OCSP_DAYS_DEFAULT */
};
struct pki_ocsp_signer {
	uint64_t serial;
	char *subject, *key_desc;
	char *key_path, *cer_path;     /* HOME/ncpkid/ocsp.key and ocsp.cer */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after;
	bool key_present;              /* the key file is there */
	bool renewed;                  /* setup: a previous signer was replaced */
};
void pki_ocsp_signer_clear(struct pki_ocsp_signer *s);
/*
 * Makes a new OCSP key and has the CA (the unlocked `signer`) issue its
 * certificate, then names it ca_config.ocsp_signer_serial. Running it
 * again renews: a running ncpkid switches to the new signer at its next
 * request. A failure leaves the previous signer in place.
 */
int pki_ocsp_setup(pki_store *store, pki_signer *signer,
                   const struct pki_ocsp_setup_params *p, struct pki_ocsp_signer *out,
                   struct pki_error *err);
/* The signer in use; PKI_ERR_NOT_FOUND when none was set up. Caller clears. */
int pki_ocsp_status(pki_store *store, struct pki_ocsp_signer *out, struct pki_error *err);

/* The OCSPResponseStatus values (RFC 6960 4.2.1). */
enum pki_ocsp_resp_status {
	PKI_OCSP_SUCCESSFUL = 0,
	PKI_OCSP_MALFORMED = 1,        /* malformedRequest */
	PKI_OCSP_INTERNAL_ERROR = 2,
	PKI_OCSP_TRY_LATER = 3,
	PKI_OCSP_SIG_REQUIRED = 5,
	PKI_OCSP_UNAUTHORIZED = 6
};
/* CertStatus of one certificate. */
enum pki_ocsp_cert_status { PKI_OCSP_GOOD, PKI_OCSP_REVOKED, PKI_OCSP_UNKNOWN };

/* A DER OCSPRequest above this size is malformed; so is one asking about
 * more than PKI_OCSP_CERTS_MAX certificates. */
#define PKI_OCSP_REQUEST_MAX (16 * 1024)
#define PKI_OCSP_CERTS_MAX 64
/* RFC 8954: a request's nonce is 1 to 32 octets; any other is malformed. */
#define PKI_OCSP_NONCE_MAX 32
/* A response is valid from thisUpdate (its signing time) to thisUpdate +
 * PKI_OCSP_VALIDITY (never past the signer's notAfter); a pre-signed one is
 * signed again once PKI_OCSP_REFRESH old. Seconds. */
#define PKI_OCSP_VALIDITY (4 * 3600)
#define PKI_OCSP_REFRESH 3600
/* Pre-signed responses kept; past it the cache starts afresh. */
#define PKI_OCSP_CACHE_MAX 65536

/*
 * The responder: one for the whole process, shared by every thread (each
 * calling with its own store). It loads the signer named by the database
 * and follows the database: on each request a cheap PRAGMA data_version
 * tells whether another connection (`ncpki cert revoke`, `ncpki ocsp
 * setup`) changed anything, and if so every pre-signed response is checked
 * against its certificate's row before it is served again.
 */
typedef struct pki_ocsp_responder pki_ocsp_responder;
int pki_ocsp_responder_new(pki_ocsp_responder **out, struct pki_error *err);
void pki_ocsp_responder_free(pki_ocsp_responder **r);

/* Why the responder cannot sign, for the front end to say once. */
enum pki_ocsp_problem {
	PKI_OCSP_SIGNER_OK,
	PKI_OCSP_NO_SIGNER,            /* none set up (or no CA configured) */
	PKI_OCSP_SIGNER_UNUSABLE,      /* key missing or not the certificate's */
	PKI_OCSP_SIGNER_EXPIRED
};
struct pki_ocsp_answer {
	int status;              /* enum pki_ocsp_resp_status */
	int cert_status;         /* successful: enum pki_ocsp_cert_status of the first */
	size_t ncerts;           /* certificates asked about */
	bool nonce;              /* the request had a nonce: signed for it */
	bool cached;             /* served pre-signed */
	time_t this_update, next_update;   /* successful only */
	int problem;             /* enum pki_ocsp_problem */
	uint64_t signer_serial;  /* the signing certificate used; 0: none */
};
/*
 * Answers a DER OCSPRequest with a DER OCSPResponse (caller frees *resp).
 * Whatever the request, a response is made: malformedRequest for anything
 * unparsable, unauthorized for a request about another CA's certificates
 * or when there is no usable signer (info->problem says which, and err
 * (may be NULL) explains), else a signed response. Requests without a nonce
 * for one certificate are served pre-signed. Returns non-zero only when no
 * response could be made at all (out of memory). info may be NULL.
 */
int pki_ocsp_respond(pki_ocsp_responder *r, pki_store *store, const unsigned char *req,
                     size_t len, unsigned char **resp, size_t *resp_len,
                     struct pki_ocsp_answer *info, struct pki_error *err);
/* The GET form (RFC 6960 A.1): `encoded` is the URL-encoded base64 of the
 * DER request, as it follows ".../ocsp/" in the path. */
int pki_ocsp_respond_get(pki_ocsp_responder *r, pki_store *store, const char *encoded,
                         unsigned char **resp, size_t *resp_len,
                         struct pki_ocsp_answer *info, struct pki_error *err);
/*
 * Loads (or reloads) the signer now; fills *out (may be NULL) with it.
 * PKI_ERR_NOT_FOUND when none is set up; another error when it cannot be
 * used. The front end calls it at start to say what it will do.
 */
int pki_ocsp_responder_check(pki_ocsp_responder *r, pki_store *store,
                             struct pki_ocsp_signer *out, struct pki_error *err);

/* ---- issue 6: ncpki check ---- */

/*
 * Re-audits the database: SQLite's integrity check, the SRL counter above
 * every serial, each stored certificate against its row, the lint rules of
 * its usage and the CA's signature, each CRL against its row and the CA's
 * signature, the newest CRL against the revoked certificates, and the
 * audit trail's hash chain. The
 * anomalies are translated sentences. An error (the database unreadable)
 * returns non-zero: a check that could not be done never reports clean.
 */
struct pki_check_report {
	size_t certs, crls;          /* how many were checked */
	char **anomalies;
	size_t n, cap;
	size_t dropped;              /* anomalies lost to memory exhaustion */
	uint64_t srl_next, max_serial;
	bool srl_unchecked;          /* the CA directory is not mounted */
	size_t audit_rows;           /* audit trail entries whose chain was walked */
};
int pki_check(pki_store *store, struct pki_check_report *out, struct pki_error *err);
void pki_check_report_clear(struct pki_check_report *r);

/* ---- issue 6: audit trail ---- */

#define PKI_AUDIT_HASH_SIZE 65
struct pki_audit_entry {
	int64_t id;
	time_t at;
	char *actor, *action, *object, *outcome;   /* outcome: "ok" or the refusal */
	char prev_hash[PKI_AUDIT_HASH_SIZE], hash[PKI_AUDIT_HASH_SIZE];
	char mac[PKI_AUDIT_HASH_SIZE];   /* the operator's seal; "" while pending */
};
/*
 * Who acts through this store from now on, as the audit trail records it:
 * "cli:alice", "console:alice", "ncpkid:192.0.2.1". Without a call the
 * library records "local:USER".
 */
void pki_store_set_actor(pki_store *store, const char *actor);
/* The same as "FRONT:USER" for the real user id running this process,
 * named by the password database (never by the environment). */
void pki_store_set_actor_local(pki_store *store, const char *front);
/* Newest first; text (may be NULL) filters on actor, action, object and
 * outcome; before_id > 0 pages down; limit 0 means all. */
struct pki_audit_filter {
	const char *text;
	int64_t before_id;
	size_t limit;
};
int pki_audit_list(pki_store *store, const struct pki_audit_filter *f,
                   struct pki_audit_entry **out, size_t *n, struct pki_error *err);
void pki_audit_array_free(struct pki_audit_entry *arr, size_t n);
/*
 * Walks the hash chain and the operator's keyed seals over it. first_bad
 * is 0 when every entry is intact, else the first entry edited, inserted,
 * reordered or after a gap (or, for entries cut from the end, the first
 * one missing against the head anchor), with why. head is the newest
 * entry's hash. The seals are checked with the audit key and the head
 * anchor in the CA directory (keyed true); without them (the directory
 * not mounted, not this user's) keyed is false and unkeyed_why says why:
 * entries already sealed could not be checked. Entries 1 to
 * legacy_through were written before the keyed chain (schema version 8);
 * sealed_through is the newest sealed entry; pending entries follow it,
 * appended by ncpkid (which cannot read the key) and chained by SHA-256
 * only until the operator seals them.
 */
struct pki_audit_verify {
	size_t rows;
	int64_t first_bad;
	char why[256];
	char head[PKI_AUDIT_HASH_SIZE];
	bool keyed;
	char unkeyed_why[512];
	int64_t legacy_through, sealed_through;
	size_t pending;
	char anchor_path[512];
};
int pki_audit_verify(pki_store *store, struct pki_audit_verify *out, struct pki_error *err);
/*
 * Seals the pending entries in order with the audit key (CA_DIR/audit.key,
 * made on the first seal: 0600, this user's) and rewrites the head anchor
 * (CA_DIR/audit.head) in the same write transaction. Refuses to seal over
 * a broken chain. quiet: a CA directory that is absent or not this user's
 * is no error (0 sealed): what every operator command does on its way
 * out. *sealed (may be NULL) is how many were sealed.
 */
int pki_audit_seal(pki_store *store, bool quiet, size_t *sealed, struct pki_error *err);

/* ---- console-scale: issued certificates a page at a time (console) ---- */

/*
 * A page of issued certificates in serial order, read through its key
 * (keyset pagination), for a table that never loads every row. The filter
 * is pki_cert_filter's exact fields and `text`, a substring (case-insensitive
 * for ASCII) of the subject, SANs, hostname, instance or file name: three
 * characters or more go through the trigram index; one or two scan the
 * table. A read stops at the page or after about PKI_CERT_SCAN_MS (then
 * `partial`): a typed filter answers at once, a short text included.
 */
#define PKI_CERT_SCAN_MS 60
enum pki_cert_seek {
	PKI_SEEK_FIRST = 0,  /* the first rows */
	PKI_SEEK_AFTER = 1,  /* the rows just after serial `key` */
	PKI_SEEK_BEFORE = 2, /* the rows just before serial `key` */
	PKI_SEEK_LAST = 3    /* the last rows */
};
struct pki_cert_query {
	struct pki_cert_filter f;
	const char *text;         /* NULL or "": any */
	enum pki_cert_seek seek;
	uint64_t key;
	size_t limit;             /* rows wanted; 0: 50 */
	size_t count_cap;         /* > 0: count the matches too, up to this */
};
struct pki_cert_page {
	struct pki_cert_info *rows;  /* ascending serial; no PEM, no contacts, no issuer */
	size_t n;
	bool more;     /* more rows beyond, in the direction read (after the last
	                * for FIRST/AFTER, before the first for BEFORE/LAST) */
	bool partial;  /* the read stopped at its time limit */
	/* With count_cap: how many match (seek and key aside), at most
	 * count_cap; count_more when there are more, or when counting stopped
	 * after about 30 ms ("at least count"). A first page that holds every
	 * match is its own count; a partial one is not counted further. */
	size_t count;
	bool count_more;
};
/* pki_server_info without the count of issued certificates (issued is 0):
 * for the console's header, drawn at start. */
int pki_server_info_brief(pki_store *store, struct pki_server_info *out,
                          struct pki_error *err);
/* Fills *out (free with pki_cert_page_clear). */
int pki_cert_page_read(pki_store *store, const struct pki_cert_query *q,
                       struct pki_cert_page *out, struct pki_error *err);
void pki_cert_page_clear(struct pki_cert_page *p);
/* How many certificates match q (its seek and key ignored), counting at
 * most `cap`: *more when there are more, or when counting stopped after
 * about 30 ms (then "at least *n"). */
int pki_cert_count(pki_store *store, const struct pki_cert_query *q, size_t cap,
                   size_t *n, bool *more, struct pki_error *err);

#ifdef __cplusplus
}
#endif
/* ---- random serial numbers (issue 6) ---- */
/*
 * Serial number mode. Counter (the guide's): a certificate's serialNumber
 * is the SRL counter's value. Random (CA/Browser Forum Baseline
 * Requirements 7.1): 64 bits from the CSPRNG (never all zero) followed by
 * the counter's 64 bits, so the serialNumber is unique by construction and
 * above 2^64, never equal to a counter mode serial. The counter still
 * numbers the certificates (pki_cert_info.serial, file names, the SRL file)
 * and pki_cert_info.serial_number holds the certificate's own. One
 * transaction with its audit row; takes effect at the next issue.
 */
int pki_server_set_serial_mode(pki_store *store, bool random_serial, struct pki_error *err);

/* ---- CSR intake in groups (issue 7, intake) ---- */
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
	char actor[128];            /* the audit trail's actor; "": the store's */
	int code;                   /* after pki_csr_store_group: 0 or PKI_ERR_* */
	struct pki_error err;       /* the refusal, when code != 0 */
	struct pki_csr_info info;   /* the request; info.id once stored */
	unsigned char *der;         /* private to the library */
	size_t der_len;
	/* Issue 14: the client's address, stored with the request ("": none),
	 * and the most requests that may be pending, this one included, from
	 * that address and for the request's contact (its email, else its
	 * name), counted in the transaction that stores it (0: no quota).
	 * Over either: code PKI_ERR_QUOTA, err.field "submitter" or "contact". */
	char submitter[64];
	unsigned int max_per_submitter, max_per_contact;
};
int pki_csr_pending_prepare(const unsigned char *data, size_t len,
                            const struct pki_csr_meta *meta, const char *actor,
                            struct pki_csr_pending *p, struct pki_error *err);
int pki_csr_store_group(pki_store *store, struct pki_csr_pending **items, size_t n,
                        struct pki_error *err);
void pki_csr_pending_clear(struct pki_csr_pending *p);

#endif /* NCPKI_H */
