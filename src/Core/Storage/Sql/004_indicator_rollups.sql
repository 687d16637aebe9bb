-- The indicators' numerators and denominators summed per year by region and level, like rollups for metrics:
-- the overview's rates over all agencies then read a few hundred rows instead of joining every report.
-- Rebuilt by the loader for the years a batch touches, in the batch's own transaction.
CREATE TABLE indicator_rollups (
    year         INTEGER NOT NULL,
    indicator    TEXT NOT NULL,
    region       TEXT NOT NULL,
    level        TEXT NOT NULL,
    numerator    REAL NOT NULL,
    denominator  REAL NOT NULL,
    reporters    INTEGER NOT NULL,
    PRIMARY KEY (year, indicator, region, level)
) STRICT, WITHOUT ROWID;

INSERT INTO indicator_rollups (year, indicator, region, level, numerator, denominator, reporters)
SELECT r.year, i.indicator, coalesce(a.region, ''), coalesce(a.level, ''), sum(i.numerator), sum(i.denominator), count(*)
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN revision_indicators i ON i.revision_id = r.current_revision_id
GROUP BY r.year, i.indicator, coalesce(a.region, ''), coalesce(a.level, '');

-- A counter every change to the current figures increments (a load, a rollback): the dashboard caches what is
-- costly to compute (the agency list, the coverage grid) until it moves, in this process or another.
CREATE TABLE data_version (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  INTEGER NOT NULL
) STRICT;
INSERT INTO data_version (id, value) VALUES (1, 0);
