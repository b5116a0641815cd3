/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * message.h: the lines a front end writes to standard error about itself,
 * "PROGRAM: error: ...", "PROGRAM: warning: ..." and "PROGRAM: ...", the
 * same for ncpki and ncpkid. Standard output is flushed first, so that
 * the two streams keep their order on one terminal.
 */
#ifndef NCPKI_COMMON_MESSAGE_H
#define NCPKI_COMMON_MESSAGE_H

#include "ncpki.h"

/* The name the lines open with, set once in main() ("ncpki" until then). */
void nc_set_program(const char *name);

void nc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nc_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line without a kind: "PROGRAM: ..." */
void nc_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints err's message (its code's generic text when it has none) as an
 * error and returns the exit status for its code (nc_exit_code). */
int nc_fail(const struct pki_error *err);

#endif /* NCPKI_COMMON_MESSAGE_H */
