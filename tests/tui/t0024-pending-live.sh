#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0024-pending-live: the header's pending count follows what another
# process does while the console waits on its main page, without a key
# pressed: a request imported with the CLI shows as "1 pending", and once
# the CLI processed it, "0 pending" again.
. "${top_srcdir:-.}/tests/tui/lib.sh"

configure_ca || finish
make_csr web || finish

tui_start
expect_screen "0 pending"
import_csr web || finish
expect_screen "1 pending"
issue_csr "$csr_id" tls || finish
expect_screen "0 pending"
expect_screen_lacks "1 pending"
tui_quit
finish
