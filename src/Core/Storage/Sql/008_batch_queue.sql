-- The batch queue's columns. On SQLite one worker process takes the inbox and the uploads of its own machine,
-- so these stay empty there; they exist so both stores keep one schema version (see Postgres/008_batch_queue.sql).
-- claimed_by: the worker holding the batch; lease_until: when its claim lapses unless renewed (ISO-8601 UTC);
-- attempts: how many times a worker took it.
ALTER TABLE batches ADD COLUMN claimed_by TEXT;
ALTER TABLE batches ADD COLUMN lease_until TEXT;
ALTER TABLE batches ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- An uploaded file's bytes, kept until its batch ends, so any worker can load it.
CREATE TABLE batch_files (
    batch_id  INTEGER PRIMARY KEY REFERENCES batches(id),
    content   BLOB NOT NULL,
    hint_agency TEXT,                     -- the uploader's hints for a report that lacks them
    hint_year   INTEGER
) STRICT;
