#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0011-configure-invalid: Save with an invalid Country and a confirmation
# that does not match puts each message beside its field, moves the cursor
# to the first, and writes nothing: no CA directory, no configuration, the
# database as it was. Step 1 refuses a bad file name root and a missing
# directory the same way, both at once.
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start
# Step 1: "cache" is not a file name root, and the directory is missing:
# both said at once.
tui_keys Enter
expect_screen "step 1 of 2"
tui_type cache
tui_keys Tab C-u Tab Enter
tui_wait "cannot be"
expect_beside "^  File name root .*\[cache *\]" 'The file name root cannot be "cache"'
expect_beside "^  Directory for the CA's files \\* +\\[ +\\]" "The directory for the Certificate"
expect_screen "step 1 of 2"
expect_no_file "$CADIR"
tui_keys C-u     # the cursor is on the first field at fault
tui_type BadCA
tui_keys Tab
tui_type "$CADIR"
tui_keys Tab Enter
expect_screen "step 2 of 2"

snapshot "$T/before"
tui_type "$PASSWORD"
tui_keys Tab
tui_type "not the same password"
tui_keys Tab
tui_type U1
tui_keys Tab Tab Tab
tui_type "Example Corporation"
# From Organization back to the password field, then Cancel, then Save.
tui_keys BTab BTab BTab BTab BTab BTab BTab
expect_screen_line "\[ Back \]   \[ Save \]   \[ Cancel \]"
tui_keys Enter
expect_screen "Nothing was saved"
expect_screen_line "^ Error: Nothing was saved"
expect_beside "^  Country \(two letters\) .*\[U1 *\]" "Country must be a two-letter ISO 3166"
expect_beside "^  Confirm password \* +\[\*+ +\]" "The passwords do not match."
expect_screen "step 2 of 2"
expect_no_file "$CADIR"
expect_exit 1 server show
expect_unchanged "$T/before" "invalid Save"

# Esc asks before the typed input is dropped, and goes back to step 1;
# Esc there leaves.
tui_keys Escape
expect_screen "This form has input that is not saved"
tui_keys Left Enter
expect_screen "step 1 of 2"
expect_screen "[BadCA"
tui_keys Escape
expect_screen "F10 Quit"
expect_no_file "$CADIR"
tui_quit
finish
