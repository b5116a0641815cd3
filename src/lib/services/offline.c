/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * offline.c: the offline root, which has no network: requests arrive as
 * files on removable media (NAME.csr with a NAME.json contact sidecar) and
 * leave as an export directory (the CA certificate and chain, each issued
 * certificate with its chain, the current CRL and an index.json manifest).
 * Also the client's two halves: writing a request to the media, and
 * picking up its certificates from an export.
 *
 * A directory import is all or nothing: every file is checked first, then
 * all are stored in one transaction, or none when any was refused.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#define SIDECAR_MAX (16 * 1024)
#define MANIFEST_MAX (64 * 1024 * 1024)
#define IMPORT_MAX_FILES 10000
#define EXPORT_FORMAT "ncpki-export/1"

/* ---------------------------------------------------------------- import */

void
pki_import_report_clear(struct pki_import_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].file);
		free(r->items[i].file_root);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}

static bool
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in suffix, sorted; caller frees. */
static int
list_dir(const char *dir, const char *suffix, char ***names, size_t *n, struct pki_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **arr = NULL, **na;
	int r = 0;

	*names = NULL;
	*n = 0;
	if (d == NULL)
		return pki_err_set(err, PKI_ERR_IO, "dir",
		    _("Cannot read the directory \"%s\": %s"), dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffix))
			continue;
		if (*n >= IMPORT_MAX_FILES) {
			r = pki_err_set(err, PKI_ERR_TOO_LARGE, "dir",
			    _("The directory \"%s\" holds more than %d request files"), dir,
			    IMPORT_MAX_FILES);
			break;
		}
		if ((na = realloc(arr, (*n + 1) * sizeof *na)) == NULL ||
		    (na[*n] = strdup(e->d_name)) == NULL) {
			if (na != NULL)
				arr = na;
			r = pki_err_nomem(err);
			break;
		}
		arr = na;
		(*n)++;
	}
	closedir(d);
	if (r != 0) {
		for (size_t i = 0; i < *n; i++)
			free(arr[i]);
		free(arr);
		*n = 0;
		return r;
	}
	if (*n > 0)
		qsort(arr, *n, sizeof *arr, cmp_str);
	*names = arr;
	return 0;
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Reads the sidecar: a JSON object with only the known keys, text values
 * (renewal_of a positive integer; renewal_proof its proof of possession,
 * base64, when the request has a new key). The strings stay owned by *json.
 */
static int
read_sidecar(const char *path, const char *name, json_t **json, struct pki_csr_meta *m,
    struct pki_error *err)
{
	static const char *const text_keys[] = {
		"file_root",
		"contact_name",
		"contact_phone",
		"contact_email",
		"hostname",
		"instance",
		"renewal_proof",
	};
	unsigned char *data = NULL;
	size_t len = 0, i;
	json_error_t je;
	const char *key;
	json_t *v;
	int r;

	*json = NULL;
	if ((r = pki_file_read_regular(path, SIDECAR_MAX, &data, &len, err)) != 0)
		return r;
	*json = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &je);
	free(data);
	/* Where, never what: the error shows none of the file's contents. */
	if (*json == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "sidecar",
		    _("The contact file \"%s\" is not valid JSON (line %d, column %d)"), name,
		    je.line, je.column);
	if (!json_is_object(*json))
		return pki_err_set(err, PKI_ERR_INVALID, "sidecar",
		    _("The contact file \"%s\" is not a JSON object"), name);
	json_object_foreach(*json, key, v)
	{
		for (i = 0; i < sizeof text_keys / sizeof *text_keys; i++)
			if (strcmp(key, text_keys[i]) == 0)
				break;
		if (i < sizeof text_keys / sizeof *text_keys) {
			if (!json_is_string(v))
				return pki_err_set(err, PKI_ERR_INVALID, "sidecar",
				    _("In the contact file \"%s\", \"%s\" must be a string"), name,
				    key);
			continue;
		}
		if (strcmp(key, "renewal_of") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return pki_err_set(err, PKI_ERR_INVALID, "sidecar",
				    _("In the contact file \"%s\", \"renewal_of\" must be the serial "
				      "number of an issued certificate"),
				    name);
			continue;
		}
		{
			char *shown = pki_sanitize(key);
			r = pki_err_set(err, PKI_ERR_INVALID, "sidecar",
			    _("The contact file \"%s\" has an unknown key \"%s\""), name,
			    shown ? shown : "?");
			free(shown);
			return r;
		}
	}
#define GET(k) json_string_value(json_object_get(*json, k))
	if (GET("file_root") != NULL)
		m->file_root = GET("file_root");
	m->contact_name = GET("contact_name");
	m->contact_phone = GET("contact_phone");
	m->contact_email = GET("contact_email");
	m->hostname = GET("hostname");
	m->instance = GET("instance");
	m->renewal_proof = GET("renewal_proof");
#undef GET
	if (json_object_get(*json, "renewal_of") != NULL)
		m->renewal_of = (uint64_t)json_integer_value(json_object_get(*json, "renewal_of"));
	return 0;
}

