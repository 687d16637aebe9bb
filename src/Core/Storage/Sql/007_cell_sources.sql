-- How a report's cell was obtained when it was not simply read from its own table cell: split from a glued run
-- of digits by the rules (1), an ambiguous split (2, with the note naming the alternatives), a prose sentence (3),
-- or a row the report's table lacks (4). CSV layouts never write here, so the hot path stays as it was.
CREATE TABLE cell_sources (
    revision_id  INTEGER NOT NULL,
    metric_id    INTEGER NOT NULL,
    source       INTEGER NOT NULL CHECK (source BETWEEN 1 AND 4),
    note         TEXT,
    note_zh      TEXT,
    PRIMARY KEY (revision_id, metric_id)
) STRICT, WITHOUT ROWID;
