#!/bin/sh
# t0060-audit: the audit trail's page in the console (issue 6): the main
# page's last entry opens it; it lists the CLI's changes newest first with
# their actor, the refusal of a wrong CA key password marked REFUSED, and
# says the chain is intact, with times that have their year and actions in
# words (in French too; the entry shows the code recorded); Tab moves;
# / filters; r shows the refusals only, and again everything; a deletion
# made from the console is recorded with the console as its actor; and a
# trail edited behind ncpki's back shows as BROKEN in the title.
. "${top_srcdir:-.}/tests/tui/lib.sh"

[ -n "$SQLITE3" ] || skip_all "sqlite3 is not installed"
me=$(id -un)

# the entries read as the guide's counter writes them (a new CA is random by default)
configure_ca --serial-mode counter || finish
make_csr web || finish
import_csr web || finish
web_id=$csr_id
make_pwfile "$T/wrong.pw" "not the password at all"
run csr process "$web_id" --usage tls --password-file "$T/wrong.pw" --yes
issue_csr "$web_id" tls || finish
make_csr gone || finish
import_csr gone || finish
gone_id=$csr_id

tui_start
tui_keys End Up Enter
expect_screen "Audit trail: 5 entries, chain intact"
expect_screen_line "^ +5 .* cli:$me +request received +request $gone_id \"gone\""
expect_screen_line "^ +4 .* cli:$me +certificate issued +certificate 1 \"web"
expect_screen_line "^ +3 .* cli:$me +CA key unlock +REFUSED: "
expect_screen_line "^ +1 .* cli:$me +CA configured +CA \"$CAROOT\""
# times with their year, as the CLI prints them
year=$(date +%Y)
expect_screen_line "^ +1 +$year-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} +cli:$me"
expect_screen_line "r Refusals +/ Filter"
# Enter shows an entry whole
tui_keys Down Down Enter
expect_screen "Audit entry 3"
expect_screen "Outcome: Wrong password for the Certificate Authority's private key"
expect_screen "Actor: cli:$me"
expect_screen "Action: CA key unlock (ca-key-unlock)"
tui_keys Escape
tui_wait_gone "Audit entry 3"
# Tab moves the selection too
tui_keys Tab Enter
expect_screen "Audit entry 2"
tui_keys Escape
tui_wait_gone "Audit entry 2"

# r: the refusals only (the wrong password), then everything again
tui_keys r
expect_screen "refusals only"
expect_screen_line "^ +3 .* CA key unlock +REFUSED: "
expect_screen_lacks "request received"
expect_screen_lacks "CA configured"
tui_keys r
tui_wait_gone "refusals only"
expect_screen "request received"
run audit list --refused --json
expect_output_contains '"action": "ca-key-unlock"'
check "audit list --refused lists the refusal alone" sh -c \
	"'$NCPKI' audit list --refused | grep -c . | grep -qx 1"

# the filter goes to the database
tui_keys /
tui_type "REFUSED"
tui_type "issued"
tui_keys Enter
expect_screen "Filter: REFUSEDissued"
expect_screen "No entry matches the filter."
tui_keys Escape
tui_wait_gone "Filter:"
tui_keys /
tui_type "issued"
tui_keys Enter
expect_screen "Filter: issued"
expect_screen "certificate issued"
expect_screen_lacks "request received"
tui_keys Escape
tui_wait_gone "Filter: issued"

# a deletion from the console is the console's entry
tui_keys Escape
expect_screen "F10 Quit"
tui_keys Home Down Enter
expect_screen "Pending Certificate Signing Requests: 1"
tui_keys d
expect_screen "Delete Certificate Signing Request $gone_id \"gone\"?"
tui_keys Left Enter
expect_screen "Certificate Signing Request $gone_id \"gone\" deleted."
tui_keys Escape
expect_screen "F10 Quit"
tui_keys End Up Enter
expect_screen "Audit trail: 6 entries, chain intact"
expect_screen_line "^ +6 .* console:$me +request deleted +request $gone_id"
run audit list --limit 1
expect_output_matches "console:$me +csr-deleted +request $gone_id"

# edited behind ncpki's back: the page says so
"$SQLITE3" "$NCPKI_HOME/ncpki.db" "DROP TRIGGER audit_no_update;
	UPDATE audit SET actor = 'cli:nobody' WHERE id = 2"
tui_keys v
expect_screen "Audit trail: BROKEN at entry 2"
expect_screen "The audit trail is broken at entry 2: its contents do not match its"

tui_keys Escape
expect_screen "F10 Quit"
tui_quit

# the actions in French
TUI_LOCALE=fr_FR.UTF-8
tui_restart
tui_keys End Up Enter
expect_screen_line "console:$me +demande supprimée +request $gone_id"
expect_screen_line "cli:$me +certificat émis +certificate 1"
expect_screen_line "cli:$me +AC configurée +CA"
tui_keys Escape F10
expect_screen "ncpki exited 0"
finish
