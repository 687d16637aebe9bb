using System.Data.Common;
using Dapper;

namespace Analytics.Core.Storage;

/// <summary>
/// The read-only queries behind the dashboard's pages. Only numbers are summed: empty, "/" and text cells never
/// count as 0. What costs more than a few milliseconds at provincial scale is cached until the database's
/// data_version moves, which every load and rollback does, in this process or another.
/// </summary>
public sealed class DashboardQueries(AnalyticsDatabase database)
{
    /// <summary>Small results (the agency list, the years, the coverage grid): few, whatever the filters.</summary>
    private readonly VersionedCache _small = new(64);

    /// <summary>All agencies' values of a metric, for rankings: a few MB each at provincial scale, so only a few.</summary>
    private readonly VersionedCache _values = new(8);

    /// <summary>Results computed from the values above (a ranking with its quantiles per level): as few.</summary>
    private readonly VersionedCache _derived = new(8);

    // Picked agencies are a condition of their own, not "(none picked OR name in the list)": behind an OR the
    // planner cannot start from the picked names and reads every report instead (at provincial scale 54 ms against
    // 1 ms for five agencies, growing with the reports).
    private static string AgencyWhere(DbConnection connection, AgencyFilter filter) =>
        $"""
        (@Region IS NULL OR a.region = @Region) AND (@Level IS NULL OR a.level = @Level)
        {(filter.Agencies.Count > 0 ? "AND " + AnalyticsDatabase.In(connection, "a.name", "@Agencies") : "")}
        AND r.year BETWEEN coalesce(@FromYear, 0) AND coalesce(@ToYear, 9999)
        """;


    /// <summary>The counter every load and rollback moves (see <see cref="VersionedCache"/>).</summary>
    public long DataVersion()
    {
        using var connection = database.OpenRead();
        return VersionedCache.Version(connection);
    }

    /// <summary>
    /// A result the dashboard computes from these queries, kept under <paramref name="key"/> until the data changes,
    /// like the queries' own results: at national scale ranking 250,000 agencies costs 0.7 s even from cached values,
    /// and fifty visitors on the compare page must not each pay it.
    /// </summary>
    public T Derived<T>(string key, Func<T> compute)
        where T : notnull
    {
        using var connection = database.OpenRead();
        return _derived.Get(connection, key, _ => compute());
    }

    public IReadOnlyList<AgencyRow> Agencies()
    {
        using var connection = database.OpenRead();
        return _small.Get(connection, "agencies", c => c.Query<AgencyRow>(
            """
            SELECT a.id, a.name, a.code, a.region, a.level,
                   count(r.current_revision_id) AS reports, min(r.year) AS first_year, max(r.year) AS last_year
            FROM agencies a LEFT JOIN reports r ON r.agency_id = a.id AND r.current_revision_id IS NOT NULL
            GROUP BY a.id
            HAVING count(r.current_revision_id) > 0
            ORDER BY a.name
            """).AsList());
    }

    /// <summary>The first and last year any report covers, or null when nothing is loaded.</summary>
    public (int First, int Last)? Years()
    {
        using var connection = database.OpenRead();
        // Two subqueries: SQLite reads one end of reports_current_year for a lone min() or max(), but scans the
        // index for both together.
        var range = _small.Get(connection, "years", c => c.QuerySingle<(long? First, long? Last)>(
            """
            SELECT (SELECT min(year) FROM reports WHERE current_revision_id IS NOT NULL),
                   (SELECT max(year) FROM reports WHERE current_revision_id IS NOT NULL)
            """));
        return range.First is { } first && range.Last is { } last ? ((int)first, (int)last) : null;
    }

    /// <summary>Each metric summed by year over the filtered agencies.</summary>
    public IReadOnlyList<YearTotal> Totals(AgencyFilter filter, IReadOnlyCollection<string> metrics)
    {
        using var connection = database.OpenRead();
        if (filter.Agencies.Count == 0)
        {
            // All agencies, a region or a level: the loader's rollups hold these sums already.
            return connection.Query<YearTotal>(
                $"""
                SELECT u.year, m.code AS metric, sum(u.total) AS total, CAST(sum(u.reporters) AS BIGINT) AS agencies
                FROM rollups u JOIN metrics m ON m.id = u.metric_id
                WHERE {AnalyticsDatabase.In(connection, "m.code", "@Metrics")}
                  AND (@Region IS NULL OR u.region = @Region) AND (@Level IS NULL OR u.level = @Level)
                  AND u.year BETWEEN coalesce(@FromYear, 0) AND coalesce(@ToYear, 9999)
                GROUP BY u.year, m.code
                ORDER BY u.year, m.code
                """,
                Parameters(filter, metrics)).AsList();
        }
        return connection.Query<YearTotal>(
            $"""
            SELECT r.year, m.code AS metric, sum(c.value) AS total, count(*) AS agencies
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            JOIN metrics m ON m.id = c.metric_id
            WHERE {AnalyticsDatabase.In(connection, "m.code", "@Metrics")} AND c.state = 0 AND {AgencyWhere(connection, filter)}
            GROUP BY r.year, m.code
            ORDER BY r.year, m.code
            """,
            Parameters(filter, metrics)).AsList();
    }

