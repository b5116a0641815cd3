/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h: what the ncpki command-line front end shares between main.c, the
 * helpers in util.c and the command groups (cmd_*.c). Each group exports one
 * const struct cli_group: a name, a summary and a table of subcommands (the
 * shape of tmux's cmd-*.c entries). A subcommand's entry holds its usage,
 * its description and its option table (src/common/options.h), from which
 * cli_run parses the command line into the subcommand's argument struct and
 * cli_help prints --help; the handler gets that struct and the operands,
 * opens the store only once the command line is known to be good, and
 * returns the process exit code.
 */
#ifndef NCPKI_CLI_H
#define NCPKI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "exitcode.h"
#include "message.h"
#include "ncpki.h"
#include "json.h"
#include "options.h"
#include "secret.h"

struct cli_ctx;

struct cli_cmd {
	const char *name;
	const char *summary; /* N_(): one line for the group's help */
	const char *usage; /* N_(): arguments after "ncpki GROUP NAME" */
	const char *description; /* N_(): --help's text before the options, or NULL */
	/* NULL: none but --help; its end (NC_OPT_END_OF) names the struct the
	 * options fill, which the handler gets, and its defaults */
	const struct nc_option *options;
	int nargs; /* operands: exactly so many, or CLI_NARGS_ANY */
	/* argv: the operands only */
	int (*exec)(struct cli_ctx *ctx, void *args, int argc, char **argv);
};
/* The handler checks the operands itself. */
#define CLI_NARGS_ANY (-1)

struct cli_group {
	const char *name;
	const char *summary; /* N_() */
	const struct cli_cmd *cmds; /* ends with a {NULL} entry; a group whose
	                                 only command is named "" runs it as
	                                 "ncpki GROUP [options]" */
};

/* What a handler knows about its invocation. */
struct cli_ctx {
	const char *home; /* --home, or NULL for the default */
	pki_store *store; /* opened by cli_store(), closed by main */
	const struct cli_group *group;
	const struct cli_cmd *cmd;
};

/* ------------------------------------------------------ shared options */

/* The argument struct of a command whose one option is --json. */
struct cli_json_args {
	bool json;
};
extern const struct nc_option cli_json_object_opts[]; /* "print a JSON object" */
extern const struct nc_option cli_json_array_opts[]; /* "print a JSON array" */
/* The argument struct of a command whose one option is -y, --yes. */
struct cli_yes_args {
	bool yes;
};
extern const struct nc_option cli_yes_opts[];

/* --password-file FILE and --password-fd N (one of them) for the CA key,
 * into the struct nc_pwsrc member f of T. */
#define CLI_OPT_CA_PASSWORD(T, f) \
	NC_OPT_STR("password-file", T, f.file, "FILE", N_("CA key password (first line of FILE)"), \
	    .excl = 1), \
	    NC_OPT_FILENO("password-fd", T, f.fd, "N", \
	        N_("CA key password read from descriptor N"), .excl = 1)
/* -y, --yes into the bool member f of T. */
#define CLI_OPT_YES(T, f) \
	NC_OPT_BOOL("yes", T, f, N_("do not ask for confirmation"), .short_name = 'y')

/* --serial, --hostname, --instance and --file into the struct
 * pki_cert_filter member f of T (cert list, client list). */
#define CLI_OPT_CERT_FILTER(T, f) \
	NC_OPT_SERIALNO("serial", T, f.serial, "N", N_("only certificate number N")), \
	    NC_OPT_STR("hostname", T, f.hostname, "HOST", N_("only certificates for host HOST")), \
	    NC_OPT_STR("instance", T, f.instance, "NAME", \
	        N_("only certificates for instance NAME")), \
	    NC_OPT_STR("file", T, f.file_root, "ROOT", \
	        N_("only certificates with file name root ROOT"))

/* --key-type TYPE of a key the web service signs with (ocsp setup, service
 * setup): the enum pki_key_type member f of T, p256 unless given. */
#define CLI_OPT_SERVICE_KEY_TYPE(T, f) \
	NC_OPT_CB("key-type", T, f, enum pki_key_type, "TYPE", \
	    N_("p256 (default), p384, rsa2048, rsa3072, rsa4096, ed25519"), cli_opt_key_type)

/* An nc_opt_fn for --key-type: an enum pki_key_type member. */
int cli_opt_key_type(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base);

/* cmd_cert.c: the issued-certificates table, shared with the client's list. */
struct pki_cert_info;
int cli_cert_table(const struct pki_cert_info *arr, size_t n, bool mine);

extern const struct cli_group cli_group_server;
extern const struct cli_group cli_group_csr;
extern const struct cli_group cli_group_cert;
extern const struct cli_group cli_group_mail; /* cmd_mail.c (mail helper) */
extern const struct cli_group cli_group_client; /* cmd_client.c (client helper) */
extern const struct cli_group cli_group_crl; /* cmd_crl.c (issue 5) */
extern const struct cli_group cli_group_check; /* cmd_check.c (issue 6) */
extern const struct cli_group cli_group_audit; /* cmd_audit.c (issue 6) */
extern const struct cli_group cli_group_ocsp; /* cmd_ocsp.c (issue 5) */
extern const struct cli_group cli_group_service;

/* ---------------------------------------- email notices (cmd_mail.c) */

enum cli_mail_kind { CLI_MAIL_CONFIGURED, CLI_MAIL_CSR, CLI_MAIL_ISSUED };
/* Before an operation: the newest notice of its kind (0: none). */
int64_t cli_mail_mark(struct cli_ctx *ctx, enum cli_mail_kind kind);
/* After it succeeded: sends what is due, then says whether the notice the
 * operation queued (newer than `mark`) went out; a warning when not. With
 * `quiet` only the warning is printed (JSON output). Never fails. */
void cli_mail_report(struct cli_ctx *ctx, enum cli_mail_kind kind, int64_t mark, bool quiet);
/* After a batch: sends what is due and prints the counts. */
void cli_mail_report_batch(struct cli_ctx *ctx);
/* Queues the administrator's digest of new requests when it is due. */
void cli_mail_digest(struct cli_ctx *ctx);

/* ------------------------------------------------------------- messages */

/* Shows the library's notice (pki_store_notice) as a warning and clears it. */
void cli_store_notice(pki_store *store);
/* Prints a usage error with a hint to --help; returns NC_EXIT_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The command that shows the usage of where ctx is: "ncpki GROUP CMD --help". */
#define CLI_HINT_MAX 128
const char *cli_hint(const struct cli_ctx *ctx, char buf[CLI_HINT_MAX]);
/* Prints the subcommand's usage to stdout; returns NC_EXIT_OK. */
int cli_help(const struct cli_ctx *ctx);
void cli_group_help(const struct cli_group *g, FILE *fp);

/* Runs ctx->cmd: parses its options from argv (argv[0] is the command's
 * name), checks its operands, calls its handler. */
int cli_run(struct cli_ctx *ctx, int argc, char **argv);
/* Exactly `n` operands, else a usage error. */
int cli_operands(const struct cli_ctx *ctx, int argc, char **argv, int n);

/* Opens ctx->store once; prints the error and returns the exit code. */
int cli_store(struct cli_ctx *ctx);

/* ------------------------------------------------------------- numbers */

/* Operands: each returns 0, or prints a usage error naming `what` and
 * returns 2. */
int cli_parse_id(const struct cli_ctx *ctx, const char *s, const char *what, int64_t *out);
int cli_parse_serial(const struct cli_ctx *ctx, const char *s, const char *what, uint64_t *out);
int cli_parse_long(const struct cli_ctx *ctx, const char *s, const char *what, long *out);

/* ----------------------------------------- the CA key, confirmations */

/* Unlocks the CA key: without a password first (so a missing key file is
 * reported before any prompt), then with one from src. Prints the error. */
int cli_open_signer(struct cli_ctx *ctx, const struct nc_pwsrc *src, pki_signer **signer);
/* The same in two steps: the password asked and the key's derivation
 * started, then waited for (cli_open_signer_start/_finish); _cancel
 * drops either. */
struct cli_signer_start {
	pki_signer *signer; /* an unencrypted key: open already */
	pki_signer_pending *pending;
};
int cli_open_signer_start(struct cli_ctx *ctx, const struct nc_pwsrc *src,
    struct cli_signer_start *st);
int cli_open_signer_finish(struct cli_ctx *ctx, struct cli_signer_start *st, pki_signer **signer);
void cli_open_signer_cancel(struct cli_signer_start *st);

/*
 * Asks `question` on /dev/tty unless `yes`. Returns 0 when confirmed,
 * NC_EXIT_FAILURE when declined, NC_EXIT_USAGE (message printed) when
 * there is no terminal to ask.
 */
int cli_confirm(const char *question, bool yes);

/* --------------------------------------------------------------- output */

/* Times are shown in UTC. */
enum cli_time_fmt {
	CLI_TIME_FULL, /* "YYYY-MM-DD HH:MM:SS UTC" */
	CLI_TIME_MINUTE, /* "YYYY-MM-DD HH:MM" */
	CLI_TIME_DAY, /* "YYYY-MM-DD" */
	CLI_TIME_ISO /* "YYYY-MM-DDTHH:MM:SSZ" */
};
#define CLI_TIME_MAX 64
/* Formats t into buf and returns buf ("" for 0, the unset time). */
const char *cli_time(time_t t, enum cli_time_fmt fmt, char buf[CLI_TIME_MAX]);

/* Prints s (NULL: "") through pki_sanitize. */
void cli_put(FILE *fp, const char *s);
/* Prints multi-line text (a PEM block) line by line through pki_sanitize,
 * ending with a newline. */
void cli_put_lines(FILE *fp, const char *s);
/* The non-empty parts joined by sep; caller frees (NULL: no memory). */
char *cli_join(const char *const *parts, size_t n, const char *sep);
/* "Label:     value\n" with the value sanitized. */
void cli_field(const char *label, const char *value);

/* A text table whose columns fit their widest cell. */
struct cli_table;
struct cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Copies the cells, sanitized; NULL cells print as "". */
int cli_table_add(struct cli_table *t, const char *const *cells);
void cli_table_print(const struct cli_table *t, FILE *fp);
void cli_table_free(struct cli_table **t);

/* JSON: text values become "" when NULL; times are ISO 8601 UTC. */
/* Prints json to stdout and releases it; returns an exit code. */
int cli_json_print(json_t *json);

/* ------------------------- hierarchy and offline root (cmd_offline.c) */

/* ncpki cert export-all DIR */
extern const struct nc_option cli_export_all_opts[];
int cli_cert_export_all(struct cli_ctx *ctx, void *args, int argc, char **argv);
/* ncpki csr import DIR: the report, then the exit code. */
int cli_csr_import_dir(struct cli_ctx *ctx, const char *dir, bool json);
/* ncpki client submit --offline DIR (rq filled from the options). */
int cli_client_offline(struct cli_ctx *ctx, const struct pki_client_request *rq, const char *dir);
/* ncpki client import DIR (struct cli_force_args) */
struct cli_force_args {
	bool force;
};
extern const struct nc_option cli_client_import_opts[];
int cli_client_import(struct cli_ctx *ctx, void *args, int argc, char **argv);

#endif /* NCPKI_CLI_H */
