/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dialog.h: modal dialogs over the screen: a question with OK and Cancel,
 * the question before a form with unsaved input is left, and a text to
 * read. Each redraws the frame under it when it closes.
 */
#ifndef NCPKI_UI_DIALOG_H
#define NCPKI_UI_DIALOG_H

#include "term.h"

/* A question with OK/Cancel buttons; true for OK. */
bool ui_confirm(struct ui *ui, const char *title, const char *text);
/* Asks before a form with unsaved input is left; true: leave. */
bool ui_confirm_discard(struct ui *ui);
/* A text to read (scrolls), closed by Enter or Esc. */
void ui_notice(struct ui *ui, const char *title, const char *text);

#endif /* NCPKI_UI_DIALOG_H */
