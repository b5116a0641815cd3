#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0500-store-units: the unit tests of libncpki against the PostgreSQL
# store (issue 17): each binary runs with NCPKI_TEST_STORE naming a fresh
# database of a throw-away cluster (tests/pg/lib.sh), so that the same
# tests that pass on SQLite pass on PostgreSQL. Tests of SQLite's own
# behaviour skip themselves there (SQLITE_ONLY()).

. "${srcdir:-.}/tests/pg/lib.sh"

# Every unit test that opens a store (all pass on PostgreSQL); PG_UNITS
# names fewer when debugging.
UNITS=${PG_UNITS:-"test_store test_issue test_server test_csr_batch test_csr_read
	test_search test_revoke test_ocsp test_expiry test_mail test_client test_offline
	test_validate test_lint test_common"}

[ -x "${top_builddir:-.}/tests/unit/test_store" ] ||
	pg_skip "the unit tests are not built (cmocka is missing)"
pg_start || exit 1

failed=0
for u in $UNITS; do
	pg_createdb "$u" || exit 1
	if NCPKI_TEST_STORE=$(pg_location "$u") "${top_builddir:-.}/tests/unit/$u" \
		>"$PG_T/$u.log" 2>&1; then
		pg_say "ok: $u: $(grep -E '^\[  (PASSED|SKIPPED)  \] [0-9]' "$PG_T/$u.log" | tr -s ' ' | tr '\n' ' ')"
	else
		cat "$PG_T/$u.log"
		pg_say "FAIL: $u"
		failed=1
	fi
done
exit $failed
