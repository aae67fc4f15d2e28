# tests/old-registry.sh: registries of older schema versions, made from a
# current one (filled by real commands, so its signatures and audit chain
# are real) by undoing the migrations in issuer/registry/registry.c, table
# definitions exactly as those versions created them. For the migration
# tests; needs the sqlite3 shell, whose connections leave foreign keys off.

# The version this issuer writes (SCHEMA_VERSION in issuer/registry/registry.c),
# and what the audit log says of each step to it, by the version it starts from.
SCHEMA_VERSION=6
MIGRATION_STEPS=(
    [1]="schema version 1 to 2 (publication layout)"
    [2]="schema version 2 to 3 (key roles decided by the role table)"
    [3]="schema version 3 to 4 (assessment digests)"
    [4]="schema version 4 to 5 (seal settings)"
    [5]="schema version 5 to 6 (the transparency log)"
)

# steps_from VERSION SEPARATOR: the audit details of the steps a registry of
# VERSION takes, in order, joined by SEPARATOR.
steps_from() {
    local joined="${MIGRATION_STEPS[$1]}" step
    for ((step = $1 + 1; step < SCHEMA_VERSION; step++)); do
        joined+="$2${MIGRATION_STEPS[$step]}"
    done
    printf '%s' "$joined"
}

# registry_version_5 FROM TO: TO is FROM as schema version 5 wrote it: no
# transparency log (its tables, the body's log settings, the positions of
# the published responses in it).
registry_version_5() {
    cp "$1" "$2"
    sqlite3 "$2" "BEGIN;
        DROP TABLE log_entries; DROP TABLE log_hashes; DROP TABLE log_checkpoints;
        ALTER TABLE body DROP COLUMN log_origin; ALTER TABLE body DROP COLUMN log_key;
        CREATE TEMP TABLE saved_published AS SELECT number, content, serial, next_update, shard, response_digest, record_digest FROM published;
        DROP TABLE published;
        CREATE TABLE published (  number TEXT PRIMARY KEY REFERENCES certificates(number), content TEXT NOT NULL,  serial INTEGER NOT NULL, next_update TEXT NOT NULL, shard TEXT NOT NULL,  response_digest TEXT NOT NULL, record_digest TEXT NOT NULL);
        INSERT INTO published SELECT * FROM saved_published;
        UPDATE body SET schema_version = 5;
        COMMIT;"
}

# registry_version_4 FROM TO: version 4, with no seal settings.
registry_version_4() {
    registry_version_5 "$1" "$2"
    sqlite3 "$2" "DROP TABLE seal; UPDATE body SET schema_version = 4;"
}

# registry_version_3 FROM TO: version 3, with no digests of the assessment
# files.
registry_version_3() {
    registry_version_4 "$1" "$2"
    sqlite3 "$2" "DROP INDEX certificates_assessment;
        ALTER TABLE certificates DROP COLUMN assessment_sha256;
        UPDATE body SET schema_version = 3;"
}

# registry_version_2 FROM TO: version 2, whose keys table had a CHECK on
# the role (so without the log's key, a role version 2 did not know).
registry_version_2() {
    registry_version_3 "$1" "$2"
    sqlite3 "$2" "BEGIN;
        DELETE FROM keys WHERE role NOT IN ('auditor', 'head');
        CREATE TEMP TABLE saved_keys AS SELECT * FROM keys;
        DROP TABLE keys;
        CREATE TABLE keys (  kid TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('auditor', 'head')),  name TEXT NOT NULL, jwk TEXT NOT NULL, not_before TEXT, not_after TEXT,  added_at TEXT NOT NULL);
        INSERT INTO keys SELECT * FROM saved_keys;
        UPDATE body SET schema_version = 2;
        COMMIT;"
}

# registry_version_1 FROM TO: version 1, whose shard indexes were signed in
# each generation: no index digests, no index certificates_status.
registry_version_1() {
    registry_version_2 "$1" "$2"
    sqlite3 "$2" "DROP INDEX certificates_status; DROP TABLE shard_versions;
        CREATE TABLE shard_versions (shard TEXT PRIMARY KEY, version INTEGER NOT NULL);
        UPDATE body SET schema_version = 1;"
}
