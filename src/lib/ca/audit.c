/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * audit.c: the audit trail. Every state change appends a row
 * (time, actor, action, object, outcome) inside the transaction that makes
 * the change, so the row exists exactly when the change does; a refusal
 * worth keeping (a wrong CA key password) is appended in a transaction of
 * its own. Each row carries SHA-256 of the previous row's hash and its own
 * fields: `ncpki audit verify` walks the chain and names the first row that
 * was edited, inserted or deleted.
 *
 * Anyone who can write the database (ncpkid's user) can recompute that
 * chain, so the operator seals it: HMAC-SHA-256 with a key
 * that only the operator reads (CA_DIR/audit.key, 0600, next to the CA
 * key) over the previous seal, the entry's id and its hash, appended in
 * order to audit_seal. ncpkid cannot read the key: its entries stay
 * "pending" (SHA-256 only) until the next operator command seals them on
 * its way out, or `ncpki audit seal`. The newest seal is also written to
 * CA_DIR/audit.head (the head anchor, with its own tag) in the same write
 * transaction, outside the database and outside what ncpkid can write, so
 * that entries cut from the end are seen. An attacker with the database
 * can still append or forge pending entries (as ncpkid could), but cannot
 * edit, reorder, delete or cut a sealed one unseen.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
pki_store_set_actor(pki_store *s, const char *actor)
{
	char *clean = pki_sanitize(actor != NULL ? actor : "");

	snprintf(s->actor, sizeof s->actor, "%s", clean != NULL ? clean : "?");
	free(clean);
}

/* The real user: who the kernel says runs this process. The environment
 * (SUDO_USER, USER, LOGNAME) is the caller's to set, and never names an
 * actor. */
void
pki_store_set_actor_local(pki_store *s, const char *front)
{
	const struct passwd *pw = getpwuid(getuid());
	char actor[128];

	if (pw != NULL && pw->pw_name != NULL)
		snprintf(actor, sizeof actor, "%s:%s", front, pw->pw_name);
	else
		snprintf(actor, sizeof actor, "%s:uid %lu", front, (unsigned long)getuid());
	pki_store_set_actor(s, actor);
}

static const char *
actor_of(pki_store *s)
{
	if (s->actor[0] == '\0') {
		pki_store_set_actor_local(s, "local");
	}
	return s->actor;
}

static int
append(pki_store *s, const char *action, const char *object, const char *outcome,
    struct pki_error *err)
{
	struct pki_audit_entry e;
	char *clean_object = pki_sanitize(object), *clean_outcome = pki_sanitize(outcome);
	int64_t last = 0;
	int r;

	memset(&e, 0, sizeof e);
	if (clean_object == NULL || clean_outcome == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = s->ops->audit_last(s, &last, e.prev_hash, err)) != 0)
		goto out;
	e.id = last + 1;
	e.at = time(NULL);
	e.actor = (char *)actor_of(s);
	e.action = (char *)action;
	e.object = clean_object;
	e.outcome = clean_outcome;
	if (pki_audit_hash(&e, e.hash) != 0) {
		r = pki_err_crypto(err, _("Cannot hash the audit trail's entry"));
		goto out;
	}
	r = s->ops->audit_insert(s, &e, err);
out:
	free(clean_object);
	free(clean_outcome);
	return r;
}

int
pki_audit(pki_store *s, const char *action, struct pki_error *err, const char *fmt, ...)
{
	va_list ap;
	char object[512];

	va_start(ap, fmt);
	vsnprintf(object, sizeof object, fmt, ap);
	va_end(ap);
	return append(s, action, object, "ok", err);
}

int
pki_audit_tx(pki_store *s, const char *action, struct pki_error *err, const char *fmt, ...)
{
	va_list ap;
	char object[512];
	int r;

	va_start(ap, fmt);
	vsnprintf(object, sizeof object, fmt, ap);
	va_end(ap);
	if ((r = s->ops->tx_begin(s, true, err)) != 0)
		return r;
	if ((r = append(s, action, object, "ok", err)) != 0) {
		s->ops->tx_rollback(s);
		return r;
	}
	return s->ops->tx_commit(s, err);
}