    /// <summary>Each indicator pooled by year over the filtered agency-years that reported all its inputs.</summary>
    public IReadOnlyList<IndicatorTotal> IndicatorTotals(AgencyFilter filter)
    {
        using var connection = database.OpenRead();
        if (filter.Agencies.Count == 0)
        {
            // All agencies, a region or a level: the loader's indicator rollups hold these sums already.
            return connection.Query<IndicatorTotal>(
                """
                SELECT year, indicator, sum(numerator) AS numerator, sum(denominator) AS denominator, CAST(sum(reporters) AS BIGINT) AS agencies
                FROM indicator_rollups
                WHERE (@Region IS NULL OR region = @Region) AND (@Level IS NULL OR level = @Level)
                  AND year BETWEEN coalesce(@FromYear, 0) AND coalesce(@ToYear, 9999)
                GROUP BY year, indicator
                """,
                Parameters(filter, [])).AsList();
        }
        return connection.Query<IndicatorTotal>(
            $"""
            SELECT r.year, i.indicator, sum(i.numerator) AS numerator, sum(i.denominator) AS denominator, count(*) AS agencies
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN revision_indicators i ON i.revision_id = r.current_revision_id
            WHERE {AgencyWhere(connection, filter)}
            GROUP BY r.year, i.indicator
            """,
            Parameters(filter, [])).AsList();
    }

    /// <summary>Each filtered agency's numbers for the metrics, by year.</summary>
    public IReadOnlyList<AgencyValue> Values(AgencyFilter filter, IReadOnlyCollection<string> metrics)
    {
        using var connection = database.OpenRead();
        if (filter.Agencies.Count > 0)
        {
            return Load(connection);
        }
        // Every agency (a ranking): worth keeping until the data changes.
        var key = string.Join('|', filter.Region, filter.Level, filter.FromYear, filter.ToYear, string.Join(',', metrics));
        return _values.Get(connection, key, Load);

        IReadOnlyList<AgencyValue> Load(DbConnection c) => c.Query<AgencyValue>(
            $"""
            SELECT a.name AS agency, a.level, a.region, r.year, m.code AS metric, c.value
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            JOIN metrics m ON m.id = c.metric_id
            WHERE {AnalyticsDatabase.In(connection, "m.code", "@Metrics")} AND c.state = 0 AND {AgencyWhere(connection, filter)}
            ORDER BY a.name, r.year, m.code
            """,
            Parameters(filter, metrics)).AsList();
    }

    /// <summary>Every current cell of one agency, all years.</summary>
    public IReadOnlyList<AgencyCell> AgencyCells(string agency)
    {
        using var connection = database.OpenRead();
        return connection.Query<AgencyCell>(
            """
            SELECT r.year, m.code AS metric, c.state, c.value, c.raw, r.format_version
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            JOIN metrics m ON m.id = c.metric_id
            WHERE a.name = @agency
            ORDER BY r.year, m.sort_order
            """,
            new { agency }).AsList();
    }

    /// <summary>
    /// One page of the coverage grid: the loaded agencies in name order, and for each of this page's agencies
    /// every loaded year's count of error and warning findings. A page reads its hundred agencies' reports only.
    /// </summary>
    public CoveragePage Coverage(int page, int pageSize)
    {
        using var connection = database.OpenRead();
        return _small.Get(connection, $"coverage:{page}:{pageSize}", c =>
        {
            var agencies = c.ExecuteScalar<long>("SELECT count(DISTINCT agency_id) FROM reports WHERE current_revision_id IS NOT NULL");
            var cells = c.Query<CoverageCell>(
                """
                WITH page AS (
                    SELECT a.id, a.name FROM agencies a
                    WHERE EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id AND r.current_revision_id IS NOT NULL)
                    ORDER BY a.name LIMIT @pageSize OFFSET @offset)
                SELECT p.name AS agency, r.year,
                       count(CASE WHEN f.severity = 'error' THEN 1 END) AS errors,
                       count(CASE WHEN f.severity = 'warning' THEN 1 END) AS warnings
                FROM page p
                JOIN reports r ON r.agency_id = p.id AND r.current_revision_id IS NOT NULL
                LEFT JOIN findings f ON f.report_id = r.id
                GROUP BY r.id, p.name, r.year
                ORDER BY p.name, r.year
                """,
                new { pageSize, offset = (long)(Math.Max(1, page) - 1) * pageSize }).AsList();
            return new CoveragePage((int)agencies, cells);
        });
    }

    private static object Parameters(AgencyFilter filter, IReadOnlyCollection<string> metrics) => new
    {
        filter.Region, filter.Level, Agencies = filter.Agencies.ToArray(), filter.FromYear, filter.ToYear, Metrics = metrics.ToArray(),
    };
}
