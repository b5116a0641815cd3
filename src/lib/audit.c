/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * audit.c: the audit trail (issue 6). Every state change appends a row
 * (time, actor, action, object, outcome) inside the transaction that makes
 * the change, so the row exists exactly when the change does; a refusal
 * worth keeping (a wrong CA key password) is appended in a transaction of
 * its own. Each row carries SHA-256 of the previous row's hash and its own
 * fields: `ncpki audit verify` walks the chain and names the first row that
 * was edited, inserted or deleted. (Rows cut from the end leave a valid
 * shorter chain: verify prints the head hash and count so that they can be
 * recorded elsewhere and compared.)
 */
#include "internal.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
pki_store_set_actor(pki_store *s, const char *actor)
{
	char *clean = pki_sanitize(actor != NULL ? actor : "");

	snprintf(s->actor, sizeof s->actor, "%s", clean != NULL ? clean : "?");
	free(clean);
}

void
pki_store_set_actor_local(pki_store *s, const char *front)
{
	const struct passwd *pw = getpwuid(getuid());
	const char *sudo = getenv("SUDO_USER");
	bool by_sudo = sudo != NULL && sudo[0] != '\0';
	char actor[128];

	snprintf(actor, sizeof actor, "%s:%s%s%s%s", front,
	         pw != NULL && pw->pw_name != NULL ? pw->pw_name : "?",
	         by_sudo ? " (sudo " : "", by_sudo ? sudo : "", by_sudo ? ")" : "");
	pki_store_set_actor(s, actor);
}

static const char *
actor_of(pki_store *s)
{
	if (s->actor[0] == '\0') {
		struct passwd *pw = getpwuid(geteuid());
		char who[96];
		if (pw != NULL && pw->pw_name != NULL)
			snprintf(who, sizeof who, "local:%s", pw->pw_name);
		else
			snprintf(who, sizeof who, "local:uid %lu", (unsigned long)geteuid());
		pki_store_set_actor(s, who);
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
	if ((r = pki_store_audit_last(s, &last, e.prev_hash, err)) != 0)
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
	r = pki_store_audit_insert(s, &e, err);
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
	if ((r = pki_tx_begin(s, true, err)) != 0)
		return r;
	if ((r = append(s, action, object, "ok", err)) != 0) {
		pki_tx_rollback(s);
		return r;
	}
	return pki_tx_commit(s, err);
}

void
pki_audit_refusal(pki_store *s, const char *action, const char *object, const char *why)
{
	struct pki_error e;

	pki_error_clear(&e);
	if (pki_tx_begin(s, true, &e) != 0)
		return;
	if (append(s, action, object, why, &e) != 0 || pki_tx_commit(s, &e) != 0)
		pki_tx_rollback(s);
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

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		d = realloc(c->arr, cap * sizeof *d);
		if (d == NULL)
			return pki_err_nomem(err);
		c->arr = d;
		c->cap = cap;
	}
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

int
pki_audit_list(pki_store *store, const struct pki_audit_filter *f,
               struct pki_audit_entry **out, size_t *n, struct pki_error *err)
{
	struct pki_audit_filter all = { NULL, 0, 0 };
	struct list_ctx c = { NULL, 0, 0 };
	int r;

	*out = NULL;
	*n = 0;
	if ((r = pki_store_audit_page(store, f != NULL ? f : &all, collect, &c, err)) != 0) {
		pki_audit_array_free(c.arr, c.n);
		return r;
	}
	*out = c.arr;
	*n = c.n;
	return 0;
}

/* ----------------------------------------------------------- verifying */

struct verify_ctx {
	struct pki_audit_verify *v;
	int64_t last_id;
	char last_hash[PKI_AUDIT_HASH_SIZE];
};

static int
verify_row(void *vctx, const struct pki_audit_entry *e, struct pki_error *err)
{
	struct verify_ctx *c = vctx;
	struct pki_audit_verify *v = c->v;
	char h[PKI_AUDIT_HASH_SIZE];

	(void)err;
	v->rows++;
	if (v->first_bad != 0)
		return 0;
	if (e->id != c->last_id + 1) {
		v->first_bad = e->id;
		snprintf(v->why, sizeof v->why, _("entries %lld to %lld are missing"),
		         (long long)c->last_id + 1, (long long)e->id - 1);
	} else if (strcmp(e->prev_hash, c->last_hash) != 0) {
		v->first_bad = e->id;
		snprintf(v->why, sizeof v->why, "%s",
		         _("it does not link to the entry before it"));
	} else if (pki_audit_hash(e, h) != 0 || strcmp(h, e->hash) != 0) {
		v->first_bad = e->id;
		snprintf(v->why, sizeof v->why, "%s",
		         _("its contents do not match its hash: it was edited"));
	}
	c->last_id = e->id;
	snprintf(c->last_hash, sizeof c->last_hash, "%s", e->hash);
	snprintf(v->head, sizeof v->head, "%s", e->hash);
	return 0;
}

int
pki_audit_verify(pki_store *store, struct pki_audit_verify *out, struct pki_error *err)
{
	struct verify_ctx c;
	int r;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	c.v = out;
	memset(c.last_hash, '0', PKI_AUDIT_HASH_SIZE - 1);
	if ((r = pki_tx_begin(store, false, err)) != 0)
		return r;
	r = pki_store_audit_each(store, verify_row, &c, err);
	pki_tx_rollback(store);
	return r;
}