void
pki_audit_refusal(pki_store *s, const char *action, const char *object, const char *why)
{
	struct pki_error e;

	pki_error_clear(&e);
	if (s->ops->tx_begin(s, true, &e) != 0)
		return;
	if (append(s, action, object, why, &e) != 0 || s->ops->tx_commit(s, &e) != 0)
		s->ops->tx_rollback(s);
}

/* ------------------------------------------------------------- reading */

struct list_ctx {
	struct pki_audit_entry *arr;
	size_t n, cap;
};

static int
collect(void *vctx, const struct pki_audit_entry *e, struct pki_error *err)
{
	struct list_ctx *c = vctx;
	struct pki_audit_entry *d;
	int r;

	if ((r = PKI_GROW(c->arr, c->cap, c->n + 1, 64, err)) != 0)
		return r;
	d = &c->arr[c->n];
	*d = *e;
	d->actor = strdup(e->actor);
	d->action = strdup(e->action);
	d->object = strdup(e->object);
	d->outcome = strdup(e->outcome);
	c->n++;
	if (!d->actor || !d->action || !d->object || !d->outcome)
		return pki_err_nomem(err);
	return 0;
}

void
pki_audit_array_free(struct pki_audit_entry *arr, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(arr[i].actor);
		free(arr[i].action);
		free(arr[i].object);
		free(arr[i].outcome);
	}
	free(arr);
}

/* The actions the library records, with words for people. */
static const struct {
	const char *action, *label;
} action_labels[] = {
	/* TRANSLATORS: audit trail actions, short (the console's column is
	 * 20 wide), lower case. */
	{ "ca-configured", N_("CA configured") },
	{ "ca-reinitialized", N_("CA reinitialized") },
	{ "ca-renewed", N_("CA certificate renewed") },
	{ "ca-key-unlock", N_("CA key unlock") },
	{ "config-changed", N_("settings changed") },
	{ "csr-received", N_("request received") },
	{ "csr-deleted", N_("request deleted") },
	{ "cert-issued", N_("certificate issued") },
	{ "cert-exported", N_("certificate exported") },
	{ "cert-revoked", N_("certificate revoked") },
	{ "cert-hold-released", N_("hold released") },
	{ "crl-generated", N_("CRL generated") },
};

const char *
pki_audit_action_label(const char *action)
{
	for (size_t i = 0; i < sizeof action_labels / sizeof action_labels[0]; i++)
		if (strcmp(action_labels[i].action, action) == 0)
			return _(action_labels[i].label);
	return action;
}

int
pki_audit_list(pki_store *store, const struct pki_audit_filter *f, struct pki_audit_entry **out,
    size_t *n, struct pki_error *err)
{
	struct pki_audit_filter all = { NULL, 0, 0, false };
	struct list_ctx c = { NULL, 0, 0 };
	int r;

	*out = NULL;
	*n = 0;
	if ((r = store->ops->audit_page(store, f != NULL ? f : &all, collect, &c, err)) != 0) {
		pki_audit_array_free(c.arr, c.n);
		return r;
	}
	*out = c.arr;
	*n = c.n;
	return 0;
}

/* --------------------------------------------- the key and the anchor */

#define AUDIT_KEY_LEN 32
#define AUDIT_KEY_NAME "audit.key"
#define AUDIT_HEAD_NAME "audit.head"
#define AUDIT_HEAD_MAGIC "ncpki-audit-head 1"

struct audit_files {
	char *dir, *key_path, *head_path;
	char *dir_named; /* dir as the database names it (relative to the data directory) */
	unsigned char key[AUDIT_KEY_LEN];
	bool have_key, have_anchor;
	int64_t legacy, sealed; /* the anchor's */
	char mac[PKI_AUDIT_HASH_SIZE];
};

static void
audit_files_clear(struct audit_files *f)
{
	free(f->dir);
	free(f->dir_named);
	free(f->key_path);
	free(f->head_path);
	pki_cleanse(f, sizeof *f);
}

/* Where the first seal made the key, else the configured CA's directory.
 * PKI_ERR_NOT_CONFIGURED when there is neither. */
