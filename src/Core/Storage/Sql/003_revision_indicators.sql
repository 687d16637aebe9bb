-- Each revision's numerator and denominator of every derived indicator (spec §5), present only when the
-- revision reported every input: rates over many agencies then pool exactly the agency-years that can count.
-- Written by the loader with the revision; immutable like the revision's values.
CREATE TABLE revision_indicators (
    revision_id  INTEGER NOT NULL,
    indicator    TEXT NOT NULL,
    numerator    REAL NOT NULL,
    denominator  REAL NOT NULL,
    PRIMARY KEY (revision_id, indicator)
) STRICT, WITHOUT ROWID;

INSERT INTO revision_indicators (revision_id, indicator, numerator, denominator)
WITH inputs AS (
SELECT c.revision_id,
       max(CASE WHEN m.code = 't3.carried_forward.total' THEN c.value END) AS v0,
       max(CASE WHEN m.code = 't3.carried_over.total' THEN c.value END) AS v1,
       max(CASE WHEN m.code = 't3.granted.total' THEN c.value END) AS v2,
       max(CASE WHEN m.code = 't3.new_received.total' THEN c.value END) AS v3,
       max(CASE WHEN m.code = 't3.partially_granted.total' THEN c.value END) AS v4,
       max(CASE WHEN m.code = 't3.results_total.total' THEN c.value END) AS v5,
       max(CASE WHEN m.code = 't4.lit_after_review.corrected' THEN c.value END) AS v6,
       max(CASE WHEN m.code = 't4.lit_after_review.other' THEN c.value END) AS v7,
       max(CASE WHEN m.code = 't4.lit_after_review.upheld' THEN c.value END) AS v8,
       max(CASE WHEN m.code = 't4.lit_direct.corrected' THEN c.value END) AS v9,
       max(CASE WHEN m.code = 't4.lit_direct.other' THEN c.value END) AS v10,
       max(CASE WHEN m.code = 't4.lit_direct.upheld' THEN c.value END) AS v11,
       max(CASE WHEN m.code = 't4.review.corrected' THEN c.value END) AS v12,
       max(CASE WHEN m.code = 't4.review.other' THEN c.value END) AS v13,
       max(CASE WHEN m.code = 't4.review.upheld' THEN c.value END) AS v14
FROM cell_values c JOIN metrics m ON m.id = c.metric_id
WHERE c.state = 0 AND m.code IN ('t3.carried_forward.total', 't3.carried_over.total', 't3.granted.total', 't3.new_received.total', 't3.partially_granted.total', 't3.results_total.total', 't4.lit_after_review.corrected', 't4.lit_after_review.other', 't4.lit_after_review.upheld', 't4.lit_direct.corrected', 't4.lit_direct.other', 't4.lit_direct.upheld', 't4.review.corrected', 't4.review.other', 't4.review.upheld')
GROUP BY c.revision_id
)
SELECT revision_id, 'ind.disclosure_rate', v2 + v4, v5 FROM inputs WHERE v2 IS NOT NULL AND v4 IS NOT NULL AND v5 IS NOT NULL
UNION ALL
SELECT revision_id, 'ind.review_correction_rate', v12, v14 + v12 + v13 FROM inputs WHERE v12 IS NOT NULL AND v14 IS NOT NULL AND v12 IS NOT NULL AND v13 IS NOT NULL
UNION ALL
SELECT revision_id, 'ind.litigation_correction_rate', v9 + v6, v11 + v9 + v10 + v8 + v6 + v7 FROM inputs WHERE v9 IS NOT NULL AND v6 IS NOT NULL AND v11 IS NOT NULL AND v9 IS NOT NULL AND v10 IS NOT NULL AND v8 IS NOT NULL AND v6 IS NOT NULL AND v7 IS NOT NULL
UNION ALL
SELECT revision_id, 'ind.backlog_ratio', v0, v3 + v1 FROM inputs WHERE v0 IS NOT NULL AND v3 IS NOT NULL AND v1 IS NOT NULL;
