/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * options.h: a command's options as one table (the manner of git's
 * parse-options): each entry names a long option, its kind, the member of
 * the command's argument struct that receives its value, a placeholder and
 * a help line. One call parses a command line against the table and
 * reports every usage error as "PROGRAM: error: WHAT (try 'HINT')", exit
 * status 2; another prints the option lines of the command's --help; a
 * third lists them for the test that keeps the manual page in step.
 */
#ifndef NCPKI_COMMON_OPTIONS_H
#define NCPKI_COMMON_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum nc_opt_kind {
	NC_OPT_END = 0, /* ends a table */
	NC_OPT_FLAG, /* bool: true when given */
	NC_OPT_STRING, /* const char *: the argument (the last one given) */
	NC_OPT_LONG, /* long: a decimal number, from min to max when min < max */
	NC_OPT_SERIAL, /* uint64_t: decimal or 0x-prefixed hexadecimal, not 0 */
	NC_OPT_FD, /* int: a file descriptor; -1 until given */
	NC_OPT_LIST, /* struct nc_strlist: every argument in order, at most max */
	NC_OPT_CALLBACK /* whatever cb makes of the argument (or of nothing) */
};

/* Entry flags */
#define NC_OPT_REQUIRED 0x1u /* a usage error when not given */
#define NC_OPT_HIDDEN 0x2u /* left out of --help */
#define NC_OPT_NOARG 0x4u /* NC_OPT_CALLBACK: takes no argument */

/* The arguments of a repeatable option; nc_opt_free releases v. */
struct nc_strlist {
	const char **v;
	size_t n;
};

struct nc_option;

/*
 * Parses `arg` (NULL for an NC_OPT_NOARG callback) into `field`, the
 * entry's member of the argument struct `base`. For an NC_OPT_CALLBACK
 * entry it does all the work; for any other kind it only checks the
 * argument before the parser stores it. Returns 0, an exit status after
 * printing the error (nc_usage_error with `hint`), or NC_OPT_DONE.
 */
typedef int nc_opt_fn(const char *hint, const struct nc_option *opt, const char *arg, void *field,
    void *base);

struct nc_option {
	const char *name; /* the long name, without "--" */
	int short_name; /* its one-letter form, or 0 */
	enum nc_opt_kind kind;
	size_t offset; /* of the member that receives the value */
	const char *argname; /* the placeholder: "FILE", "N"; NULL for a flag */
	const char *help; /* N_(): one sentence, wrapped when printed */
	unsigned flags; /* NC_OPT_REQUIRED, NC_OPT_HIDDEN, NC_OPT_NOARG */
	long min, max; /* NC_OPT_LONG: the range; NC_OPT_LIST: max count */
	int excl; /* > 0: at most one option of the table with this
	                           number may be given */
	const char *needs; /* the long name of an option it goes with */
	size_t seen; /* 1 + the offset of a bool set when given; 0: none */
	nc_opt_fn *cb;
	/* The entry that ends a table (NC_OPT_END_OF): offset is the size of
	 * the argument struct, and this its values before parsing, or NULL. */
	const void *defaults;
};

/* What nc_opt_parse and callbacks return besides 0 and an exit status. */
#define NC_OPT_HELP (-1) /* --help: the caller prints it, exit status 0 */
#define NC_OPT_DONE (-2) /* a callback did what was asked: exit status 0 */

/* Parse modes */
#define NC_OPT_STOP_AT_OPERAND 0x1u /* options end at the first operand */

/* The most entries a table may have. */
#define NC_OPT_MAX 40

/*
 * The offset of member `f` of struct type T, which must be of type `type`
 * (a compile-time error otherwise), for an entry's offset field.
 */
#define NC_FIELD(T, f, type) \
	(offsetof(T, f) + 0 * sizeof(char[_Generic(((T *)0)->f, type : 1, default : -1)]))
/* For an entry's seen field: the bool member `f` of T. */
#define NC_SEEN(T, f) (NC_FIELD(T, f, bool) + 1)

/* Entries; the trailing arguments are more designated initializers
 * (.short_name, .flags, .excl, .needs, .seen, .min, .max, .cb). */