static int
audit_files_locate(pki_store *store, struct audit_files *f, struct pki_error *err)
{
	struct pki_ca_row row;
	int64_t legacy;
	int r;

	memset(f, 0, sizeof *f);
	if ((r = store->ops->audit_keyed(store, &legacy, &f->dir_named, err)) != 0)
		return r;
	if (f->dir_named == NULL) {
		if ((r = store->ops->ca_get(store, &row, err)) != 0)
			return r;
		f->dir_named = row.dir;
		row.dir = NULL;
		pki_ca_row_clear(&row);
	}
	/* A relative directory is the data directory's, wherever it was moved
	 * or copied (older databases name it in full). */
	if (f->dir_named == NULL || (f->dir = pki_path_resolve(store->home, f->dir_named)) == NULL)
		return pki_err_nomem(err);
	if ((f->key_path = pki_path_join(f->dir, AUDIT_KEY_NAME)) == NULL ||
	    (f->head_path = pki_path_join(f->dir, AUDIT_HEAD_NAME)) == NULL)
		r = pki_err_nomem(err);
	return r;
}

/* The directory must be this user's and written by nobody else: the
 * database (which others may write) names it, and only the operator can
 * make a directory that passes. */
static int
check_dir_owner(const char *dir, struct pki_error *err)
{
	struct stat st;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return pki_err_set(err, PKI_ERR_KEY_UNAVAILABLE, NULL,
		    _("The CA directory \"%s\" is not there (is its media mounted?)"), dir);
	if (st.st_uid != getuid())
		return pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The CA directory \"%s\" belongs to another user (uid %lu): only the CA's "
		      "owner seals or checks the audit trail"),
		    dir, (unsigned long)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The CA directory \"%s\" can be written by other users (mode %04o): make it "
		      "private with \"chmod 700 %s\""),
		    dir, (unsigned)(st.st_mode & 07777), dir);
	return 0;
}

/* Reads a small file that must be this user's, regular and private (the
 * key, or else the anchor). 1: absent. */
static int
read_private(const char *path, char *buf, size_t size, bool key, struct pki_error *err)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), r = 0;

	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return pki_err_set(err, PKI_ERR_IO, NULL,
		    key ? _("Cannot read the audit key \"%s\": %s")
		        : _("Cannot read the audit head anchor \"%s\": %s"),
		    path, strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		r = pki_err_set(err, PKI_ERR_INVALID, NULL,
		    key ? _("The audit key \"%s\" must be a regular file of this user's that no one "
		            "else can read or write (chmod 600 %s)")
		        : _("The audit head anchor \"%s\" must be a regular file of this user's that "
		            "no one else can read or write (chmod 600 %s)"),
		    path, path);
		goto out;
	}
	while (got + 1 < size && (n = read(fd, buf + got, size - 1 - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = pki_err_set(err, PKI_ERR_IO, NULL,
			    key ? _("Cannot read the audit key \"%s\": %s")
			        : _("Cannot read the audit head anchor \"%s\": %s"),
			    path, strerror(errno));
			goto out;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
out:
	close(fd);
	return r;
}

static int
unhex(const char *s, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int v = 0;
		for (int j = 0; j < 2; j++) {
			char c = s[2 * i + j];
			int d = c >= '0' && c <= '9' ? c - '0'
			    : c >= 'a' && c <= 'f'   ? c - 'a' + 10
			                             : -1;
			if (d < 0)
				return -1;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int
read_key(struct audit_files *f, struct pki_error *err)
{
	char buf[2 * AUDIT_KEY_LEN + 8];
	int r = read_private(f->key_path, buf, sizeof buf, true, err);

	if (r == 0) {
		if (strlen(buf) < 2 * AUDIT_KEY_LEN || unhex(buf, f->key, AUDIT_KEY_LEN) != 0)
			r = pki_err_set(err, PKI_ERR_INVALID, NULL,
			    _("The audit key \"%s\" is not 64 hexadecimal digits"), f->key_path);
		else
			f->have_key = true;
	}
	pki_cleanse(buf, sizeof buf);
	return r;
}

/* A new key, created exclusively: two operators sealing at once get one. */
static int
create_key(struct audit_files *f, struct pki_error *err)
{
	static const char hexd[] = "0123456789abcdef";
	char buf[2 * AUDIT_KEY_LEN + 1];
	int fd, r = 0;

	if (pki_audit_key_new(f->key, AUDIT_KEY_LEN) != 0)
		return pki_err_crypto(err, _("Cannot make the audit key"));
	for (size_t i = 0; i < AUDIT_KEY_LEN; i++) {
		buf[2 * i] = hexd[f->key[i] >> 4];
		buf[2 * i + 1] = hexd[f->key[i] & 15];
	}
	buf[2 * AUDIT_KEY_LEN] = '\n';
	fd = open(f->key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		r = errno == EEXIST
		    ? read_key(f, err)
		    : pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write the audit key \"%s\": %s"),
		          f->key_path, strerror(errno));
		goto out;
	}
	if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf || fsync(fd) != 0) {
		r = pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write the audit key \"%s\": %s"),
		    f->key_path, strerror(errno));
		close(fd);
		unlink(f->key_path);
		goto out;
	}
	close(fd);
	pki_fsync_dir(f->dir);
	f->have_key = true;
