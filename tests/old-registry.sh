# tests/old-registry.sh: registries of older schema versions, made from a
# current one (filled by real commands, so its signatures and audit chain
# are real) by undoing the migrations in issuer/registry/registry.c, table
# definitions exactly as those versions created them. For the migration
# tests; needs the sqlite3 shell, whose connections leave foreign keys off.

# registry_version_3 FROM TO: TO is FROM as schema version 3 wrote it: no
# digests of the assessment files.
registry_version_3() {
    cp "$1" "$2"
    sqlite3 "$2" "DROP INDEX certificates_assessment;
        ALTER TABLE certificates DROP COLUMN assessment_sha256;
        UPDATE body SET schema_version = 3;"
}

# registry_version_2 FROM TO: version 2, whose keys table had a CHECK on
# the role.
registry_version_2() {
    registry_version_3 "$1" "$2"
    sqlite3 "$2" "BEGIN;
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
