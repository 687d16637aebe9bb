-- Per-year totals of every metric by region and level, kept by the loader in the batch's own transaction, so
-- the overview sums a few thousand rows instead of scanning every fact. Only numbers count; NULL region or
-- level is stored as ''. reporters is how many agency-years gave a number.
CREATE TABLE rollups (
    year       INTEGER NOT NULL,
    metric_id  INTEGER NOT NULL,
    region     TEXT NOT NULL,
    level      TEXT NOT NULL,
    total      REAL NOT NULL,
    reporters  INTEGER NOT NULL,
    PRIMARY KEY (year, metric_id, region, level)
) STRICT, WITHOUT ROWID;

INSERT INTO rollups (year, metric_id, region, level, total, reporters)
SELECT r.year, c.metric_id, coalesce(a.region, ''), coalesce(a.level, ''), sum(c.value), count(*)
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN cell_values c ON c.revision_id = r.current_revision_id AND c.state = 0
GROUP BY r.year, c.metric_id, coalesce(a.region, ''), coalesce(a.level, '');