out:
	pki_cleanse(buf, sizeof buf);
	return r;
}

/* The anchor: its lines, and a tag that only the key makes. */
static int
read_anchor(struct audit_files *f, struct pki_error *err)
{
	char buf[1024], tag[PKI_AUDIT_HASH_SIZE], want[PKI_AUDIT_HASH_SIZE];
	long long legacy, sealed;
	int r = read_private(f->head_path, buf, sizeof buf, false, err);

	if (r != 0)
		return r;
	if (sscanf(buf, AUDIT_HEAD_MAGIC "\nlegacy %lld\nsealed %lld\nmac %64s\ntag %64s\n",
	        &legacy, &sealed, f->mac, tag) != 4 ||
	    legacy < 0 || sealed < 1 ||
	    pki_audit_head_tag(f->key, AUDIT_KEY_LEN, legacy, sealed, f->mac, want) != 0 ||
	    strcmp(want, tag) != 0)
		return pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The audit head anchor \"%s\" was altered or made with another key"),
		    f->head_path);
	f->legacy = legacy;
	f->sealed = sealed;
	f->have_anchor = true;
	return 0;
}

static int
write_anchor(struct audit_files *f, int64_t legacy, int64_t sealed, const char *mac,
    struct pki_error *err)
{
	char tag[PKI_AUDIT_HASH_SIZE], *text;
	int r;

	if (pki_audit_head_tag(f->key, AUDIT_KEY_LEN, legacy, sealed, mac, tag) != 0)
		return pki_err_crypto(err, _("Cannot seal the audit trail"));
	if ((text = pki_strfmt(AUDIT_HEAD_MAGIC "\nlegacy %lld\nsealed %lld\nmac %s\ntag %s\n",
	         (long long)legacy, (long long)sealed, mac, tag)) == NULL)
		return pki_err_nomem(err);
	r = pki_file_write_atomic(f->head_path, text, strlen(text), 0600, err);
	free(text);
	return r;
}

/* ----------------------------------------------------------- verifying */

struct pending {
	int64_t id;
	char hash[PKI_AUDIT_HASH_SIZE];
};

struct verify_ctx {
	struct pki_audit_verify *v;
	const struct audit_files *f; /* the key, when have_key */
	int64_t last_id;
	char last_hash[PKI_AUDIT_HASH_SIZE], last_mac[PKI_AUDIT_HASH_SIZE];
	bool collect; /* sealing: keep the pending entries */
	struct pending *pend;
	size_t npend, cap;
	bool nomem;
};

static void bad(struct pki_audit_verify *v, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad(struct pki_audit_verify *v, int64_t id, const char *fmt, ...)
{
	va_list ap;

	if (v->first_bad != 0)
		return;
	v->first_bad = id;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof v->why, fmt, ap);
	va_end(ap);
}

