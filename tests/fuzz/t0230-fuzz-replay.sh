#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0230: every input of the fuzzing corpora (tests/fuzz/corpus/NAME/: the
# seeds and each crash input that libFuzzer found, kept as crash-*) is
# replayed through its harness, built with the project's compiler and, with
# --enable-sanitizers, under ASan/UBSan: none may crash again.
# Absolute paths first: lib.sh moves into a temporary directory.
src=$(cd "${top_srcdir:-.}/tests/fuzz/corpus" && pwd)
bin=$(cd "${top_builddir:-.}/tests/fuzz" 2>/dev/null && pwd)
. "$(dirname "$0")/../cli/lib.sh"
for h in csr json names file_root ocsp lint; do
	checks=$((checks + 1))
	if [ ! -x "$bin/replay_$h" ]; then
		fail "replay_$h not built"
		continue
	fi
	n=$(find "$src/$h" -type f | wc -l | tr -d ' ')
	if "$bin/replay_$h" "$src/$h" >"$T/$h.out" 2>&1; then
		pass "$h: $(cat "$T/$h.out") ($n files, $(find "$src/$h" -name 'crash-*' | wc -l | tr -d ' ') former crashes)"
	else
		fail "$h: the replay crashed"
		sed -n '1,30p' "$T/$h.out"
	fi
done
finish
