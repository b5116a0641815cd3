/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ca.h: the CA server, the one certificate authority a store serves: its
 * key, certificate and SRL file in a directory of their own (removable
 * media for an offline root), and its configuration in the database:
 * validity, SMTP and administrator, the public URLs of its certificates,
 * the CRL period, expiry notices and how serial numbers are drawn. The key
 * itself is unlocked only by the signer (issue.h).
 */
#ifndef NCPKI_CA_H
#define NCPKI_CA_H

#include "error.h"
#include "issue.h"
#include "key.h"
#include "store.h"
#include "validate.h"

/* ------------------------------------------------------------- configure */

enum pki_server_mode {
	PKI_SERVER_NEW, /* create a key, self-signed certificate, SRL */
	PKI_SERVER_EXISTING /* use DIR/ROOT.key and DIR/ROOT.cer */
};

/* Step 1 of the guide's form: what is in DIR for ROOT, so what comes next. */
struct pki_server_probe {
	enum pki_server_mode mode;
	char *dir; /* absolute directory */
	char *key_path; /* DIR/ROOT.key */
	char *cer_path; /* DIR/ROOT.cer */
	char *srl_path; /* DIR/ROOT.srl */
	bool key_exists, cer_exists, srl_exists;
	bool key_encrypted; /* EXISTING: the key asks for a password */
};
int pki_server_probe(pki_store *store, const char *root, const char *dir,
    struct pki_server_probe *out, struct pki_error *err);
void pki_server_probe_clear(struct pki_server_probe *p);
/* The directory of a CA's files: given, and text (field "dir"); 0 if good. */
int pki_check_ca_dir(const char *dir, struct pki_error *err);

struct pki_server_params {
	const char *root;
	const char *dir; /* relative: to the data directory */
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
	const char *smtp_server; /* optional: host or host:port */
	const char *smtp_user; /* optional */
	const char *smtp_password; /* optional */
	size_t smtp_password_len;
	const char *admin_email; /* optional, fully qualified */
	/* The one host that may be reached without STARTTLS (optional), and a
	 * PEM file of CAs trusted for the SMTP server besides the system's
	 * (optional, copied to DATA/smtp-ca.pem). */
	const char *smtp_insecure_host;
	const char *smtp_ca_file;
	/* EXISTING, a CA certificate that is not self-signed (an intermediate):
	 * a PEM file with its issuing chain up to the root; required then. */
	const char *chain_path;
	/* A new CA draws its serial numbers from the CSPRNG (see
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
	char *renamed_from; /* a lone existing file set aside, or NULL */
	char *renamed_to; /* ...its new name with .old */
	bool srl_created;
	bool key_reencrypted; /* EXISTING: the key file was unencrypted or in an outdated
	                         scheme, and was re-encrypted under the password */
	uint64_t next_serial;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	char *subject;
	char *admin_email; /* NULL when none was given */
};
int pki_server_configure(pki_store *store, const struct pki_server_params *p,
    struct pki_server_result *out, struct pki_error *err);
void pki_server_result_clear(struct pki_server_result *r);

/* Deletes the configuration, issued-certificate records and pending CSRs;
 * keeps the key, certificate and SRL files. */
int pki_server_reinit(pki_store *store, struct pki_error *err);

/* ------------------------------------------------------------------ info */

struct pki_server_info {
	char *root, *dir, *cer_path, *key_path, *srl_path;
	char *subject;
	char *key_desc; /* "RSA 3072", "EC P-256", ... */
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after, configured_at;
	long ca_days; /* 0 for an existing certificate */
	long issue_days;
	char *smtp_server, *smtp_user, *admin_email;
	char *smtp_insecure_host; /* "" when STARTTLS is required everywhere */
	bool smtp_password_set;
	bool smtp_ca_set; /* DATA/smtp-ca.pem is there */
	bool created_new;
	uint64_t next_serial; /* from the SRL file, 0 if unreadable */
	bool key_present; /* the key file is reachable now */
	size_t pending, issued;
	bool random_serial; /* serial numbers from the CSPRNG */
};
int pki_server_info(pki_store *store, struct pki_server_info *out, struct pki_error *err);
void pki_server_info_clear(struct pki_server_info *i);
/* pki_server_info without the count of issued certificates (issued is 0):
 * for the console's header, drawn at start. */
int pki_server_info_brief(pki_store *store, struct pki_server_info *out, struct pki_error *err);

/* -------------------------------------------- the CA certificate and chain */

/* The CA's own certificate as PEM; caller frees. */
int pki_ca_cert_pem(pki_store *store, char **pem, struct pki_error *err);
/* The same certificate, DER (caller frees): what a caIssuers URL serves. */
int pki_ca_cert_der(pki_store *store, unsigned char **der, size_t *len, struct pki_error *err);

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