static int
verify_row(void *vctx, const struct pki_audit_entry *e, struct pki_error *err)
{
	struct verify_ctx *c = vctx;
	struct pki_audit_verify *v = c->v;
	char h[PKI_AUDIT_HASH_SIZE];
	int r;

	v->rows++;
	if (e->id != c->last_id + 1)
		bad(v, e->id, _("entries %lld to %lld are missing"), (long long)c->last_id + 1,
		    (long long)e->id - 1);
	else if (strcmp(e->prev_hash, c->last_hash) != 0)
		bad(v, e->id, "%s", _("it does not link to the entry before it"));
	else if (pki_audit_hash(e, h) != 0 || strcmp(h, e->hash) != 0)
		bad(v, e->id, "%s", _("its contents do not match its hash: it was edited"));
	if (e->mac[0] != '\0') {
		if (v->pending > 0)
			bad(v, e->id, "%s",
			    _("it is sealed after an entry that is not: the seals "
			      "were reordered or an entry was inserted"));
		else if (c->f->have_key &&
		    (pki_audit_mac(c->f->key, AUDIT_KEY_LEN, c->last_mac, e->id, e->hash, h) != 0 ||
		        strcmp(h, e->mac) != 0))
			bad(v, e->id, "%s",
			    _("its seal does not match: it was forged, edited, reordered "
			      "or an entry before it was removed"));
		if (c->f->have_anchor && e->id == c->f->sealed && strcmp(e->mac, c->f->mac) != 0)
			bad(v, e->id, _("its seal is not the one the head anchor %s records"),
			    c->f->head_path);
		v->sealed_through = e->id;
		snprintf(c->last_mac, sizeof c->last_mac, "%s", e->mac);
	} else {
		v->pending++;
		if (c->collect) {
			if ((r = PKI_GROW(c->pend, c->cap, c->npend + 1, 64, err)) != 0) {
				c->nomem = true;
				return r;
			}
			c->pend[c->npend].id = e->id;
			snprintf(c->pend[c->npend].hash, PKI_AUDIT_HASH_SIZE, "%s", e->hash);
			c->npend++;
		}
	}
	c->last_id = e->id;
	snprintf(c->last_hash, sizeof c->last_hash, "%s", e->hash);
	snprintf(v->head, sizeof v->head, "%s", e->hash);
	return 0;
}

/* Walks the rows (inside the caller's transaction) against f's key and
 * anchor, as far as f has them. */
static int
walk(pki_store *store, const struct audit_files *f, struct verify_ctx *c,
    struct pki_audit_verify *out, struct pki_error *err)
{
	int r;

	c->v = out;
	c->f = f;
	memset(c->last_hash, '0', PKI_AUDIT_HASH_SIZE - 1);
	c->last_hash[PKI_AUDIT_HASH_SIZE - 1] = '\0';
	if ((r = store->ops->audit_keyed(store, &out->legacy_through, NULL, err)) != 0 ||
	    (r = store->ops->audit_each(store, verify_row, c, err)) != 0)
		return r;
	if (f->have_anchor) {
		out->legacy_through = f->legacy;
		if (f->sealed > out->sealed_through)
			bad(out, out->sealed_through + 1,
			    _("entries %lld to %lld were sealed (the head anchor %s says so) but are "
			      "missing or no longer sealed"),
			    (long long)out->sealed_through + 1, (long long)f->sealed, f->head_path);
	} else if (f->have_key && out->sealed_through > 0) {
		bad(out, out->sealed_through, _("the head anchor %s is missing"), f->head_path);
	}
	return 0;
}

/* The key and the anchor, or why they cannot be read (into why; the
 * verdict is then unkeyed). */
static int
load_files(pki_store *store, struct audit_files *f, char *why, size_t whysize)
{
	struct pki_error e;
	int r;

	pki_error_clear(&e);
	if ((r = audit_files_locate(store, f, &e)) == 0 && (r = check_dir_owner(f->dir, &e)) == 0 &&
	    (r = read_key(f, &e)) == 1) {
		snprintf(why, whysize, _("there is no audit key \"%s\" yet"), f->key_path);
		return 1;
	}
	if (r == 0 && f->have_key && (r = read_anchor(f, &e)) == 1)
		r = 0;
	if (r != 0)
		snprintf(why, whysize, "%s", e.msg);
	return r;
}