struct pending_file {
	struct pki_csr_info c;
	unsigned char *der;
	size_t der_len;
};

static void
refuse(struct pki_import_item *it, const struct pki_error *e)
{
	it->code = e->code != 0 ? e->code : PKI_ERR_INVALID;
	snprintf(it->msg, sizeof it->msg, "%s", e->msg[0] ? e->msg : pki_strerror(it->code));
}

/* Reads and checks one NAME.csr with its sidecar, without storing it. */
static void
check_file(const char *dir, const char *name, struct pki_import_item *it, struct pending_file *pf)
{
	struct pki_csr_meta meta;
	struct pki_error e;
	unsigned char *data = NULL;
	size_t len = 0, k = strlen(name) - strlen(".csr");
	char *root = NULL, *path = NULL, *side = NULL, *sname = NULL;
	json_t *json = NULL;

	pki_error_clear(&e);
	memset(&meta, 0, sizeof meta);
	if ((root = strndup(name, k)) == NULL || (path = pki_path_join(dir, name)) == NULL ||
	    (sname = pki_strfmt("%s.json", root)) == NULL ||
	    (side = pki_path_join(dir, sname)) == NULL) {
		pki_err_nomem(&e);
		goto out;
	}
	meta.file_root = root;
	if (pki_path_exists(side) && read_sidecar(side, sname, &json, &meta, &e) != 0)
		goto out;
	if (pki_file_read_regular(path, PKI_CSR_MAX_BYTES, &data, &len, &e) != 0)
		goto out;
	if (pki_csr_prepare(data, len, &meta, &pf->c, &pf->der, &pf->der_len, &e) != 0)
		goto out;
	it->file_root = strdup(pf->c.file_root);
	memcpy(it->sha1, pf->c.sha1, sizeof it->sha1);
out:
	if (e.code != 0)
		refuse(it, &e);
	json_decref(json);
	free(data);
	free(root);
	free(path);
	free(side);
	free(sname);
}

