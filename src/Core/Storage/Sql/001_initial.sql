-- The first schema. Every table is STRICT; ids are integers so the fact table stays small and fast.

-- An agency that files reports. Name is the identity the CSV layouts use.
CREATE TABLE agencies (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    code    TEXT,
    region  TEXT,
    level   TEXT
) STRICT;

-- The metric catalog as the database knows it; labels are refreshed from the code at start-up.
CREATE TABLE metrics (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    table_code  TEXT NOT NULL,
    row_code    TEXT NOT NULL,
    column_code TEXT NOT NULL,
    label_zh    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    unit_zh     TEXT NOT NULL,
    unit_en     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    versions    TEXT NOT NULL,
    sort_order  INTEGER NOT NULL
) STRICT;

-- One file handed to the loader, whatever became of it.
CREATE TABLE batches (
    id             INTEGER PRIMARY KEY,
    file_name      TEXT NOT NULL,
    stored_path    TEXT,
    sha256         TEXT,
    size_bytes     INTEGER NOT NULL,
    source         TEXT NOT NULL,          -- cli | inbox | upload | seed
    layout         TEXT,                   -- long | wide | report
    encoding       TEXT,
    delimiter      TEXT,
    status         TEXT NOT NULL,          -- queued | reading | validating | loaded | duplicate | rejected | interrupted
    rows_read      INTEGER NOT NULL DEFAULT 0,
    values_loaded  INTEGER NOT NULL DEFAULT 0,
    agency_years   INTEGER NOT NULL DEFAULT 0,
    error_count    INTEGER NOT NULL DEFAULT 0,
    finding_count  INTEGER NOT NULL DEFAULT 0,
    duplicate_of   INTEGER REFERENCES batches(id),
    received_at    TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT
) STRICT;

-- A file's content is loaded at most once: the database refuses a second loaded batch with the same hash.
CREATE UNIQUE INDEX batches_loaded_sha256 ON batches(sha256) WHERE status = 'loaded';
CREATE INDEX batches_status ON batches(status);

CREATE TABLE batch_errors (
    batch_id    INTEGER NOT NULL REFERENCES batches(id),
    seq         INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    column_no   INTEGER NOT NULL,
    column_name TEXT,
    code        TEXT NOT NULL,
    value       TEXT,
    message     TEXT NOT NULL,
    message_zh  TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq)
) STRICT, WITHOUT ROWID;

-- One agency's report for one year. current_revision_id points at the values in force.
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY,
    agency_id           INTEGER NOT NULL REFERENCES agencies(id),
    year                INTEGER NOT NULL,
    format_version      TEXT,
    current_revision_id INTEGER,
    UNIQUE (agency_id, year)
) STRICT;

-- Every load of an agency-year is a revision; older revisions keep their values.
CREATE TABLE revisions (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES reports(id),
    number          INTEGER NOT NULL,
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    format_version  TEXT NOT NULL,
    value_count     INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (report_id, number)
) STRICT;
CREATE INDEX revisions_batch ON revisions(batch_id);

-- The facts: one cell of one revision. state: 0 number, 1 not reported, 2 not applicable, 3 text.
-- raw is the text as written, NULL when it is the plain number itself; line is where the value was read in the
-- batch's file (provenance).
CREATE TABLE cell_values (
    revision_id INTEGER NOT NULL,
    metric_id   INTEGER NOT NULL,
    state       INTEGER NOT NULL,
    value       REAL,
    raw         TEXT,
    line        INTEGER NOT NULL,
    PRIMARY KEY (revision_id, metric_id)
) STRICT, WITHOUT ROWID;

-- Consistency-rule results for the current revision of a report (recomputed when it or its neighbours change).
CREATE TABLE findings (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports(id),
    revision_id  INTEGER NOT NULL REFERENCES revisions(id),
    rule         TEXT NOT NULL,
    severity     TEXT NOT NULL,            -- error | warning
    subject      TEXT NOT NULL,            -- the column, row or group the rule was applied to
    left_value   REAL,
    right_value  REAL,
    message      TEXT NOT NULL,
    message_zh   TEXT NOT NULL
) STRICT;
CREATE INDEX findings_report ON findings(report_id);