int
pki_audit_verify(pki_store *store, struct pki_audit_verify *out, struct pki_error *err)
{
	struct audit_files f;
	struct verify_ctx c;
	int r;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	if ((r = store->ops->tx_begin(store, false, err)) != 0)
		return r;
	out->keyed = load_files(store, &f, out->unkeyed_why, sizeof out->unkeyed_why) == 0;
	if (f.head_path != NULL)
		snprintf(out->anchor_path, sizeof out->anchor_path, "%s", f.head_path);
	r = walk(store, &f, &c, out, err);
	if (r == 0 && !out->keyed && f.have_key) /* a key, but its anchor is not right */
		bad(out, out->sealed_through > 0 ? out->sealed_through : 1, "%s", out->unkeyed_why);
	store->ops->tx_rollback(store);
	audit_files_clear(&f);
	return r;
}

/* ------------------------------------------------------------- sealing */

int
pki_audit_seal(pki_store *store, bool quiet, size_t *sealed, struct pki_error *err)
{
	struct pki_audit_verify v;
	struct audit_files f;
	struct verify_ctx c;
	char mac[PKI_AUDIT_HASH_SIZE];
	int r;

	if (sealed != NULL)
		*sealed = 0;
	memset(&c, 0, sizeof c);
	memset(&v, 0, sizeof v);
	if ((r = audit_files_locate(store, &f, err)) != 0 ||
	    (r = check_dir_owner(f.dir, err)) != 0) {
		if (quiet &&
		    (err->code == PKI_ERR_NOT_CONFIGURED || err->code == PKI_ERR_KEY_UNAVAILABLE ||
		        err->code == PKI_ERR_INVALID)) {
			pki_error_clear(err);
			r = 0;
		}
		goto out_nf;
	}
	if ((r = store->ops->tx_begin(store, true, err)) != 0)
		goto out_nf;
	if ((r = read_key(&f, err)) < 0 || (r == 0 && (r = read_anchor(&f, err)) < 0))
		goto out;
	r = 0;
	c.collect = true;
	if ((r = walk(store, &f, &c, &v, err)) != 0)
		goto out;
	if (v.first_bad != 0) {
		r = pki_err_set(err, PKI_ERR_INVALID, NULL,
		    _("The audit trail is broken at entry %lld: %s. Nothing was sealed."),
		    (long long)v.first_bad, v.why);
		goto out;
	}
	if (c.npend == 0)
		goto out;
	if (!f.have_key) {
		if (v.sealed_through > 0) {
			r = pki_err_set(err, PKI_ERR_INVALID, NULL,
			    _("The audit trail was sealed with a key that is not in \"%s\": copy its "
			      "audit.key and audit.head there"),
			    f.dir);
			goto out;
		}
		if ((r = create_key(&f, err)) != 0 ||
		    (r = store->ops->audit_key_dir_set(store, f.dir_named, err)) != 0)
			goto out;
	}
	for (size_t i = 0; i < c.npend; i++) {
		if (pki_audit_mac(f.key, AUDIT_KEY_LEN, c.last_mac, c.pend[i].id, c.pend[i].hash,
		        mac) != 0) {
			r = pki_err_crypto(err, _("Cannot seal the audit trail"));
			goto out;
		}
		if ((r = store->ops->audit_seal_insert(store, c.pend[i].id, mac, err)) != 0)
			goto out;
		snprintf(c.last_mac, sizeof c.last_mac, "%s", mac);
	}
	/* The anchor while the write lock is held, so that two sealers write
	 * it in the order they seal; then the rows. */
	if ((r = write_anchor(&f, f.have_anchor ? f.legacy : v.legacy_through,
	         c.pend[c.npend - 1].id, c.last_mac, err)) != 0)
		goto out;
	r = store->ops->tx_commit(store, err);
	if (r == 0 && sealed != NULL)
		*sealed = c.npend;
	free(c.pend);
	audit_files_clear(&f);
	return r;
out:
	store->ops->tx_rollback(store);
out_nf:
	free(c.pend);
	audit_files_clear(&f);
	return r;
}
