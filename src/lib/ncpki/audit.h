/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * audit.h: the audit trail and the check. Every change of state appends an
 * entry (who, what, on which object, with what outcome) chained to the one
 * before by SHA-256 and sealed by the operator with a key kept in the CA
 * directory, so that an entry edited, inserted, reordered or cut is found.
 * The check (`ncpki check`) re-audits the whole database, the trail
 * included.
 */
#ifndef NCPKI_AUDIT_H
#define NCPKI_AUDIT_H

#include "error.h"
#include "store.h"

/* ------------------------------------------------------------------- check */

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
	size_t certs, crls; /* how many were checked */
	char **anomalies;
	size_t n, cap;
	size_t dropped; /* anomalies lost to memory exhaustion */
	uint64_t srl_next, max_serial;
	bool srl_unchecked; /* the CA directory is not mounted */
	size_t audit_rows; /* audit trail entries whose chain was walked */
};
int pki_check(pki_store *store, struct pki_check_report *out, struct pki_error *err);
void pki_check_report_clear(struct pki_check_report *r);

/* ------------------------------------------------------------- audit trail */

#define PKI_AUDIT_HASH_SIZE 65
struct pki_audit_entry {
	int64_t id;
	time_t at;
	char *actor, *action, *object, *outcome; /* outcome: "ok" or the refusal */
	char prev_hash[PKI_AUDIT_HASH_SIZE], hash[PKI_AUDIT_HASH_SIZE];
	char mac[PKI_AUDIT_HASH_SIZE]; /* the operator's seal; "" while pending */
};
/* The action in the user's language ("certificate issued" for
 * "cert-issued"); an action it does not know, as it is. */
const char *pki_audit_action_label(const char *action);
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
 * outcome; before_id > 0 pages down; limit 0 means all; refused: only the
 * refusals (outcome other than "ok"). */
struct pki_audit_filter {
	const char *text;
	int64_t before_id;
	size_t limit;
	bool refused;
};
int pki_audit_list(pki_store *store, const struct pki_audit_filter *f, struct pki_audit_entry **out,
    size_t *n, struct pki_error *err);
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

#endif /* NCPKI_AUDIT_H */
