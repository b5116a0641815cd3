/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * message.c: the error, warning and note lines of ncpki and ncpkid on
 * standard error, each opening with the program's name.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "exitcode.h"
#include "i18n.h"
#include "message.h"

static const char *program = PACKAGE;

void
nc_set_program(const char *name)
{
	program = name;
}

/* kind NULL: a note, "PROGRAM: ..." */
static void vmessage(const char *kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vmessage(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (kind != NULL)
		fprintf(stderr, "%s: %s: ", program, kind);
	else
		fprintf(stderr, "%s: ", program);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
nc_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the prefix of error lines: "ncpki: error: ..." */
	vmessage(_("error"), fmt, ap);
	va_end(ap);
}

void
nc_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* TRANSLATORS: the prefix of warning lines: "ncpki: warning: ..." */
	vmessage(_("warning"), fmt, ap);
	va_end(ap);
}

void
nc_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

int
nc_fail(const struct pki_error *err)
{
	nc_error("%s", err->msg[0] != '\0' ? err->msg : pki_strerror(err->code));
	return nc_exit_code(err->code);
}