int
pki_csr_import_dir(pki_store *store, const char *dir, struct pki_import_report *out,
    struct pki_error *err)
{
	struct pending_file *pf = NULL;
	char **names = NULL, **sides = NULL;
	size_t n = 0, nsides = 0, i, j;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = list_dir(dir, ".csr", &names, &n, err)) != 0)
		return r;
	if ((r = list_dir(dir, ".json", &sides, &nsides, err)) != 0)
		goto out;
	if (n == 0) {
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "dir",
		    _("The directory \"%s\" holds no request file (NAME.csr)"), dir);
		goto out;
	}
	/* A sidecar without its request is a mistake worth stopping for. */
	if ((out->items = calloc(n + nsides, sizeof *out->items)) == NULL ||
	    (pf = calloc(n, sizeof *pf)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct pki_import_item *it = &out->items[out->n++];
		if ((it->file = strdup(names[i])) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		check_file(dir, names[i], it, &pf[i]);
		/* The same request twice in the directory. */
		for (j = 0; it->code == 0 && j < i; j++)
			if (out->items[j].code == 0 &&
			    strcmp(pf[j].c.sha256, pf[i].c.sha256) == 0) {
				it->code = PKI_ERR_DUPLICATE;
				snprintf(it->msg, sizeof it->msg,
				    _("This Certificate Signing Request is the same as \"%s\""),
				    names[j]);
			}
	}
	for (i = 0; i < nsides; i++) {
		char *csr = pki_strfmt("%.*s.csr", (int)(strlen(sides[i]) - 5), sides[i]);
		bool alone = csr != NULL && bsearch(&csr, names, n, sizeof *names, cmp_str) == NULL;
		free(csr);
		if (!alone)
			continue;
		struct pki_import_item *it = &out->items[out->n++];
		if ((it->file = strdup(sides[i])) == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		it->code = PKI_ERR_INVALID;
		snprintf(it->msg, sizeof it->msg,
		    _("A contact file without its request file (NAME.csr)"));
	}
	for (i = 0; i < out->n; i++)
		if (out->items[i].code != 0)
			out->refused++;
	if (out->refused == 0) {
		if ((r = store->ops->tx_begin(store, true, err)) != 0)
			goto out;
		for (i = 0; i < n; i++) {
			struct pki_error e;
			pki_error_clear(&e);
			if (pki_csr_store_tx(store, &pf[i].c, pf[i].der, pf[i].der_len, &e) != 0) {
				refuse(&out->items[i], &e);
				out->refused++;
			} else
				out->items[i].id = pf[i].c.id;
		}
		if (out->refused == 0) {
			if ((r = store->ops->tx_commit(store, err)) != 0)
				goto out;
			out->stored = true;
		} else
			store->ops->tx_rollback(store);
	}
	if (!out->stored)
		for (i = 0; i < out->n; i++)
			out->items[i].id = 0;
	if (out->refused > 0) {
		for (i = 0; i < out->n && out->items[i].code == 0; i++)
			;
		r = pki_err_set(err, out->items[i].code, "dir",
		    dngettext(PACKAGE,
		        "%zu of %zu files in \"%s\" was refused: nothing was imported",
		        "%zu of %zu files in \"%s\" were refused: nothing was imported",
		        out->refused),
		    out->refused, out->n, dir);
	}
out:
	for (i = 0; pf != NULL && i < n; i++) {
		pki_csr_info_clear(&pf[i].c);
		free(pf[i].der);
	}
	free(pf);
	free_names(names, n);
	free_names(sides, nsides);
	return r;
}

int
pki_csr_meta_write(const char *path, const struct pki_csr_meta *m, struct pki_error *err)
{
	json_t *o = json_object();
	char *text = NULL;
	int r = 0;

	if (o == NULL)
		return pki_err_nomem(err);
#define SET(k, v) \
	do { \
		if (!pki_str_empty(v)) \
			json_object_set_new(o, k, json_string(v)); \
	} while (0)
	SET("file_root", m->file_root);
	SET("contact_name", m->contact_name);
	SET("contact_phone", m->contact_phone);
	SET("contact_email", m->contact_email);
	SET("hostname", m->hostname);
	SET("instance", m->instance);
	SET("renewal_proof", m->renewal_proof);
#undef SET
	if (m->renewal_of != 0)
		json_object_set_new(o, "renewal_of", json_integer((json_int_t)m->renewal_of));
	if ((text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL)
		r = pki_err_nomem(err);
	else {
		size_t k = strlen(text);
		char *t = pki_strfmt("%s\n", text);
		r = t == NULL ? pki_err_nomem(err)
		              : pki_file_write_atomic(path, t, k + 1, 0644, err);
		free(t);
	}
	free(text);
	json_decref(o);
	return r;
}

/* ---------------------------------------------------------------- export */

void
pki_export_result_clear(struct pki_export_result *r)
{
	if (r == NULL)
		return;
	free(r->manifest);
	for (size_t i = 0; i < r->nrenamed; i++) {
		free(r->renamed[i].file_root);
		free(r->renamed[i].name);
	}
	free(r->renamed);
	memset(r, 0, sizeof *r);
}

static json_t *
json_time(time_t t)
{
	char buf[32];
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		return json_null();
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/*
 * The export's files, written as pki_file_write_atomic does one file (a
 * temporary name, flushed, then renamed over the target) but flushed all
 * at once: one syncfs for hundreds of files instead of two fsyncs each,
 * which on removable media is the difference between a second and a
 * minute. The renames follow in order, index.json last, so a reader that
 * sees the new manifest sees every file it names.
 */
struct batch {
	const char *dir;
	char **tmp, **dst; /* tmp[i] NULL once renamed */
	size_t n;
};

static int
batch_add(struct batch *b, const char *name, const void *data, size_t len, struct pki_error *err)
{
	char *tmp = pki_strfmt("%s/.%s.tmp.XXXXXX", b->dir, name),
	     *dst = pki_path_join(b->dir, name);
	char **nt = NULL, **nd = NULL;
	const unsigned char *p = data;
	int fd = -1;

	if (tmp == NULL || dst == NULL || (nt = realloc(b->tmp, (b->n + 1) * sizeof *nt)) == NULL ||
	    (b->tmp = nt, (nd = realloc(b->dst, (b->n + 1) * sizeof *nd)) == NULL)) {
		free(tmp);
		free(dst);
		return pki_err_nomem(err);
	}
	b->dst = nd;
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		goto fail;
	b->tmp[b->n] = tmp;
	b->dst[b->n++] = dst;
	tmp = dst = NULL;
	if (fchmod(fd, 0644) != 0)
		goto fail;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail : {
	int e = errno;
	if (fd >= 0)
		close(fd);
	free(tmp);
	free(dst);
	return pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write \"%s/%s\": %s"), b->dir, name,
	    strerror(e));
}
}

static int
batch_commit(struct batch *b, struct pki_error *err)
{
	size_t i;
	int dfd, ok;

	if (b->n == 0)
		return 0;
	if ((dfd = open(b->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot read the directory \"%s\": %s"),
		    b->dir, strerror(errno));
#ifdef __linux__
	ok = syncfs(dfd) == 0;
#else
	ok = true;
	for (i = 0; ok && i < b->n; i++) {
		int fd = open(b->tmp[i], O_RDONLY | O_CLOEXEC);
		ok = fd >= 0 && fsync(fd) == 0;
		if (fd >= 0)
			close(fd);
	}
#endif
	for (i = 0; ok && i < b->n; i++) {
		if (rename(b->tmp[i], b->dst[i]) != 0) {
			ok = false;
			break;
		}
		free(b->tmp[i]);
		b->tmp[i] = NULL;
	}
	ok = ok && fsync(dfd) == 0;
	close(dfd);
	if (!ok)
		return pki_err_set(err, PKI_ERR_IO, NULL, _("Cannot write the files in \"%s\": %s"),
		    b->dir, strerror(errno));
	return 0;
}

/* Removes what was not renamed. */
static void
batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->tmp[i] != NULL)
			unlink(b->tmp[i]);
		free(b->tmp[i]);
		free(b->dst[i]);
	}
	free(b->tmp);
	free(b->dst);
	memset(b, 0, sizeof *b);
}

