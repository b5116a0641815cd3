/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h: what the ncpki command-line front end shares between main.c, the
 * helpers in util.c and the command groups (cmd_*.c). Each group exports one
 * const struct cli_group: a name, a summary and a table of subcommands, each
 * with its usage text and handler (the shape of tmux's cmd-*.c entries). A
 * handler parses its own options, opens the store only once the command line
 * is known to be good, and returns the process exit code.
 */
#ifndef NCPKI_CLI_H
#define NCPKI_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "exitcode.h"
#include "message.h"
#include "ncpki.h"
#include "secret.h"

struct cli_ctx;

struct cli_cmd {
	const char *name;
	const char *summary;   /* N_(): one line for the group's help */
	const char *usage;     /* N_(): arguments after "ncpki GROUP NAME" */
	const char *help;      /* N_(): option descriptions, or NULL */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

struct cli_group {
	const char *name;
	const char *summary;          /* N_() */
	const struct cli_cmd *cmds;   /* ends with a {NULL} entry; a group whose
	                                 only command is named "" runs it as
	                                 "ncpki GROUP [options]" */
};

/* What a handler knows about its invocation. */
struct cli_ctx {
	const char *home;               /* --home, or NULL for the default */
	pki_store *store;               /* opened by cli_store(), closed by main */
	const struct cli_group *group;
	const struct cli_cmd *cmd;
};

/* cmd_cert.c: the issued-certificates table, shared with the client's list. */
struct pki_cert_info;
int cli_cert_table(const struct pki_cert_info *arr, size_t n, bool mine);

extern const struct cli_group cli_group_server;
extern const struct cli_group cli_group_csr;
extern const struct cli_group cli_group_cert;
extern const struct cli_group cli_group_mail;   /* cmd_mail.c (mail helper) */
extern const struct cli_group cli_group_client; /* cmd_client.c (client helper) */
extern const struct cli_group cli_group_crl;    /* cmd_crl.c (issue 5) */
extern const struct cli_group cli_group_check;  /* cmd_check.c (issue 6) */
extern const struct cli_group cli_group_audit;  /* cmd_audit.c (issue 6) */
extern const struct cli_group cli_group_ocsp;   /* cmd_ocsp.c (issue 5) */
extern const struct cli_group cli_group_service;

/* ---------------------------------------- email notices (cmd_mail.c) */

enum cli_mail_kind { CLI_MAIL_CONFIGURED, CLI_MAIL_CSR, CLI_MAIL_ISSUED };
/* Before an operation: the newest notice of its kind (0: none). */
int64_t cli_mail_mark(struct cli_ctx *ctx, enum cli_mail_kind kind);
/* After it succeeded: sends what is due, then says whether the notice the
 * operation queued (newer than `mark`) went out; a warning when not. With
 * `quiet` only the warning is printed (JSON output). Never fails. */
void cli_mail_report(struct cli_ctx *ctx, enum cli_mail_kind kind, int64_t mark,
                     bool quiet);
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
/* Prints the subcommand's usage to stdout; returns NC_EXIT_OK. */
int cli_help(const struct cli_ctx *ctx);
void cli_group_help(const struct cli_group *g, FILE *fp);

/* getopt_long with opterr off: reports unknown options and missing
 * arguments itself and then returns '?'. Call with optind = 0 first. */
int cli_getopt(const struct cli_ctx *ctx, int argc, char **argv,
               const char *shortopts, const struct option *longopts);
/* Exactly `n` operands left after the options, else a usage error. */
int cli_operands(const struct cli_ctx *ctx, int argc, char **argv, int n);

/* Opens ctx->store once; prints the error and returns the exit code. */
int cli_store(struct cli_ctx *ctx);

/* ------------------------------------------------------------- numbers */

/* Each returns 0, or prints a usage error naming `what` and returns 2. */
int cli_parse_id(const struct cli_ctx *ctx, const char *s, const char *what,
                 int64_t *out);
int cli_parse_serial(const struct cli_ctx *ctx, const char *s, const char *what,
                     uint64_t *out);
int cli_parse_long(const struct cli_ctx *ctx, const char *s, const char *what,
                   long *out);
int cli_parse_fd(const struct cli_ctx *ctx, const char *s, const char *what,
                 int *out);

/* ----------------------------------------- the CA key, confirmations */

/* Unlocks the CA key: without a password first (so a missing key file is
 * reported before any prompt), then with one from src. Prints the error. */
int cli_open_signer(struct cli_ctx *ctx, const struct nc_pwsrc *src,
                    pki_signer **signer);
/* The same in two steps: the password asked and the key's derivation
 * started, then waited for (cli_open_signer_start/_finish); _cancel
 * drops either. */
struct cli_signer_start {
	pki_signer *signer;           /* an unencrypted key: open already */
	pki_signer_pending *pending;
};
int cli_open_signer_start(struct cli_ctx *ctx, const struct nc_pwsrc *src,
                          struct cli_signer_start *st);
int cli_open_signer_finish(struct cli_ctx *ctx, struct cli_signer_start *st,
                           pki_signer **signer);
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
	CLI_TIME_FULL,     /* "YYYY-MM-DD HH:MM:SS UTC" */
	CLI_TIME_MINUTE,   /* "YYYY-MM-DD HH:MM" */
	CLI_TIME_DAY,      /* "YYYY-MM-DD" */
	CLI_TIME_ISO       /* "YYYY-MM-DDTHH:MM:SSZ" */
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
int cli_json_set_str(json_t *obj, const char *key, const char *s);
int cli_json_set_time(json_t *obj, const char *key, time_t t);
int cli_json_set_int(json_t *obj, const char *key, int64_t v);
int cli_json_set_uint(json_t *obj, const char *key, uint64_t v);
int cli_json_set_bool(json_t *obj, const char *key, bool v);
/* Prints json to stdout and releases it; returns an exit code. */
int cli_json_print(json_t *json);

/* ------------------------- hierarchy and offline root (cmd_offline.c) */

/* ncpki cert export-all DIR */
int cli_cert_export_all(struct cli_ctx *ctx, int argc, char **argv);
/* ncpki csr import DIR: the report, then the exit code. */
int cli_csr_import_dir(struct cli_ctx *ctx, const char *dir, bool json);
/* ncpki client submit --offline DIR (rq filled from the options). */
int cli_client_offline(struct cli_ctx *ctx, const struct pki_client_request *rq,
                       const char *dir);
/* ncpki client import DIR */
int cli_client_import(struct cli_ctx *ctx, int argc, char **argv);

#endif /* NCPKI_CLI_H */
