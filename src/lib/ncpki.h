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
 *
 * The interface is one header per object in ncpki/, each needing only
 * those listed before it.
 */
#ifndef NCPKI_H
#define NCPKI_H

#ifdef __cplusplus
extern "C" {
#endif

#include "ncpki/error.h" /* errors, start-up, shared sizes and limits */
#include "ncpki/store.h" /* the store: a data directory and its database */
#include "ncpki/validate.h" /* what is typed: names, addresses, a subject DN */
#include "ncpki/key.h" /* key types */
#include "ncpki/files.h" /* file helpers and secrets */
#include "ncpki/ca.h" /* the CA server: configure, info, URLs, serials */
#include "ncpki/csr.h" /* requests: generate, intake, pending, import */
#include "ncpki/cert.h" /* issued certificates: usages, list, page, export */
#include "ncpki/issue.h" /* the signer and issuing */
#include "ncpki/revoke.h" /* revocation and the CRL */
#include "ncpki/ocsp.h" /* the OCSP signer and responder */
#include "ncpki/audit.h" /* the audit trail and the check */
#include "ncpki/mail.h" /* email notices */
#include "ncpki/service.h" /* the web service's TLS pair */
#include "ncpki/client.h" /* the CA client */
#include "ncpki/offline.h" /* offline media: export, offline requests */

#ifdef __cplusplus
}
#endif

#endif /* NCPKI_H */
