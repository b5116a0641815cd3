#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0137: ncpkid makes itself non-dumpable at start (issue 14): no core
# file, soft or hard limit (so nothing in it can raise the limit back),
# and PR_SET_DUMPABLE 0, which the kernel shows by making /proc/PID/ the
# root user's, so that its own user can neither ptrace it nor read its
# descriptors and memory (checked when the test does not run as root,
# for whom the owner is root anyway).
. "$(dirname "$0")/lib.sh"

setup_service || finish
start_ncpkid || finish

limits=$(awk '/^Max core file size/ { print $5, $6 }' "/proc/$NCPKID_PID/limits")
expect_equal "core file size limit, soft and hard" "$limits" "0 0"
if [ "$(id -u)" -ne 0 ]; then
	expect_equal "/proc/PID/fd belongs to root (not dumpable)" \
		"$(stat -c %u "/proc/$NCPKID_PID/fd")" 0
	check "its own user cannot read its environment" \
		sh -c "! cat /proc/$NCPKID_PID/environ >/dev/null 2>&1"
else
	say "note: running as root, /proc/PID ownership shows nothing; limits checked"
fi
# and it still serves
api GET /ca
expect_status 200 "GET ca"

finish
