#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# t0111: `ncpki csr import DIR` (the offline root's intake from removable
# media) is all or nothing: a garbage request, a bad contact file (not
# JSON, an unknown key, a bad value), a contact file without its request,
# the same request twice: each is reported with its reason, the exit
# status is 3 and nothing is stored. A good directory (PEM and DER) is
# stored whole; importing it again is refused as a duplicate.
. "$(dirname "$0")/lib.sh"

configure_ca
make_csr alpha
make_csr beta
make_csr gamma

# good_dir DIR: alpha (PEM, with a contact file) and beta (DER, without).
good_dir() {
	mkdir -p "$1"
	cp "$T/alpha.csr" "$1/alpha.csr"
	cat >"$1/alpha.json" <<'EOF'
{"contact_name": "Ann Alpha", "contact_email": "ann@example.com",
 "contact_phone": "+1 555 0101", "hostname": "alpha.example.com", "instance": "ALPHA"}
EOF
	"$OPENSSL" req -in "$T/beta.csr" -outform DER -out "$1/beta.csr"
}

snapshot "$T/snap"

# refused DIR WHAT: exit 3, the summary line, and nothing stored.
refused() {
	expect_exit 3 csr import "$1"
	expect_stderr_matches "^ncpki: error: [0-9]+ of [0-9]+ files in \".*\" (was|were) refused: nothing was imported$"
	expect_output_contains "alpha.csr: acceptable, not imported"
	expect_unchanged "$T/snap" "$2"
}

good_dir "$T/d1"
printf 'this is not a request\n' >"$T/d1/junk.csr"
refused "$T/d1" "a garbage request file"
expect_output_matches "^junk\\.csr: refused: .+"

good_dir "$T/d2"
cp "$T/gamma.csr" "$T/d2/gamma.csr"
printf '{"contact_name": "G", ' >"$T/d2/gamma.json"
refused "$T/d2" "a contact file that is not JSON"
expect_output_matches '^gamma\.csr: refused: The contact file "gamma\.json" is not valid JSON \(line 1, column [0-9]+\)$'

good_dir "$T/d3"
cp "$T/gamma.csr" "$T/d3/gamma.csr"
printf '{"contact_name": "G", "password": "x"}\n' >"$T/d3/gamma.json"
refused "$T/d3" "an unknown key"
expect_output_line 'gamma.csr: refused: The contact file "gamma.json" has an unknown key "password"'

good_dir "$T/d4"
cp "$T/gamma.csr" "$T/d4/gamma.csr"
printf '{"contact_email": "not an address"}\n' >"$T/d4/gamma.json"
refused "$T/d4" "a bad contact email"
expect_output_matches '^gamma\.csr: refused: .*email'

good_dir "$T/d5"
cp "$T/gamma.csr" "$T/d5/gamma.csr"
printf '{"renewal_of": "7"}\n' >"$T/d5/gamma.json"
refused "$T/d5" "renewal_of not a number"
expect_output_contains '"renewal_of" must be the serial number of an issued certificate'

good_dir "$T/d6"
printf '{"contact_name": "Nobody"}\n' >"$T/d6/lonely.json"
refused "$T/d6" "a contact file without its request"
expect_output_line "lonely.json: refused: A contact file without its request file (NAME.csr)"

good_dir "$T/d7"
cp "$T/alpha.csr" "$T/d7/zcopy.csr"
refused "$T/d7" "the same request twice in the directory"
expect_output_line 'zcopy.csr: refused: This Certificate Signing Request is the same as "alpha.csr"'

good_dir "$T/d8"
printf '{"file_root": "../evil"}\n' >"$T/d8/beta.json"
refused "$T/d8" "a bad file name root"
expect_output_contains "beta.csr: refused: The file name root"

# Usage errors and an empty directory.
mkdir "$T/empty"
expect_exit 1 csr import "$T/empty"
expect_stderr_contains "holds no request file (NAME.csr)"
expect_exit 2 csr import "$T/d1" --contact-name X
expect_stderr_contains "importing a directory takes each request's details from its NAME.json file"
expect_unchanged "$T/snap" "usage errors"

# A good directory: both stored, the contact from the sidecar.
good_dir "$T/good"
expect_exit 0 csr import "$T/good"
expect_output_matches '^alpha\.csr: imported as request 1, SHA-1 fingerprint [0-9A-F:]+$'
expect_output_matches '^beta\.csr: imported as request 2, SHA-1 fingerprint [0-9A-F:]+$'
expect_output_line "2 Certificate Signing Requests imported."
expect_exit 0 csr list --json
check "both stored, with their details" python3 -c '
import json, sys
j = {c["file_root"]: c for c in json.load(open(sys.argv[1]))}
assert set(j) == {"alpha", "beta"}, j
assert j["alpha"]["contact_name"] == "Ann Alpha" and j["alpha"]["instance"] == "ALPHA", j
assert j["alpha"]["hostname"] == "alpha.example.com", j
assert j["beta"]["contact_name"] == "", j
' "$OUT"

# The same directory again: duplicates, nothing more stored.
snapshot "$T/snap2"
expect_exit 3 csr import "$T/good" --json
check "the JSON report names the duplicates" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j) == 2 and not any(i["imported"] for i in j), j
assert all("already pending as request" in i["error"] for i in j), j
' "$OUT"
expect_unchanged "$T/snap2" "a second import of the same requests"

finish
