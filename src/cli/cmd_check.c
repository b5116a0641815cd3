/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_check.c: "ncpki check", a re-audit of every stored certificate and
 * CRL and of the serial counter (libncpki's pki_check). Exit 0 when nothing
 * is wrong, 1 when anything is (or when the check itself cannot be done:
 * a check that could not run never reports clean).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "cli.h"
#include "i18n.h"

static int
check_run(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct pki_check_report rep;
	struct pki_error err;
	char certs[64], crls[96];
	int r;

	if ((r = cli_store(ctx)) != 0)
		return r;
	pki_error_clear(&err);
	if ((r = pki_check(ctx->store, &rep, &err)) != 0) {
		nc_error(_("the check could not be completed: %s"), err.msg);
		return NC_EXIT_FAILURE;
	}
	/* TRANSLATORS: "Checked 3 certificates and 1 certificate revocation
	 * list.": the two counts come from the next two messages. */
	snprintf(certs, sizeof certs,
	    dngettext(PACKAGE, "%zu certificate", "%zu certificates", rep.certs), rep.certs);
	snprintf(crls, sizeof crls,
	    dngettext(PACKAGE, "%zu certificate revocation list",
	        "%zu certificate revocation lists", rep.crls),
	    rep.crls);
	printf(_("Checked %s and %s."), certs, crls);
	putchar('\n');
	if (rep.srl_unchecked)
		printf("%s\n",
		    _("The Certificate Authority's directory is not mounted: "
		      "the serial counter file was not checked."));
	for (size_t i = 0; i < rep.n; i++)
		printf(_("Anomaly: %s\n"), rep.anomalies[i]);
	if (rep.dropped > 0) {
		printf(dngettext(PACKAGE, "%zu more anomaly could not be recorded (out of memory).",
		           "%zu more anomalies could not be recorded (out of memory).",
		           rep.dropped),
		    rep.dropped);
		putchar('\n');
	}
	r = rep.n > 0 || rep.dropped > 0 ? NC_EXIT_FAILURE : NC_EXIT_OK;
	if (r == NC_EXIT_OK)
		printf("%s\n", _("No anomalies found."));
	else {
		printf(dngettext(PACKAGE, "%zu anomaly found.", "%zu anomalies found.",
		           rep.n + rep.dropped),
		    rep.n + rep.dropped);
		putchar('\n');
	}
	pki_check_report_clear(&rep);
	return r;
}

static const struct cli_cmd check_cmds[] = {
	{ .name = "",
	    .summary = N_("Re-audit every stored certificate, CRL and the serial counter."),
	    .usage = "",
	    .exec = check_run },
	{ .name = NULL },
};

const struct cli_group cli_group_check = {
	"check",
	N_("Re-audit the stored certificates, CRLs and serial counter."),
	check_cmds,
};
