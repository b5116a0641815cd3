#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0305: the keyed audit chain (issue 14). Someone who can write the
# database (ncpkid's user) recomputes the SHA-256 chain exactly as ncpki
# does, after a forged, reordered or unsealed entry, or cuts the newest
# entries: `ncpki audit verify` still finds each, through the operator's
# seals (HMAC with CA_DIR/audit.key) and the head anchor (CA_DIR/audit.head).
# Also: the actor comes from the real user id, not from SUDO_USER, USER or
# LOGNAME; configuration changes (notice days) are audited; a database from
# before the keyed chain keeps verifying, its entries named legacy.
. "$(dirname "$0")/lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"
have_python3 || skip_all "python3 is not installed"
DB=$NCPKI_HOME/ncpki.db
me=$(id -un)

configure_ca
make_csr web; import_csr web; web_id=$csr_id
issue_csr "$web_id" tls
expect_exit 0 server set-notice-days 20
SUDO_USER=mallory USER=mallory LOGNAME=mallory expect_exit 0 server set-notice-days 21
SUDO_USER=mallory USER=mallory LOGNAME=mallory expect_exit 0 server urls --crl-days 4
expect_exit 0 audit list
expect_output_matches "cli:$me  *config-changed  *expiry notice period 20 days"
expect_output_matches "cli:$me  *config-changed  *expiry notice period 21 days"
expect_output_matches "cli:$me  *config-changed  *CRL period 4 days"
expect_output_lacks mallory
rows=$("$SQLITE3" "$DB" 'SELECT count(*) FROM audit')

expect_exit 0 audit verify
expect_output_line "The audit trail is intact: $rows entries."
expect_output_line "Entries 1 to $rows are sealed with the audit key; the head anchor $CADIR/audit.head matches."
expect_mode 600 "$CADIR/audit.key"
expect_mode 600 "$CADIR/audit.head"

# tamper NAME PYTHON: a copy of the data directory in which PYTHON (with
# `db`, sqlite3, and relink(from_id), which recomputes every link hash
# from that entry on as ncpki's crypto_audit.c does) has run after the
# append-only triggers were dropped; sets H.
tamper() {
	H=$T/copy-$1
	mkdir -p "$H"
	chmod 700 "$H"
	"$SQLITE3" "$DB" ".backup '$H/ncpki.db'"
	for t in audit_no_update audit_no_delete audit_seal_no_update audit_seal_no_delete; do
		"$SQLITE3" "$H/ncpki.db" "DROP TRIGGER IF EXISTS $t"
	done
	python3 - "$H/ncpki.db" "$2" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def link(prev, i, at, actor, action, obj, outcome):
    b = b""
    for f in ["ncpki-audit-v1", prev, str(i), str(at), actor, action, obj, outcome]:
        e = f.encode()
        b += str(len(e)).encode() + b":" + e + b"\n"
    return hashlib.sha256(b).hexdigest()
def relink(start):
    prev = "0" * 64
    for (i, at, actor, action, obj, outcome) in db.execute(
            "SELECT id, at, actor, action, object, outcome FROM audit ORDER BY id").fetchall():
        if i >= start:
            h = link(prev, i, at, actor, action, obj, outcome)
            db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, i))
        prev = db.execute("SELECT hash FROM audit WHERE id = ?", (i,)).fetchone()[0]
exec(sys.argv[2])
db.commit()
EOF
}

# A forged entry, its chain recomputed: only the seal tells.
tamper forge "db.execute(\"UPDATE audit SET actor = 'cli:root', object = 'certificate 99' WHERE id = 3\"); relink(3)"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 3: its seal does not match: it was forged, edited, reordered or an entry before it was removed."
NCPKI_HOME=$H expect_exit 1 check
expect_output_contains "Anomaly: the audit trail is broken at entry 3"

# Two entries swapped, the chain recomputed.
tamper reorder "
a = db.execute('SELECT at, actor, action, object, outcome FROM audit WHERE id = 2').fetchone()
b = db.execute('SELECT at, actor, action, object, outcome FROM audit WHERE id = 3').fetchone()
q = 'UPDATE audit SET at = ?, actor = ?, action = ?, object = ?, outcome = ? WHERE id = ?'
db.execute(q, b + (2,)); db.execute(q, a + (3,)); relink(2)"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 2: its seal does not match: it was forged, edited, reordered or an entry before it was removed."

# The forged entry made pending again (its seal and those after it dropped).
tamper unseal "db.execute(\"UPDATE audit SET object = 'certificate 99' WHERE id = 3\"); relink(3)
try: db.execute('DELETE FROM audit_seal WHERE id >= 3')
except sqlite3.OperationalError: pass"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry 3: entries 3 to $rows were sealed (the head anchor $CADIR/audit.head says so) but are missing or no longer sealed."

