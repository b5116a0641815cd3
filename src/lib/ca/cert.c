/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cert.c: issued certificates: listing with the guide's search keys
 * (serial, hostname, instance, file name) and export to FILENAME.cer.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
pki_cert_list(pki_store *store, const struct pki_cert_filter *f, struct pki_cert_info **out,
    size_t *n, struct pki_error *err)
{
	return store->ops->cert_list(store, f, out, n, err);
}

int
pki_cert_get(pki_store *store, uint64_t serial, struct pki_cert_info *out, struct pki_error *err)
{
	return store->ops->cert_get(store, serial, out, NULL, NULL, err);
}

static char *
absolute(const char *path)
{
	char cwd[4096];

	if (path[0] == '/')
		return strdup(path);
	if (getcwd(cwd, sizeof cwd) == NULL)
		return NULL;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return pki_path_join(cwd, path);
}

/* The certificate, then `chain` (NULL: none) when it is to be written. */
static int
cert_export(pki_store *store, uint64_t serial, const char *path, bool overwrite, const char *chain,
    char **written, struct pki_cert_info *info, struct pki_error *err)
{
	struct pki_cert_info ci;
	struct stat st;
	char *target = NULL, *name = NULL;
	int r;

	*written = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if ((r = store->ops->cert_get(store, serial, &ci, NULL, NULL, err)) != 0)
		return r;
	if (path == NULL)
		path = ".";
	/* "DIR/": a directory, made when it is missing. */
	if (path[0] != '\0' && path[strlen(path) - 1] == '/' &&
	    (r = pki_mkdir_p(path, 0755, err)) != 0)
		goto out;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* The names ncpki cert export-all gives. */
		if ((name = pki_strfmt(chain != NULL ? "%s-chain.pem" : "%s.cer", ci.file_root)) !=
		    NULL)
			target = pki_path_join(path, name);
	} else
		target = strdup(path);
	free(name);
	if (target == NULL || (name = absolute(target)) == NULL) {
		r = pki_err_nomem(err);
		goto out;
	}
	free(target);
	target = name;
	if (!overwrite && pki_path_exists(target)) {
		r = pki_err_set(err, PKI_ERR_EXISTS, "path", _("The file \"%s\" already exists"),
		    target);
		goto out;
	}
	if (chain != NULL) {
		char *full = pki_strfmt("%s%s", ci.pem, chain);
		if (full == NULL) {
			r = pki_err_nomem(err);
			goto out;
		}
		r = pki_file_write_atomic(target, full, strlen(full), 0644, err);
		free(full);
	} else
		r = pki_file_write_atomic(target, ci.pem, strlen(ci.pem), 0644, err);
	if (r == 0)
		r = pki_audit_tx(store, "cert-exported", err, "certificate %llu to \"%s\"",
		    (unsigned long long)serial, target);
	if (r != 0)
		goto out;
	*written = target;
	target = NULL;
	if (info) {
		*info = ci;
		memset(&ci, 0, sizeof ci);
	}
out:
	free(target);
	pki_cert_info_clear(&ci);
	return r;
}

int
pki_cert_export(pki_store *store, uint64_t serial, const char *path, bool overwrite, char **written,
    struct pki_cert_info *info, struct pki_error *err)
{
	return cert_export(store, serial, path, overwrite, NULL, written, info, err);
}

int
pki_cert_export_chain(pki_store *store, uint64_t serial, const char *path, bool overwrite,
    bool with_root, char **written, struct pki_cert_info *info, struct pki_error *err)
{
	char *chain = NULL;
	int r;

	*written = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if ((r = pki_ca_chain_pem(store, true, with_root, &chain, err)) != 0)
		return r;
	r = cert_export(store, serial, path, overwrite, chain, written, info, err);
	free(chain);
	return r;
}
