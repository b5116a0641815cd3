/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console.h: the ncpki console, the full-screen front end that `ncpki`
 * opens when it is run without a command.
 */
#ifndef NCPKI_CONSOLE_H
#define NCPKI_CONSOLE_H

/*
 * Runs the console on the data directory `home` (NULL: the default).
 * Returns the process exit code: 1 when standard output is not a terminal.
 */
int console_run(const char *home);

#endif /* NCPKI_CONSOLE_H */
