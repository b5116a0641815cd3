#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0103: the access log (time, peer, method, path, status, bytes) in a file;
# SIGHUP reopens it after a move; SIGTERM and SIGINT stop the service with
# exit status 0 and free the port.
. "$(dirname "$0")/lib.sh"

setup_service || finish
LOG=$T/access.log
start_ncpkid --access-log "$LOG" || finish

api GET /ca
expect_status 200 "GET ca"
api GET /certs/abc
expect_status 400 "GET certs/abc"
check "access line for GET ca" grep -Eq \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z 127\.0\.0\.1 GET /ncpki/v1/ca 200 [0-9]+$' "$LOG"
check "access line for the 400" grep -Eq ' 127\.0\.0\.1 GET /ncpki/v1/certs/abc 400 [0-9]+$' "$LOG"
bytes=$(sed -n 's|.* GET /ncpki/v1/ca 200 \([0-9]*\)$|\1|p' "$LOG" | head -n 1)
expect_equal "logged bytes are the body's" "$bytes" "$(api GET /ca; wc -c <"$BODY" | tr -d ' ')"

mv "$LOG" "$LOG.1"
api GET /certs
kill -HUP "$NCPKID_PID"
n=0
while [ ! -f "$LOG" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
expect_file "$LOG"
api GET /certs/424242
expect_status 404 "request after SIGHUP"
check "new request in the new log" grep -q 'GET /ncpki/v1/certs/424242 404' "$LOG"
check "not in the moved log" sh -c "! grep -q 'certs/424242' '$LOG.1'"
check "service still running after SIGHUP" kill -0 "$NCPKID_PID"

# SIGTERM: exit 0, port released.
pid=$NCPKID_PID
kill -TERM "$pid"
wait "$pid"
expect_equal "exit status after SIGTERM" "$?" 0
NCPKID_PID=
check "stop messages" grep -q 'stopped' "$NCPKID_ERR"
api GET /ca
expect_equal "nothing listens afterwards" "$status" 000

# SIGINT likewise, with a request in flight from another client.
start_ncpkid || finish
make_csr one "/CN=one.example.com" "DNS:one.example.com"
csr_json one one "$T/one.json"
post_json /csr "$T/one.json" &
cpid=$!
kill -INT "$NCPKID_PID"
wait "$NCPKID_PID"
expect_equal "exit status after SIGINT" "$?" 0
NCPKID_PID=
wait $cpid

finish
