#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0061-list-sort: s sorts the pending requests by the next column and S
# reverses (issue 16, "sort by any column"); the header marks the sorted
# column, the selection stays on its row, the order outlives a visit to
# a request and the filter, and after the last column the queue is back
# in its own order (oldest first). In French, Back keeps its place on
# the key bar when not every key fits.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# rows_in_order NAME...: the queue's rows for these file names stand in
# this order, top to bottom (each row: ID, then the file name), waiting
# for it; one check.
rows_in_order() {
	verdict "rows in order: $*" "rows not in order $* (got: $(queue_order))" \
		tui_poll screen_has _order_is "$* " || show_screen
}
queue_order() {
	awk '$1 ~ /^[0-9]+$/ && ($2 == "alpha" || $2 == "bravo" || $2 == "charlie") { printf "%s ", $2 }' "$SCREEN"
}
_order_is() { [ "$(queue_order)" = "$1" ]; }

configure_ca || finish
make_csr charlie "/C=US/CN=mike" || finish
import_csr charlie || finish
make_csr alpha "/C=US/CN=oscar" || finish
import_csr alpha || finish
make_csr bravo "/C=US/CN=kilo" || finish
import_csr bravo || finish

tui_start
expect_screen "3 pending"
tui_keys Down Enter
expect_screen "Pending Certificate Signing Requests: 3"
expect_screen "s Sort"
rows_in_order charlie alpha bravo
# Select alpha (second row), then sort: by ID (the same order), by file name.
tui_keys Down s
expect_screen_line "^ +▲ID +File name"
rows_in_order charlie alpha bravo
tui_keys s
expect_screen_line "^ +ID +▲File nam"
rows_in_order alpha bravo charlie
# The selection followed alpha to the first row: Enter opens it.
tui_keys Enter
expect_screen "Process Certificate Signing Request \"alpha\""
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 3"
rows_in_order alpha bravo charlie
# S reverses.
tui_keys S
expect_screen_line "^ +ID +▼File nam"
rows_in_order charlie bravo alpha
# The name column (the CN): kilo (bravo), mike (charlie), oscar (alpha).
tui_keys s
expect_screen_line "▲Name"
rows_in_order bravo charlie alpha
# The filter keeps the order among the rows it lets through.
tui_keys /
tui_type "a"
expect_screen "Pending Certificate Signing Requests: 3 of 3"
tui_type "r"
expect_screen "Pending Certificate Signing Requests: 2 of 3"
rows_in_order charlie alpha
tui_keys Escape
expect_screen "Pending Certificate Signing Requests: 3"
# Hostname, Instance, Received, then the queue's own order, unmarked.
tui_keys s s s
expect_screen "▲Received"
tui_keys s
tui_wait_gone "▲"
rows_in_order charlie alpha bravo
expect_screen_lacks "▼"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit

# In French the queue's keys do not all fit on 80 columns: Help and Back
# stay on the key bar (the others keep their places while they fit).
TUI_LOCALE=fr_FR.UTF-8
tui_restart
tui_keys Down Enter
expect_screen "Demandes de signature de certificat en attente : 3"
expect_screen_line "^ F1 Aide .* Échap Retour *$"
tui_keys Escape F10
expect_screen "ncpki exited 0"
finish