/* ca.pem and ca-chain.pem; the CA's part of the manifest. */
static int
export_ca(pki_store *store, struct batch *b, json_t *man, char **chain_above, struct pki_error *err)
{
	struct pki_ca_row row;
	char *ca = NULL, *full = NULL;
	json_t *o;
	int r;

	*chain_above = NULL;
	if ((r = store->ops->ca_get(store, &row, err)) != 0)
		return r;
	if ((ca = pki_der_to_pem("CERTIFICATE", row.cert_der, row.cert_len)) == NULL ||
	    (full = pki_strfmt("%s%s", ca, row.chain_pem)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = batch_add(b, "ca.pem", ca, strlen(ca), err)) != 0 ||
	    (r = batch_add(b, "ca-chain.pem", full, strlen(full), err)) != 0)
		goto out;
	if ((o = json_object()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	json_object_set_new(o, "file_root", json_string(row.root));
	json_object_set_new(o, "subject", json_string(row.subject));
	json_object_set_new(o, "sha1", json_string(row.sha1));
	json_object_set_new(o, "sha256", json_string(row.sha256));
	json_object_set_new(o, "not_after", json_time((time_t)row.not_after));
	json_object_set_new(o, "file", json_string("ca.pem"));
	json_object_set_new(o, "chain_file", json_string("ca-chain.pem"));
	json_object_set_new(o, "root", json_boolean(row.chain_pem[0] == '\0'));
	json_object_set_new(man, "ca", o);
	*chain_above = full;
	full = NULL;
out:
	free(ca);
	free(full);
	pki_ca_row_clear(&row);
	return r;
}

/* crl.der and crl.pem when a CRL was signed; the export never signs one. */
static int
export_crl(pki_store *store, struct batch *b, json_t *man, struct pki_export_result *res,
    struct pki_error *err)
{
	struct pki_crl_info info;
	struct pki_error e;
	unsigned char *der = NULL, *pem = NULL;
	size_t dlen = 0, plen = 0;
	json_t *o;
	int r;

	pki_error_clear(&e);
	if ((r = pki_crl_latest(store, false, &der, &dlen, &info, &e)) == PKI_ERR_NOT_FOUND) {
		json_object_set_new(man, "crl", json_null());
		return 0;
	}
	if (r != 0) {
		*err = e;
		return r;
	}
	if ((r = pki_crl_latest(store, true, &pem, &plen, NULL, err)) != 0 ||
	    (r = batch_add(b, "crl.der", der, dlen, err)) != 0 ||
	    (r = batch_add(b, "crl.pem", pem, plen, err)) != 0)
		goto out;
	if ((o = json_object()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	json_object_set_new(o, "number", json_integer((json_int_t)info.number));
	json_object_set_new(o, "this_update", json_time(info.this_update));
	json_object_set_new(o, "next_update", json_time(info.next_update));
	json_object_set_new(o, "revoked", json_integer((json_int_t)info.revoked_count));
	json_object_set_new(o, "der", json_string("crl.der"));
	json_object_set_new(o, "pem", json_string("crl.pem"));
	json_object_set_new(man, "crl", o);
	res->crl = true;
	res->crl_number = info.number;
out:
	free(der);
	free(pem);
	return r;
}

/*
 * The file names of an export. The newest certificate of a file name root
 * keeps ROOT; an older one becomes ROOT-SERIAL, and should that name be
 * taken too, ROOT-SERIAL-2 and on. Names are compared without case, as on
 * the FAT and exFAT media an export is carried on. No export file ever
 * replaces another.
 */
struct export_entry {
	const struct pki_cert_info *ci;
	char *name;
	bool renamed;
};

static int
cmp_root_newest(const void *a, const void *b)
{
	const struct export_entry *x = a, *y = b;
	int c = strcasecmp(x->ci->file_root, y->ci->file_root);

	if (c != 0)
		return c;
	return x->ci->serial < y->ci->serial ? 1 : x->ci->serial > y->ci->serial ? -1 : 0;
}

static int
cmp_name_plain_first(const void *a, const void *b)
{
	const struct export_entry *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	if (c != 0)
		return c;
	if (x->renamed != y->renamed)
		return x->renamed ? 1 : -1;
	return x->ci->serial < y->ci->serial ? 1 : x->ci->serial > y->ci->serial ? -1 : 0;
}

static int
cmp_serial(const void *a, const void *b)
{
	const struct export_entry *x = a, *y = b;

	return x->ci->serial < y->ci->serial ? -1 : x->ci->serial > y->ci->serial;
}

static void
export_entries_free(struct export_entry *e, size_t n)
{
	for (size_t i = 0; e != NULL && i < n; i++)
		free(e[i].name);
	free(e);
}

static int
export_names(const struct pki_cert_info *arr, size_t n, const bool *sel, struct export_entry **out,
    size_t *nout, struct pki_error *err)
{
	struct export_entry *e;
	size_t m = 0, i;
	bool changed = true;

	*out = NULL;
	*nout = 0;
	if ((e = calloc(n > 0 ? n : 1, sizeof *e)) == NULL)
		return pki_err_nomem(err);
	for (i = 0; i < n; i++)
		if (sel[i])
			e[m++].ci = &arr[i];
	qsort(e, m, sizeof *e, cmp_root_newest);
	for (i = 0; i < m; i++) {
		e[i].renamed = i > 0 && strcasecmp(e[i - 1].ci->file_root, e[i].ci->file_root) == 0;
		e[i].name = e[i].renamed
		    ? pki_strfmt("%s-%" PRIu64, e[i].ci->file_root, e[i].ci->serial)
		    : strdup(e[i].ci->file_root);
		if (e[i].name == NULL)
			goto nomem;
	}
	/* A ROOT-SERIAL that is another certificate's root: every round
	 * renames all but the first of each set of equal names. */
	for (unsigned round = 2; changed; round++) {
		changed = false;
		qsort(e, m, sizeof *e, cmp_name_plain_first);
		for (i = 1; i < m; i++) {
			size_t first = i - 1;
			while (i < m && strcasecmp(e[first].name, e[i].name) == 0) {
				char *nn = pki_strfmt("%s-%u", e[i].name, round);
				if (nn == NULL)
					goto nomem;
				free(e[i].name);
				e[i].name = nn;
				e[i].renamed = changed = true;
				i++;
			}
		}
	}
	qsort(e, m, sizeof *e, cmp_serial);
	*out = e;
	*nout = m;
	return 0;
nomem:
	export_entries_free(e, m);
	return pki_err_nomem(err);
}

static int
note_renamed(struct pki_export_result *out, const struct export_entry *e, struct pki_error *err)
{
	struct pki_export_renamed *na = realloc(out->renamed, (out->nrenamed + 1) * sizeof *na);

	if (na == NULL)
		return pki_err_nomem(err);
	out->renamed = na;
	na += out->nrenamed;
	na->serial = e->ci->serial;
	na->file_root = strdup(e->ci->file_root);
	na->name = strdup(e->name);
	out->nrenamed++;
	if (na->file_root == NULL || na->name == NULL)
		return pki_err_nomem(err);
	return 0;
}

static int
export_cert(pki_store *store, struct batch *b, const char *name, uint64_t serial, const char *chain,
    json_t *list, struct pki_error *err)
{
	struct pki_cert_info ci;
	char *cer = NULL, *chf = NULL, *full = NULL;
	json_t *o = NULL;
	int r;

	if ((r = pki_cert_get(store, serial, &ci, err)) != 0)
		return r;
	if ((cer = pki_strfmt("%s.cer", name)) == NULL ||
	    (chf = pki_strfmt("%s-chain.pem", name)) == NULL ||
	    (full = pki_strfmt("%s%s", ci.pem, chain)) == NULL || (o = json_object()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if ((r = batch_add(b, cer, ci.pem, strlen(ci.pem), err)) != 0 ||
	    (r = batch_add(b, chf, full, strlen(full), err)) != 0)
		goto out;
	json_object_set_new(o, "serial", json_integer((json_int_t)ci.serial));
	if (ci.serial_number[0] != '\0')
		json_object_set_new(o, "serial_number", json_string(ci.serial_number));
	json_object_set_new(o, "file_root", json_string(ci.file_root));
	json_object_set_new(o, "subject", json_string(ci.subject));
	json_object_set_new(o, "issuer", json_string(ci.issuer));
	json_object_set_new(o, "sans", json_string(ci.sans));
	json_object_set_new(o, "usage", json_string(pki_usage_name(ci.usage)));
	json_object_set_new(o, "status",
	    json_string(pki_cert_status_name(pki_cert_status(&ci, time(NULL)))));
	json_object_set_new(o, "hostname", json_string(ci.hostname));
	json_object_set_new(o, "instance", json_string(ci.instance));
	json_object_set_new(o, "sha1", json_string(ci.sha1));
	json_object_set_new(o, "sha256", json_string(ci.sha256));
	json_object_set_new(o, "not_before", json_time(ci.not_before));
	json_object_set_new(o, "not_after", json_time(ci.not_after));
	json_object_set_new(o, "issued_at", json_time(ci.issued_at));
	json_object_set_new(o, "revoked_at", json_time(ci.revoked_at));
	json_object_set_new(o, "renewal_of",
	    ci.renewal_of != 0 ? json_integer((json_int_t)ci.renewal_of) : json_null());
	json_object_set_new(o, "file", json_string(cer));
	json_object_set_new(o, "chain_file", json_string(chf));
	if (json_array_append_new(list, o) != 0)
		r = pki_err_nomem(err);
	o = NULL;
out:
	json_decref(o);
	free(cer);
	free(chf);
	free(full);
	pki_cert_info_clear(&ci);
	return r;
}

int
pki_export_dir(pki_store *store, const struct pki_export_params *p, struct pki_export_result *out,
    struct pki_error *err)
{
	struct pki_cert_info *arr = NULL;
	struct batch b;
	json_t *man = NULL, *list = NULL;
	struct export_entry *ents = NULL;
	char *chain = NULL, *text = NULL;
	bool *sel = NULL;
	size_t n = 0, nents = 0, i;
	int r;

	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	b.dir = p->dir;
	if (pki_str_empty(p->dir))
		return pki_err_set(err, PKI_ERR_INVALID, "dir",
		    _("The export directory is required"));
	if ((r = pki_mkdir_p(p->dir, 0755, err)) != 0)
		return r;
	if ((man = json_object()) == NULL || (list = json_array()) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	json_object_set_new(man, "format", json_string(EXPORT_FORMAT));
	json_object_set_new(man, "exported_at", json_time(time(NULL)));
	json_object_set_new(man, "since_serial", json_integer((json_int_t)p->since_serial));
	json_object_set_new(man, "since", json_time(p->since));
	if ((r = export_ca(store, &b, man, &chain, err)) != 0 ||
	    (r = export_crl(store, &b, man, out, err)) != 0 ||
	    (r = pki_cert_list(store, NULL, &arr, &n, err)) != 0)
		goto out;
	if (n > 0 && (sel = calloc(n, sizeof *sel)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++)
		sel[i] = arr[i].serial >= p->since_serial && arr[i].issued_at >= p->since;
	if ((r = export_names(arr, n, sel, &ents, &nents, err)) != 0)
		goto out;
	for (i = 0; i < nents; i++) {
		if ((r = export_cert(store, &b, ents[i].name, ents[i].ci->serial, chain, list,
		         err)) != 0 ||
		    (ents[i].renamed && (r = note_renamed(out, &ents[i], err)) != 0))
			goto out;
		out->certs++;
	}
	json_object_set_new(man, "certificates", list);
	list = NULL;
	if ((text = json_dumps(man, JSON_INDENT(2))) == NULL ||
	    (out->manifest = pki_path_join(p->dir, "index.json")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	{
		char *t = pki_strfmt("%s\n", text);
		r = t == NULL ? pki_err_nomem(err) : batch_add(&b, "index.json", t, strlen(t), err);
		free(t);
	}
	if (r == 0)
		r = batch_commit(&b, err);
out:
	batch_free(&b);
	if (r != 0)
		pki_export_result_clear(out);
	export_entries_free(ents, nents);
	pki_cert_info_array_free(&arr, n);
	free(sel);
	free(chain);
	free(text);
	json_decref(list);
	json_decref(man);
	return r;
}

/* ---------------------------------------------------------- client side */

int
pki_client_request_offline(pki_store *store, const struct pki_client_request *rq,
    const char *outdir, struct pki_client_submitted *out, struct pki_error *err)
{
	struct pki_client_config cfg;
	struct pki_csr_request creq;
	struct pki_csr_generated g;
	struct pki_csr_meta meta;
	char host[256] = "", *csr = NULL, *side = NULL;
	int r;

	memset(out, 0, sizeof *out);
	memset(&g, 0, sizeof g);
	memset(&meta, 0, sizeof meta);
	if (pki_str_empty(outdir))
		return pki_err_set(err, PKI_ERR_INVALID, "dir",
		    _("The directory for the request files is required"));
	if ((r = pki_client_config_get(store, &cfg, err)) != 0)
		return r;
	if (!pki_str_empty(rq->hostname))
		snprintf(host, sizeof host, "%s", rq->hostname);
	else if (gethostname(host, sizeof host - 1) != 0)
		host[0] = '\0';
	if (!pki_str_empty(host) && (r = pki_check_hostname(host, "hostname", err)) != 0)
		goto out;
	if ((r = pki_check_file_root(rq->csr.root, "root", err)) != 0)
		goto out;
	if ((csr = pki_strfmt("%s/%s.csr", outdir, rq->csr.root)) == NULL ||
	    (side = pki_strfmt("%s/%s.json", outdir, rq->csr.root)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (pki_path_exists(csr) || pki_path_exists(side)) {
		r = pki_err_set(err, PKI_ERR_EXISTS, "dir",
		    _("The file \"%s\" or \"%s\" already exists"), csr, side);
		goto out;
	}
	creq = rq->csr;
	creq.dir = cfg.dir;
	if ((r = pki_mkdir_p(outdir, 0755, err)) != 0 ||
	    (r = pki_csr_generate(&creq, &g, err)) != 0)
		goto out;
	meta.file_root = rq->csr.root;
	meta.contact_name = cfg.contact_name;
	meta.contact_phone = cfg.contact_phone;
	meta.contact_email = cfg.contact_email;
	meta.hostname = host;
	meta.instance = cfg.instance;
	if ((r = pki_file_write_atomic(csr, g.pem, strlen(g.pem), 0644, err)) != 0 ||
	    (r = pki_csr_meta_write(side, &meta, err)) != 0)
		goto out;
	memcpy(out->sha1, g.sha1, sizeof out->sha1);
	memcpy(out->sha256, g.sha256, sizeof out->sha256);
	out->file_root = strdup(rq->csr.root);
	out->key_path = g.key_path;
	out->csr_path = csr;
	g.key_path = NULL;
	csr = NULL;
	if (out->file_root == NULL)
		r = pki_err_nomem(err);
out:
	if (r != 0)
		pki_client_submitted_clear(out);
	pki_csr_generated_clear(&g);
	pki_client_config_clear(&cfg);
	free(csr);
	free(side);
	return r;
}

void
pki_client_import_clear(struct pki_client_import *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->ca_subject);
	memset(r, 0, sizeof *r);
}

static int
add_file(struct pki_client_import *res, char **path, struct pki_error *err)
{
	char **na = realloc(res->files, (res->nfiles + 1) * sizeof *na);

	if (na == NULL)
		return pki_err_nomem(err);
	res->files = na;
	na[res->nfiles++] = *path;
	*path = NULL;
	return 0;
}

/* Reads DIR/NAME as text. */
static int
read_text(const char *dir, const char *name, size_t max, char **out, struct pki_error *err)
{
	char *path = pki_path_join(dir, name);
	unsigned char *data = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	if (path == NULL)
		return pki_err_nomem(err);
	r = pki_file_read_regular(path, max, &data, &len, err);
	free(path);
	if (r != 0)
		return r;
	if (memchr(data, '\0', len) != NULL) {
		free(data);
		return pki_err_set(err, PKI_ERR_INVALID, "file", _("\"%s\" is not a text file"),
		    name);
	}
	*out = (char *)data;
	return 0;
}

/* A manifest file name: a plain name in the export directory. */
static const char *
plain_name(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL || *s == '\0' || *s == '.' || strchr(s, '/') != NULL)
		return NULL;
	return s;
}

/* One certificate of the manifest, when it is for a request made here. */
static int
import_one(const struct pki_client_config *cfg, const char *dir, json_t *o, bool overwrite,
    struct pki_client_import *res, struct pki_error *err)
{
	const char *root = json_string_value(json_object_get(o, "file_root"));
	const char *file = plain_name(o, "file"), *chf = plain_name(o, "chain_file");
	char *csrp = NULL, *cer = NULL, *chain = NULL, *above = NULL, *dcer = NULL, *dchain = NULL,
	     *cname = NULL;
	unsigned char *csr = NULL;
	size_t csr_len = 0;
	pki_x509 *x = NULL;
	struct pki_error ignored;
	int r = 0;

	if (root == NULL || pki_check_file_root(root, "file_root", &ignored) != 0 || file == NULL ||
	    chf == NULL)
		return pki_err_set(err, PKI_ERR_INVALID, "manifest",
		    _("The manifest index.json has a certificate entry without a valid "
		      "file_root, file and chain_file"));
	if ((csrp = pki_path_join3(cfg->dir, root, ".csr")) == NULL)
		return pki_err_nomem(err);
	if (!pki_path_exists(csrp) ||
	    pki_file_read(csrp, PKI_CSR_MAX_BYTES, &csr, &csr_len, &ignored) != 0)
		goto out; /* not a request of this client */
	if ((r = read_text(dir, file, PKI_CERT_MAX_BYTES, &cer, err)) != 0 ||
	    (r = read_text(dir, chf, PKI_CERT_MAX_BYTES, &chain, err)) != 0 ||
	    (r = pki_x509_load((unsigned char *)cer, strlen(cer), &x, NULL, err)) != 0)
		goto out;
	if (!pki_x509_matches_csr(x, csr, csr_len))
		goto out; /* same name, another key: not ours */
	if ((r = pki_chain_verify_pem(cer, chain, file, &above, err)) != 0)
		goto out;
	if ((cname = pki_strfmt("%s-chain", root)) == NULL ||
	    (dcer = pki_path_join3(cfg->dir, root, ".cer")) == NULL ||
	    (dchain = pki_path_join3(cfg->dir, cname, ".pem")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	if (!overwrite && (pki_path_exists(dcer) || pki_path_exists(dchain))) {
		r = pki_err_set(err, PKI_ERR_EXISTS, "path",
		    _("The file \"%s\" or \"%s\" already exists"), dcer, dchain);
		goto out;
	}
	if ((r = pki_file_write_atomic(dcer, cer, strlen(cer), 0644, err)) != 0 ||
	    (r = pki_file_write_atomic(dchain, chain, strlen(chain), 0644, err)) != 0 ||
	    (r = add_file(res, &dcer, err)) != 0 || (r = add_file(res, &dchain, err)) != 0)
		goto out;
	res->certs++;
out:
	pki_x509_free(&x);
	free(csrp);
	free(csr);
	free(cer);
	free(chain);
	free(above);
	free(dcer);
	free(dchain);
	free(cname);
	return r;
}

int
pki_client_import_dir(pki_store *store, const char *dir, bool overwrite,
    struct pki_client_import *out, struct pki_error *err)
{
	struct pki_client_config cfg;
	json_error_t je;
	json_t *man = NULL, *ca, *list, *o;
	const char *caroot;
	char *text = NULL, *ca_pem = NULL, *ca_chain = NULL, *above = NULL, *dca = NULL;
	pki_x509 *x = NULL, *root = NULL;
	size_t i;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = pki_client_config_get(store, &cfg, err)) != 0)
		return r;
	if ((r = read_text(dir, "index.json", MANIFEST_MAX, &text, err)) != 0)
		goto out;
	man = json_loads(text, 0, &je);
	if (man == NULL || !json_is_object(man) ||
	    json_string_value(json_object_get(man, "format")) == NULL ||
	    strcmp(json_string_value(json_object_get(man, "format")), EXPORT_FORMAT) != 0 ||
	    !json_is_object(ca = json_object_get(man, "ca")) ||
	    !json_is_array(list = json_object_get(man, "certificates"))) {
		r = pki_err_set(err, PKI_ERR_INVALID, "manifest",
		    _("\"%s/index.json\" is not an ncpki export manifest"), dir);
		goto out;
	}
	caroot = json_string_value(json_object_get(ca, "file_root"));
	if (caroot == NULL || pki_check_file_root(caroot, "ca", err) != 0) {
		r = pki_err_set(err, PKI_ERR_INVALID, "manifest",
		    _("The manifest index.json names no valid CA file name root"));
		goto out;
	}
	/* The CA certificate, checked up to the root given with it. */
	if ((r = read_text(dir, "ca.pem", PKI_CERT_MAX_BYTES, &ca_pem, err)) != 0 ||
	    (r = read_text(dir, "ca-chain.pem", PKI_CERT_MAX_BYTES, &ca_chain, err)) != 0 ||
	    (r = pki_x509_load((unsigned char *)ca_pem, strlen(ca_pem), &x, NULL, err)) != 0)
		goto out;
	if (!pki_x509_self_signed(x) &&
	    (r = pki_chain_verify_pem(ca_pem, ca_chain, "ca.pem", &above, err)) != 0)
		goto out;
	if ((r = pki_x509_fingerprints(x, out->ca_sha1, out->ca_sha256, err)) != 0)
		goto out;
	if (above != NULL && above[0] != '\0') {
		/* The root is the last certificate of the chain above the CA. */
		const char *last = above, *p;
		char scratch[PKI_FP_SHA1_SIZE];
		while ((p = strstr(last + 1, "-----BEGIN CERTIFICATE-----")) != NULL)
			last = p;
		if ((r = pki_x509_load((const unsigned char *)last, strlen(last), &root, NULL,
		         err)) != 0 ||
		    (r = pki_x509_fingerprints(root, scratch, out->root_sha256, err)) != 0)
			goto out;
	} else
		memcpy(out->root_sha256, out->ca_sha256, sizeof out->root_sha256);
	if ((out->ca_subject = pki_x509_subject(x)) == NULL ||
	    (dca = pki_path_join3(cfg.dir, caroot, ".cer")) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	/* Never another CA's certificate over one kept here (a pinned one). */
	if (!overwrite && pki_path_exists(dca)) {
		unsigned char *have = NULL;
		size_t hlen = 0;
		struct pki_error ignored;
		bool same = pki_file_read(dca, PKI_CERT_MAX_BYTES, &have, &hlen, &ignored) == 0 &&
		    hlen == strlen(ca_pem) && memcmp(have, ca_pem, hlen) == 0;
		free(have);
		if (!same) {
			r = pki_err_set(err, PKI_ERR_EXISTS, "path",
			    _("The file \"%s\" already exists and holds another certificate"), dca);
			goto out;
		}
	}
	json_array_foreach(list, i, o) if (!json_is_object(o) ||
	    (r = import_one(&cfg, dir, o, overwrite, out, err)) != 0) goto bad;
	if (out->certs == 0) {
		r = pki_err_set(err, PKI_ERR_NOT_FOUND, "dir",
		    _("\"%s\" holds no certificate for a request made here (in \"%s\")"), dir,
		    cfg.dir);
		goto out;
	}
	if ((r = pki_file_write_atomic(dca, ca_pem, strlen(ca_pem), 0644, err)) != 0 ||
	    (r = add_file(out, &dca, err)) != 0)
		goto out;
	goto out;
bad:
	if (r == 0)
		r = pki_err_set(err, PKI_ERR_INVALID, "manifest",
		    _("\"%s/index.json\" is not an ncpki export manifest"), dir);
out:
	if (r != 0)
		pki_client_import_clear(out);
	pki_x509_free(&x);
	pki_x509_free(&root);
	json_decref(man);
	pki_client_config_clear(&cfg);
	free(text);
	free(ca_pem);
	free(ca_chain);
	free(above);
	free(dca);
	return r;
}
