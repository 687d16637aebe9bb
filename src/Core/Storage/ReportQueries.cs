using Dapper;

namespace Analytics.Core.Storage;

/// <summary>Read-only questions about stored reports: findings, revisions and the values of any revision.</summary>
public sealed class ReportQueries(AnalyticsDatabase database)
{
    public IReadOnlyList<FindingRow> Findings(string? agency = null, string? rule = null)
    {
        using var connection = database.OpenRead();
        return connection.Query<FindingRow>(
            """
            SELECT f.id, a.name AS agency, r.year, f.rule, f.severity, f.subject, f.left_value, f.right_value, f.message, f.message_zh
            FROM findings f
            JOIN reports r ON r.id = f.report_id
            JOIN agencies a ON a.id = r.agency_id
            WHERE (@agency IS NULL OR a.name = @agency) AND (@rule IS NULL OR f.rule = @rule)
            ORDER BY a.name, r.year, f.rule, f.subject
            """,
            new { agency, rule }).AsList();
    }

    /// <summary>The agencies that have findings, for the findings filter (far fewer than all agencies).</summary>
    public IReadOnlyList<string> FindingAgencies()
    {
        using var connection = database.OpenRead();
        return connection.Query<string>(
            """
            SELECT DISTINCT a.name FROM findings f JOIN reports r ON r.id = f.report_id JOIN agencies a ON a.id = r.agency_id
            ORDER BY a.name
            """).AsList();
    }

    public IReadOnlyList<RevisionRow> Revisions(string agency, int year)
    {
        using var connection = database.OpenRead();
        return connection.Query<RevisionRow>(
            """
            SELECT v.id, a.name AS agency, r.year, v.number, v.batch_id, b.file_name, v.format_version, v.value_count,
                   v.created_at, (v.id = r.current_revision_id) AS is_current, b.status AS batch_status
            FROM revisions v
            JOIN reports r ON r.id = v.report_id
            JOIN agencies a ON a.id = r.agency_id
            JOIN batches b ON b.id = v.batch_id
            WHERE a.name = @agency AND r.year = @year
            ORDER BY v.number
            """,
            new { agency, year }).AsList();
    }

    /// <summary>The values of one revision (current or not): earlier revisions stay queryable.</summary>
    public IReadOnlyList<ValueRow> Values(long revisionId)
    {
        using var connection = database.OpenRead();
        return connection.Query<ValueRow>(
            """
            SELECT a.name AS agency, r.year, m.code AS metric, c.state, c.value, c.raw
            FROM cell_values c
            JOIN revisions v ON v.id = c.revision_id
            JOIN reports r ON r.id = v.report_id
            JOIN agencies a ON a.id = r.agency_id
            JOIN metrics m ON m.id = c.metric_id
            WHERE c.revision_id = @revisionId
            ORDER BY m.sort_order
            """,
            new { revisionId }).AsList();
    }
}
