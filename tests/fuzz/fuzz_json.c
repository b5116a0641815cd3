/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json.c: libFuzzer harness for ncpkid's JSON request reading: the
 * body of POST csr goes through nd_json_csr_body (json.c), the very reader
 * nd_route_csr (routes.c) calls, and what it accepts goes through
 * pki_csr_pending_prepare, every check pki_csr_submit makes before it
 * stores anything, as the intake (intake.c) calls it. Error answers are
 * built as the daemon builds them (nd_json_error, nd_json_pki_error) and
 * dumped.
 *
 * fuzz-daemon: src/daemon/json.c src/common/json.c
 */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ncpkid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What json.c needs from the rest of the daemon. */
void
nc_warning(const char *fmt, ...)
{
	(void)fmt;
}

static void
answer(struct nd_resp *out)
{
	char *text;

	if (out->json != NULL) {
		text = json_dumps(out->json, JSON_COMPACT);
		if (text == NULL)
			__builtin_trap(); /* every answer must serialise */
		free(text);
	}
	json_decref(out->json);
	out->json = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nd_resp out = { .json = NULL };
	struct pki_csr_meta meta;
	struct pki_csr_pending p;
	struct pki_error err;
	json_t *doc = NULL;
	const char *csr = NULL;

	pki_error_clear(&err);
	if (nd_json_csr_body(data, size, &doc, &csr, &meta, &out) != 0) {
		if (out.json == NULL || out.status != MHD_HTTP_BAD_REQUEST)
			__builtin_trap(); /* every refusal is answered 400 */
		goto done;
	}
	if (csr == NULL || meta.file_root == NULL || meta.contact_name == NULL)
		__builtin_trap(); /* required members */
	if (pki_csr_pending_prepare((const unsigned char *)csr, strlen(csr), &meta, "fuzz", &p,
	        &err) != 0) {
		nd_json_pki_error(&out, &err);
		goto done;
	}
	out.json = json_object();
	nc_json_set_str(out.json, "subject", p.info.subject);
	nc_json_set_str(out.json, "file_root", p.info.file_root);
	pki_csr_pending_clear(&p);
done:
	answer(&out);
	json_decref(doc);
	return 0;
}