#define NC_OPT_BOOL(l, T, f, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_FLAG, .offset = NC_FIELD(T, f, bool), .help = (h), \
		__VA_ARGS__ \
	}
#define NC_OPT_STR(l, T, f, a, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_STRING, .offset = NC_FIELD(T, f, const char *), \
		.argname = (a), .help = (h), __VA_ARGS__ \
	}
#define NC_OPT_NUM(l, T, f, a, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_LONG, .offset = NC_FIELD(T, f, long), .argname = (a), \
		.help = (h), __VA_ARGS__ \
	}
#define NC_OPT_SERIALNO(l, T, f, a, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_SERIAL, .offset = NC_FIELD(T, f, uint64_t), \
		.argname = (a), .help = (h), __VA_ARGS__ \
	}
#define NC_OPT_FILENO(l, T, f, a, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_FD, .offset = NC_FIELD(T, f, int), .argname = (a), \
		.help = (h), __VA_ARGS__ \
	}
#define NC_OPT_STRLIST(l, T, f, a, h, ...) \
	{ \
		.name = (l), .kind = NC_OPT_LIST, .offset = NC_FIELD(T, f, struct nc_strlist), \
		.argname = (a), .help = (h), __VA_ARGS__ \
	}
/* `type` is the type of the member the callback writes. */
#define NC_OPT_CB(l, T, f, type, a, h, fn, ...) \
	{ \
		.name = (l), .kind = NC_OPT_CALLBACK, .offset = NC_FIELD(T, f, type), \
		.argname = (a), .help = (h), .cb = (fn), __VA_ARGS__ \
	}
/* Ends a table whose entries fill struct type T; d points to T's values
 * before parsing (NULL: all zero). */
#define NC_OPT_END_OF(T, d) \
	{ \
		.name = NULL, .kind = NC_OPT_END, .offset = sizeof(T), .defaults = (d) \
	}

/* A new argument struct for `opts` (NULL: none) holding its defaults, to
 * be released with free; NULL (and the error printed) when out of memory. */
void *nc_opt_args_new(const struct nc_option *opts);
/*
 * Parses argv[1..argc-1] against `opts` (NULL: none) into `base`, the
 * command's argument struct, which holds its defaults already (descriptor
 * members are set to -1 first). -h and --help are always known. After the
 * options, the table's rules are checked: exclusive groups, options that
 * go with another, required options. Returns 0 with *first the index of
 * the first operand (argv is permuted as by getopt_long, operands last),
 * NC_OPT_HELP, NC_OPT_DONE, or an exit status after printing the error
 * with `hint` (the command that shows the usage).
 */
int nc_opt_parse(const struct nc_option *opts, void *base, int argc, char **argv, unsigned mode,
    const char *hint, int *first);
/* Releases what parsing allocated in base (the lists). */
void nc_opt_free(const struct nc_option *opts, void *base);

/* The option lines of a --help, ending with -h, --help. */
void nc_opt_help(const struct nc_option *opts, FILE *fp);
/* Prints text from column `at`, wrapped at 80 columns, each further line
 * indented to column `indent`; a newline in text starts a new line. */
void nc_opt_wrap(FILE *fp, const char *text, int at, int indent);
/* One line per visible option: "PREFIX|--NAME|PLACEHOLDER|-C". */
void nc_opt_list(const struct nc_option *opts, const char *prefix, FILE *fp);

/* "PROGRAM: error: WHAT (try 'HINT')"; returns NC_EXIT_USAGE. */
int nc_usage_error(const char *hint, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Each returns 0, or prints a usage error naming `what` (the option, or the
 * operand's placeholder) and returns NC_EXIT_USAGE. */
int nc_parse_id(const char *hint, const char *s, const char *what, int64_t *out);
int nc_parse_serial(const char *hint, const char *s, const char *what, uint64_t *out);
int nc_parse_long(const char *hint, const char *s, const char *what, long *out);
int nc_parse_fd(const char *hint, const char *s, const char *what, int *out);

#endif /* NCPKI_COMMON_OPTIONS_H */