# The newest entries cut: a shorter chain, intact by SHA-256 alone.
tamper truncate "db.execute('DELETE FROM audit WHERE id >= $((rows - 1))')
try: db.execute('DELETE FROM audit_seal WHERE id >= $((rows - 1))')
except sqlite3.OperationalError: pass"
NCPKI_HOME=$H expect_exit 1 audit verify
expect_output_line "The audit trail is broken at entry $((rows - 1)): entries $((rows - 1)) to $rows were sealed (the head anchor $CADIR/audit.head says so) but are missing or no longer sealed."

# An entry appended behind the library's back, linked as ncpkid would: it
# is pending (the residue the design accepts: ncpkid cannot seal), and the
# operator's next command seals it. (A copy of the CA directory too: the
# seal moves the anchor.)
cp -pr "$CADIR" "$T/ca-append"
tamper append "
db.execute(\"UPDATE audit_keyed SET key_dir = '$T/ca-append'\")
last = db.execute('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').fetchone()[0]
db.execute(\"INSERT INTO audit (id, at, actor, action, object, outcome, prev_hash, hash) VALUES (?, 0, 'ncpkid:127.0.0.1', 'csr-received', 'request 9', 'ok', ?, '')\", ($rows + 1, last))
relink($rows + 1)"
NCPKI_HOME=$H expect_exit 0 audit verify
expect_output_line "1 entry is pending (not yet sealed: \"ncpki audit seal\" seals it)."
NCPKI_HOME=$H expect_exit 0 audit seal
expect_output_line "1 entry sealed."
NCPKI_HOME=$H expect_exit 0 audit verify
expect_output_line "Entries 1 to $((rows + 1)) are sealed with the audit key; the head anchor $T/ca-append/audit.head matches."

# A database from before the keyed chain, with a CA directory of its own
# (so that no key or anchor is there yet): its entries verify as legacy,
# the first seal makes the key, and from then on they are sealed.
tamper legacy "db.executescript('DROP INDEX cert_subject; DROP INDEX cert_usage; DROP INDEX cert_contact_email; ALTER TABLE ca_config DROP COLUMN smtp_insecure_host; DROP INDEX csr_submitter; DROP INDEX csr_contact_email; DROP INDEX csr_contact_name; DROP INDEX csr_unnotified; ALTER TABLE csr DROP COLUMN submitter; ALTER TABLE csr DROP COLUMN notified; ALTER TABLE ca_config DROP COLUMN digest_at')
db.execute('DROP TABLE audit_seal'); db.execute('DROP TABLE audit_keyed')
db.execute(\"UPDATE ca_config SET dir = '$T/ca-legacy'\"); db.execute('PRAGMA user_version = 7')"
mkdir -m 700 "$T/ca-legacy"
NCPKI_HOME=$H expect_exit 0 audit verify
expect_output_line "The audit trail is intact: $((rows + 0)) entries."
expect_output_line "Entries 1 to $rows are legacy: written before the keyed chain, chained by SHA-256 only until they were first sealed."
expect_output_line "Not checked with the audit key: there is no audit key \"$T/ca-legacy/audit.key\" yet."
NCPKI_HOME=$H expect_exit 0 audit seal
expect_output_line "$rows entries sealed."
expect_mode 600 "$T/ca-legacy/audit.key"
NCPKI_HOME=$H expect_exit 0 audit verify
expect_output_line "Entries 1 to $rows are sealed with the audit key; the head anchor $T/ca-legacy/audit.head matches."

# The original is untouched by all of this.
expect_exit 0 audit verify
expect_output_line "The audit trail is intact: $rows entries."

# A data directory whose CA directory is relative to it, copied elsewhere
# (a restored backup): the copy seals into its own CA directory, never
# into the original's (the key's directory was once stored in full).
R=$T/rel
NCPKI_HOME=$R run server configure --root RelCA --dir ca --cn "Relative CA" \
	--key-type p256 --password-file "$PWFILE"
expect_equal "configured with a relative directory" "$rc" 0
NCPKI_HOME=$R expect_exit 0 csr import "$T/web.csr"
cp "$R/ca/audit.head" "$T/rel.head"
cp -a "$R" "$T/rel-copy"
make_csr other; NCPKI_HOME=$T/rel-copy expect_exit 0 csr import "$T/other.csr"
check "the original's head anchor is unchanged" cmp -s "$R/ca/audit.head" "$T/rel.head"
check "the copy's head anchor moved on" not cmp -s "$T/rel-copy/ca/audit.head" "$T/rel.head"
NCPKI_HOME=$T/rel-copy expect_exit 0 audit verify
expect_output_line "Entries 1 to 3 are sealed with the audit key; the head anchor $T/rel-copy/ca/audit.head matches."
NCPKI_HOME=$R expect_exit 0 audit verify
expect_output_line "Entries 1 to 2 are sealed with the audit key; the head anchor $R/ca/audit.head matches."

finish
