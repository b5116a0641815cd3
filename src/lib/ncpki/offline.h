/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * offline.h: the offline root and its media. A CA that never touches a
 * network exchanges files on removable media (ncpki(1), OFFLINE FILES):
 * it exports its certificates, chain and CRL to a directory, and a CA
 * client without a network writes its requests there and picks up its
 * certificates from an export. The CA's side of a request directory is
 * pki_csr_import_dir (csr.h).
 */
#ifndef NCPKI_OFFLINE_H
#define NCPKI_OFFLINE_H

#include "client.h"
#include "error.h"
#include "store.h"

/* The offline root's export to removable media (ncpki(1), OFFLINE FILES). */
struct pki_export_params {
	const char *dir; /* created 0755 if missing */
	uint64_t since_serial; /* only serials >= this (0: all) */
	time_t since; /* only issued at or after this (0: all) */
};
/* A certificate exported under another name than its file name root,
 * because another certificate of the export has that name. */
struct pki_export_renamed {
	uint64_t serial;
	char *file_root;
	char *name; /* NAME.cer and NAME-chain.pem */
};
struct pki_export_result {
	size_t certs; /* certificates written */
	struct pki_export_renamed *renamed;
	size_t nrenamed;
	bool crl; /* a CRL was there and was written */
	uint64_t crl_number;
	char *manifest; /* DIR/index.json; caller frees */
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
    const char *outdir, struct pki_client_submitted *out, struct pki_error *err);
/*
 * Picks up from an export directory the certificates of the requests made
 * here (ROOT.csr in the client's directory, same public key), each checked
 * up to the self-signed root of its chain, and the CA certificate: writes
 * ROOT.cer, ROOT-chain.pem and CAROOT.cer to the client's directory.
 */
struct pki_client_import {
	char **files; /* the files written; caller frees */
	size_t nfiles, certs;
	char *ca_subject;
	char ca_sha1[PKI_FP_SHA1_SIZE];
	char ca_sha256[PKI_FP_SHA256_SIZE];
	char root_sha256[PKI_FP_SHA256_SIZE]; /* the self-signed root's */
};
int pki_client_import_dir(pki_store *store, const char *dir, bool overwrite,
    struct pki_client_import *out, struct pki_error *err);
void pki_client_import_clear(struct pki_client_import *r);

#endif /* NCPKI_OFFLINE_H */
