# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh: a throw-away PostgreSQL cluster for the tests of the PostgreSQL
# store (tests/pg/tNNNN-*.sh, issue 17).
#
# A script sources this file, then calls pg_start, then pg_createdb NAME
# for each database it wants and uses pg_location NAME as the store's
# location. The cluster lives in a mktemp directory ($PG_T): initdb there,
# pg_ctl start with its Unix socket in the same directory and no TCP at
# all (listen_addresses = ''), trust authentication for the one role
# "ncpki" (the socket directory is 0700: only the cluster's user and root
# reach it). initdb refuses root: when the suite runs as root the cluster
# runs as "nobody" (runuser), in a directory that user owns; the tests'
# own files stay root's. A trap stops the cluster and removes the
# directory on exit, whatever the exit.
# Exit status 77 (skip) when the PostgreSQL server binaries or the build's
# PostgreSQL support are missing.
#
# Environment: NCPKI_WITH_POSTGRESQL (configure's verdict, from
# tests/Makefile.inc), PG_BINDIR (default: the newest
# /usr/lib/postgresql/*/bin, else pg_config --bindir).

set -u

pg_say() { printf '%s\n' "$*"; }

pg_skip() {
	pg_say "SKIP: $(basename "$0" .sh): $*"
	exit 77
}

if [ "${NCPKI_WITH_POSTGRESQL:-no}" != yes ]; then
	pg_skip "ncpki was built without PostgreSQL (configure --with-postgresql)"
fi
if [ -z "${PG_BINDIR:-}" ]; then
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && PG_BINDIR=$d
	done
fi
if [ -z "${PG_BINDIR:-}" ] && command -v pg_config >/dev/null 2>&1; then
	PG_BINDIR=$(pg_config --bindir)
fi
for tool in initdb pg_ctl createdb; do
	[ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/$tool" ] ||
		pg_skip "the PostgreSQL server binaries ($tool) are not installed"
done

# As the cluster's user: nobody when we are root.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

PG_T=
pg_stop() {
	if [ -n "$PG_T" ] && [ -d "$PG_T" ]; then
		[ -f "$PG_T/data/postmaster.pid" ] &&
			pg_as "$PG_BINDIR/pg_ctl" -D "$PG_T/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$PG_T"
	fi
}
trap 'rc=$?; pg_stop; exit $rc' EXIT
trap 'exit 130' INT TERM HUP

pg_start() {
	PG_T=$(mktemp -d "${TMPDIR:-/tmp}/ncpki-pg.XXXXXX") || return 1
	if [ "$(id -u)" -eq 0 ]; then
		id nobody >/dev/null 2>&1 || pg_skip "running as root and there is no user nobody"
		chown nobody "$PG_T"
	fi
	chmod 0700 "$PG_T"
	if ! pg_as "$PG_BINDIR/initdb" -D "$PG_T/data" -U ncpki --auth=trust -E UTF8 \
		--locale=C >"$PG_T/initdb.log" 2>&1; then
		cat "$PG_T/initdb.log"
		pg_say "FAIL: initdb"
		return 1
	fi
	if ! pg_as "$PG_BINDIR/pg_ctl" -D "$PG_T/data" -l "$PG_T/server.log" -w -t 60 \
		-o "-c listen_addresses= -c unix_socket_directories=$PG_T -c fsync=off" \
		start >/dev/null 2>&1; then
		cat "$PG_T/server.log" 2>/dev/null
		pg_say "FAIL: pg_ctl start"
		return 1
	fi
	PG_HOST=$PG_T
}

pg_createdb() {
	"$PG_BINDIR/createdb" -h "$PG_HOST" -U ncpki "$1"
}

pg_location() {
	printf 'postgresql:///%s?host=%s&user=ncpki\n' "$1" "$PG_HOST"
}