/*
 * A root CA's own certificate renewed with its key, which the caller
 * unlocked (signer): the same subject, key and extensions, a new serial
 * number, valid from the same date until `days` (1 to PKI_DAYS_MAX; 0: as
 * long as the one it replaces) from now. Certificates
 * issued before keep verifying. DIR/ROOT.cer and the database's copy are
 * replaced in one transaction with its audit row, the previous file kept
 * as ROOT.cer.old (previous_path). An intermediate is refused
 * (PKI_ERR_INVALID): its root issues its certificate.
 */
struct pki_ca_renewed {
	char *cer_path, *previous_path;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after;
};
int pki_ca_renew(pki_store *store, pki_signer *signer, long days, struct pki_ca_renewed *out,
    struct pki_error *err);
void pki_ca_renewed_clear(struct pki_ca_renewed *r);

/* ---------------------------------------------------------- serial numbers */

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

/*
 * How the SRL file stands against the highest serial recorded in the
 * database. Issuing repairs every state but OK forward (the next serial is
 * one above the highest recorded, never one used before) and leaves a
 * notice saying so (pki_store_notice).
 */
enum pki_srl_state {
	PKI_SRL_OK, /* the counter is above every recorded serial */
	PKI_SRL_MISSING, /* no SRL file */
	PKI_SRL_GARBAGE, /* not a hexadecimal serial number */
	PKI_SRL_BEHIND /* at or below a serial already issued */
};
struct pki_srl_status {
	enum pki_srl_state state;
	uint64_t srl_next; /* the file's counter (0: missing or garbage) */
	uint64_t max_issued; /* the highest serial in the database (0: none) */
	uint64_t next; /* the serial the next issue will use */
};
/* Reads the configured CA's SRL file and the database; changes nothing. */
int pki_srl_status(pki_store *store, struct pki_srl_status *out, struct pki_error *err);

/* ------------------------------------------------- public URLs, CRL period */

/* The public URLs issued certificates point at (crlDistributionPoints,
 * authorityInfoAccess OCSP and caIssuers): http(s) URLs, "" to clear, NULL
 * to leave one as it is. */
int pki_server_set_urls(pki_store *store, const char *crl_url, const char *ocsp_url,
    const char *ca_issuers_url, struct pki_error *err);
/* The CRL period: nextUpdate = thisUpdate + days (1-366; default 7). */
int pki_server_set_crl_days(pki_store *store, long days, struct pki_error *err);
struct pki_server_urls {
	char *crl_url, *ocsp_url, *ca_issuers_url; /* "" when unset */
	long crl_days;
};
int pki_server_get_urls(pki_store *store, struct pki_server_urls *out, struct pki_error *err);
void pki_server_urls_clear(struct pki_server_urls *u);

/* ---------------------------------------------------------------- settings */

/*
 * What an operator may change on a configured CA without reinitializing
 * it: the public URLs, the CRL period, the expiry notice period and the
 * serial number mode. NULL, 0 and -1 leave a setting as it is (see
 * PKI_SERVER_SETTINGS_KEEP); "" clears a URL.
 */
struct pki_server_settings {
	const char *crl_url, *ocsp_url, *ca_issuers_url;
	long crl_days; /* 1-366; 0: as it is */
	long notice_days; /* 0-PKI_NOTICE_DAYS_MAX; -1: as it is */
	int random_serial; /* 0 counter, 1 random; -1: as it is */
};
#define PKI_SERVER_SETTINGS_KEEP \
	{ \
		NULL, NULL, NULL, 0, -1, -1 \
	}
/* Every fault of set, one in errs[] each (at most max; .field "crl",
 * "ocsp", "ca-issuers", "crl-days" or "notice_days"); *count is how many.
 * PKI_ERR_INVALID when there is one. */
int pki_server_settings_check(const struct pki_server_settings *set, struct pki_error *errs,
    size_t max, size_t *count);
/* Applies set in one transaction, an audit row for each part changed;
 * the first fault, changing nothing, when there is one. */
int pki_server_settings_set(pki_store *store, const struct pki_server_settings *set,
    struct pki_error *err);

/* ---------------------------------------------------------- expiry notices */

/* Days before notAfter when the technical contact gets an expiry notice:
 * 0 (never) to 366; 30 by default. */
#define PKI_NOTICE_DAYS_MAX 366
int pki_server_set_notice_days(pki_store *store, long days, struct pki_error *err);
int pki_server_get_notice_days(pki_store *store, long *days, struct pki_error *err);

#endif /* NCPKI_CA_H */
