/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * service.h: the web service's own TLS key and certificate. ncpkid serves
 * HTTPS with a pair the CA issues to it (`ncpki service setup`, by the
 * operator who unlocks the CA key) and reads it back at start, the key
 * and the certificate always as one pair.
 */
#ifndef NCPKI_SERVICE_H
#define NCPKI_SERVICE_H

#include "error.h"
#include "issue.h"
#include "key.h"
#include "store.h"

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
	const char *const *hostnames; /* at least one: CN and DNS SANs */
	size_t nhostnames;
	const char *const *ips; /* IP SANs, may be none */
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
	bool renewed; /* a previous pair was replaced */
};
/* The host names and addresses alone (setup checks them too): the CLI
 * refuses a bad one before it unlocks the CA key. */
int pki_service_tls_check(const struct pki_service_tls_params *p, struct pki_error *err);
int pki_service_tls_setup(pki_store *store, pki_signer *signer,
    const struct pki_service_tls_params *p, struct pki_service_tls_result *out,
    struct pki_error *err);
void pki_service_tls_result_clear(struct pki_service_tls_result *r);
/* The pair in service as an operator checks it (the console's page). */
struct pki_service_tls_status {
	uint64_t serial; /* the CA's number for the certificate; 0: none of its numbers */
	char *subject, *sans, *key_desc; /* sans "DNS:a, IP:b"; "" when none */
	char *key_path, *cer_path;
	char sha1[PKI_FP_SHA1_SIZE];
	char sha256[PKI_FP_SHA256_SIZE];
	time_t not_before, not_after;
	bool key_present; /* the key file is there */
};
/* Reads ncpkid.cer in service; PKI_ERR_NOT_FOUND when none was set up. */
int pki_service_tls_status(pki_store *store, struct pki_service_tls_status *out,
    struct pki_error *err);
void pki_service_tls_status_clear(struct pki_service_tls_status *s);
/* HOME/ncpkid/ncpkid.key and .cer, whether or not they exist; caller frees. */
int pki_service_tls_paths(pki_store *store, char **key_path, char **cer_path,
    struct pki_error *err);
/* The key and certificate in service, read as one pair (never the key of
 * one setup with the certificate of another). Caller frees (the key with
 * pki_secret_free). */
int pki_service_tls_read(pki_store *store, unsigned char **key, size_t *key_len,
    unsigned char **cer, size_t *cer_len, struct pki_error *err);

#endif /* NCPKI_SERVICE_H */
