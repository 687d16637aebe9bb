using System.Data.Common;
using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Analytics.Core.Storage;

/// <summary>
/// Writes one batch inside one transaction: every agency-year in the file becomes a new revision, and only
/// <see cref="Commit"/> makes them current. Anything short of that rolls back, so a batch is all or nothing.
/// </summary>
public sealed partial class BatchWriter : IDisposable
{
    /// <summary>Sums and counts per metric for one (year, region, level): the batch's change to the rollups.</summary>
    private sealed class Rollup(int index, int year, string region, string level)
    {
        public readonly int Index = index;
        public readonly int Year = year;
        public readonly string Region = region;
        public readonly string Level = level;
        public readonly double[] Totals = new double[MetricCatalog.All.Count];
        public readonly long[] Reporters = new long[MetricCatalog.All.Count];
    }

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly long _batchId;
    private readonly string _now = Clock.Now();
    private readonly long[] _metricIds;
    private readonly Dictionary<long, int> _orderById;
    private readonly Dictionary<string, (long Id, AgencyRef Applied, string Region, string Level)> _agencies = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Year, string Region, string Level), Rollup> _rollups = [];
    private readonly List<Rollup> _rollupList = [];
    // The hot path: each store's fastest way in (see CellInserter).
    private readonly CellInserter _cells;
    private bool _done;
    private bool _rebuildRollups;

    public BatchWriter(AnalyticsDatabase database, long batchId)
    {
        _batchId = batchId;
        _connection = database.OpenWriteAttempt();
        try
        {
            // Take the write lock now, so a concurrent writer waits here rather than failing mid-batch; while another
            // writer holds it, wait and try again. Once this succeeds the batch can no longer be stopped by a busy
            // database (in SQLite's WAL mode the commit needs no further lock; on PostgreSQL the lock is held to the end).
            _transaction = database.RetryWhileBusy(() => database.BeginWrite(_connection, batchId));
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
        var ids = _connection.Query<(long Id, string Code)>("SELECT id, code FROM metrics", transaction: _transaction)
            .ToDictionary(r => r.Code, r => r.Id, StringComparer.Ordinal);
        _metricIds = MetricCatalog.All.Select(m => ids[m.Code]).ToArray();
        _orderById = MetricCatalog.All.ToDictionary(m => ids[m.Code], m => m.Order);

        _cells = _connection is SqliteConnection sqlite ? new SqliteCellInserter(sqlite, _transaction) : new PostgresCellInserter(_connection);
        CreateSlotTable();
    }

    public long ValuesWritten { get; private set; }

    /// <summary>Report cells not read straight from their own table cell, and how they were obtained (written at commit).</summary>
    private readonly List<(long Revision, long Metric, CellSource Source, AmbiguousSplit? Ambiguity)> _sources = [];

    /// <summary>How many cells of this batch were obtained each way (Table counts every other cell).</summary>
    public IReadOnlyDictionary<CellSource, long> Sources
    {
        get
        {
            var counts = _sources.GroupBy(s => s.Source).ToDictionary(g => g.Key, g => (long)g.Count());
            counts[CellSource.Table] = Math.Max(0, ValuesWritten - counts.Values.Sum());
            return counts;
        }
    }

    public int AgencyYears => _agencyYears;

    /// <summary>Adds one cell. Returns an error when the cell contradicts the file itself (same cell twice, mixed versions).</summary>
    public ReadError? Add(in ReadCell cell)
    {
        var slot = SlotFor(cell.Agency, cell.Year);
        var allowed = slot.Allowed & cell.Metric.Versions & cell.Version;
        var decides = cell.Value.State is CellState.Number or CellState.Text;
        if (allowed == FormatVersions.None)
        {
            // An empty or "/" cell of the other version's metric says nothing: a template with both versions'
            // columns has them. It is left out; only a figure of the other version is an error.
            return decides ? new ReadError(ErrorCode.MixedFormatVersions, cell.Line, cell.Column, null, cell.Metric.Code, cell.Metric.Versions.ToName()) : null;
        }
        if (decides)
        {
            slot.Allowed = allowed;
        }
        else if (cell.Metric.Versions != FormatVersions.Both)
        {
            slot.Blanks = true;
        }

        var metricId = _metricIds[cell.Metric.Order];
        // A number written the canonical way ("1291") needs no copy of its text: raw stays NULL.
        var text = cell.Value.State == CellState.Number && IsCanonical(cell.Value.Raw) ? null : cell.Value.Raw;
        if (_cells.TryInsert(slot.RevisionId, cell.Metric.Order, metricId, (int)cell.Value.State, cell.Value.Number is { } n ? (double)n : null, text, cell.Line))
        {
            slot.Values++;
            ValuesWritten++;
            if (cell.Source != CellSource.Table)
            {
                _sources.Add((slot.RevisionId, metricId, cell.Source, cell.Ambiguity));
            }
            if (cell.Value.Number is { } number && cell.Value.State == CellState.Number)
            {
                slot.Rollup.Totals[cell.Metric.Order] += (double)number;
                slot.Rollup.Reporters[cell.Metric.Order]++;
            }
            return null;
        }

        _cells.Flush();
        // The file gives this cell twice: fine if it says the same, an error if not.
        var earlier = _connection.QuerySingle<(long State, double? Value, string? Raw, long Line)>(
            "SELECT state, value, raw, line FROM cell_values WHERE revision_id = @revision AND metric_id = @metric",
            new { revision = slot.RevisionId, metric = _metricIds[cell.Metric.Order] }, _transaction);
        var same = earlier.State == (long)cell.Value.State && earlier.Value == (cell.Value.Number is { } m ? (double)m : null)
            && (cell.Value.State != CellState.Text || earlier.Raw == cell.Value.Raw);
        return same ? null : new ReadError(ErrorCode.ConflictingValue, cell.Line, cell.Column, null, cell.Value.Raw,
            earlier.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Plain digits without a leading zero: exactly how the number prints, so the text need not be kept.</summary>
    private static bool IsCanonical(string text)
    {
        if (text.Length is 0 or > 15 || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Makes the new revisions current, recomputes the rule findings of every agency-year they touch, records the
    /// batch as loaded, and commits — all in the one transaction.
    /// </summary>
    public (long Values, int AgencyYears, int Findings) Commit(long rowsRead)
    {
        _cells.Flush();
        // Every slot's final state into batch_slots; from here the commit works on the table, set at a time.
        SpillSlots();
        RemoveOtherVersionBlanks();
        _connection.Execute(
            """
            UPDATE revisions SET (format_version, value_count) = (SELECT version, value_count FROM batch_slots s WHERE s.revision_id = revisions.id)
            WHERE id IN (SELECT revision_id FROM batch_slots);
            UPDATE reports SET (current_revision_id, format_version) = (SELECT revision_id, version FROM batch_slots s WHERE s.report_id = reports.id)
            WHERE id IN (SELECT report_id FROM batch_slots);
            """, transaction: _transaction);
        UpdateRollups();
        WriteSources();
        var findings = RecomputeBatchFindings();
        if (_rebuildRollups)
        {
            RebuildIndicatorRollups(_connection, _transaction, null);
        }
        else
        {
            UpdateIndicatorRollups();
        }
        _connection.Execute("UPDATE data_version SET value = value + 1", transaction: _transaction);
        // The fence against loading a batch twice: with several workers, one whose lease lapsed (a long stall) may
        // still be loading a batch that another worker took over and finished. Whichever commits second finds the
        // batch loaded already and keeps nothing.
        var marked = _connection.Execute(
            """
            UPDATE batches SET status = 'loaded', rows_read = @rowsRead, values_loaded = @values, agency_years = @agencyYears,
                finding_count = @findings, finished_at = @now
            WHERE id = @batchId AND status NOT IN ('loaded', 'rolled_back')
            """,
            new { rowsRead, values = ValuesWritten, agencyYears = _agencyYears, findings, now = Clock.Now(), batchId = _batchId },
            _transaction);
        if (marked != 1)
        {
            throw new BatchAlreadyLoadedException(_batchId);
        }
        _transaction.Commit();
        _done = true;
        return (ValuesWritten, _agencyYears, findings);
    }

    /// <summary>
    /// Blank cells stored before an agency-year's figures settled its version: those of the other version go, and
    /// the slots that had them are counted again.
    /// </summary>
    private void RemoveOtherVersionBlanks()
    {
        foreach (var (version, other) in (ReadOnlySpan<(string, string)>)[("2019", "2021"), ("2021", "2019")])
        {
            var removed = _connection.Execute(
                """
                DELETE FROM cell_values WHERE state IN (1, 2)
                AND revision_id IN (SELECT revision_id FROM batch_slots WHERE blanks = 1 AND version = @version)
                AND metric_id IN (SELECT id FROM metrics WHERE versions = @other)
                """, new { version, other }, _transaction);
            ValuesWritten -= removed;
        }
        _connection.Execute(
            "UPDATE batch_slots SET value_count = (SELECT count(*) FROM cell_values c WHERE c.revision_id = batch_slots.revision_id) WHERE blanks = 1",
            transaction: _transaction);
    }

    /// <summary>
    /// Moves the replaced revisions' numbers out of the rollups and the new ones in (or rebuilds them when an
    /// agency changed region or level), inside the batch's transaction.
    /// </summary>
    private void UpdateRollups()
    {
        if (_rebuildRollups)
        {
            RebuildRollups(_connection, _transaction, null);
            return;
        }
        // The replaced revisions' numbers leave their group: streamed and summed here, since a GROUP BY would sort
        // every replaced cell (and SQLite's sorter takes memory up to the page cache's size for that).
        using (var previous = _connection.CreateCommand())
        {
            previous.Transaction = _transaction;
            previous.CommandText = "SELECT s.rollup, c.metric_id, c.value FROM batch_slots s JOIN cell_values c ON c.revision_id = s.previous_revision_id AND c.state = 0";
            using var cells = previous.ExecuteReader();
            while (cells.Read())
            {
                if (_orderById.TryGetValue(cells.GetInt64(1), out var order) && !cells.IsDBNull(2))
                {
                    var rollup = _rollupList[(int)cells.GetInt64(0)];
                    rollup.Totals[order] -= cells.GetDouble(2);
                    rollup.Reporters[order]--;
                }
            }
        }
        var changes = _rollups.Values
            .SelectMany(rollup => Enumerable.Range(0, rollup.Reporters.Length)
                .Where(order => rollup.Reporters[order] != 0 || rollup.Totals[order] != 0)
                .Select(order => (Year: (long)rollup.Year, Metric: _metricIds[order], rollup.Region, rollup.Level, Total: rollup.Totals[order], Reporters: rollup.Reporters[order])))
            .ToList();
        const string OnConflict = "ON CONFLICT (year, metric_id, region, level) DO UPDATE SET total = rollups.total + excluded.total, reporters = rollups.reporters + excluded.reporters";
        if (_connection is SqliteConnection)
        {
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = _transaction;
            upsert.CommandText = $"INSERT INTO rollups (year, metric_id, region, level, total, reporters) VALUES (@year, @metric, @region, @level, @total, @reporters) {OnConflict}";
            var p = AnalyticsDatabase.AddParameters(upsert, "@year", "@metric", "@region", "@level", "@total", "@reporters");
            foreach (var change in changes)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = change;
                upsert.ExecuteNonQuery();
            }
        }
        else
        {
            // One statement for all: a batch touches thousands of (year, metric, region, level) groups, and one
            // round trip to the server each made the rollups most of a PostgreSQL commit. The groups are distinct,
            // as ON CONFLICT needs within one statement.
            _connection.Execute(
                $"""
                INSERT INTO rollups (year, metric_id, region, level, total, reporters)
                SELECT * FROM unnest(@years, @metrics, @regions, @levels, @totals, @reporters)
                {OnConflict}
                """,
                new
                {
                    years = changes.Select(c => c.Year).ToArray(),
                    metrics = changes.Select(c => c.Metric).ToArray(),
                    regions = changes.Select(c => c.Region).ToArray(),
                    levels = changes.Select(c => c.Level).ToArray(),
                    totals = changes.Select(c => c.Total).ToArray(),
                    reporters = changes.Select(c => c.Reporters).ToArray(),
                },
                _transaction);
        }
        _connection.Execute("DELETE FROM rollups WHERE reporters = 0", transaction: _transaction);
    }

    /// <summary>
    /// Moves the replaced revisions' indicator parts out of the indicator rollups and the new ones in, as
    /// <see cref="UpdateRollups"/> does for the metrics: the work follows the batch, not the years it touches.
    /// </summary>
    private void UpdateIndicatorRollups()
    {
        var changes = new Dictionary<(int Rollup, string Indicator), (double Numerator, double Denominator, long Reporters)>();
        using (var parts = _connection.CreateCommand())
        {
            parts.Transaction = _transaction;
            parts.CommandText =
                """
                SELECT s.rollup, i.indicator, i.numerator, i.denominator, 1 FROM batch_slots s JOIN revision_indicators i ON i.revision_id = s.revision_id
                UNION ALL
                SELECT s.rollup, i.indicator, i.numerator, i.denominator, -1 FROM batch_slots s JOIN revision_indicators i ON i.revision_id = s.previous_revision_id
                """;
            using var rows = parts.ExecuteReader();
            while (rows.Read())
            {
                var key = ((int)rows.GetInt64(0), rows.GetString(1));
                var sign = rows.GetInt64(4);
                var (numerator, denominator, reporters) = changes.GetValueOrDefault(key);
                changes[key] = (numerator + sign * rows.GetDouble(2), denominator + sign * rows.GetDouble(3), reporters + sign);
            }
        }
        using var upsert = _connection.CreateCommand();
        upsert.Transaction = _transaction;
        upsert.CommandText =
            """
            INSERT INTO indicator_rollups (year, indicator, region, level, numerator, denominator, reporters)
            VALUES (@year, @indicator, @region, @level, @numerator, @denominator, @reporters)
            ON CONFLICT (year, indicator, region, level) DO UPDATE SET numerator = indicator_rollups.numerator + excluded.numerator,
                denominator = indicator_rollups.denominator + excluded.denominator, reporters = indicator_rollups.reporters + excluded.reporters
            """;
        var p = AnalyticsDatabase.AddParameters(upsert, "@year", "@indicator", "@region", "@level", "@numerator", "@denominator", "@reporters");
        foreach (var ((index, indicator), (numerator, denominator, reporters)) in changes)
        {
            var rollup = _rollupList[index];
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value, p[6].Value) =
                ((long)rollup.Year, indicator, rollup.Region, rollup.Level, numerator, denominator, reporters);
            upsert.ExecuteNonQuery();
        }
        _connection.Execute("DELETE FROM indicator_rollups WHERE reporters = 0", transaction: _transaction);
    }

    /// <summary>The provenance of the cells not read from their own table cell, before the findings that quote it.</summary>
    private void WriteSources()
    {
        if (_sources.Count == 0)
        {
            return;
        }
        using var insert = _connection.CreateCommand();
        insert.Transaction = _transaction;
        insert.CommandText =
            """
            INSERT INTO cell_sources (revision_id, metric_id, source, note, note_zh) VALUES (@revision, @metric, @source, @note, @noteZh)
            ON CONFLICT (revision_id, metric_id) DO UPDATE SET source = excluded.source, note = excluded.note, note_zh = excluded.note_zh
            """;
        var p = AnalyticsDatabase.AddParameters(insert, "@revision", "@metric", "@source", "@note", "@noteZh");
        foreach (var (revision, metric, source, ambiguity) in _sources)
        {
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) =
                (revision, metric, (long)source, (object?)ambiguity?.Describe() ?? DBNull.Value, (object?)ambiguity?.DescribeZh() ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Rebuilds the metric rollups of the given years (all years when null) from the current revisions' cells.</summary>
    public static void RebuildRollups(DbConnection connection, DbTransaction transaction, IEnumerable<int>? years)
    {
        var only = years?.Distinct().Select(y => (long)y).ToArray();
        connection.Execute(
            $"""
            DELETE FROM rollups {(only is null ? "" : "WHERE " + AnalyticsDatabase.In(connection, "year", "@only"))};
            INSERT INTO rollups (year, metric_id, region, level, total, reporters)
            SELECT r.year, c.metric_id, coalesce(a.region, ''), coalesce(a.level, ''), sum(c.value), count(*)
            FROM reports r JOIN agencies a ON a.id = r.agency_id
            JOIN cell_values c ON c.revision_id = r.current_revision_id AND c.state = 0
            {(only is null ? "" : "WHERE " + AnalyticsDatabase.In(connection, "r.year", "@only"))}
            GROUP BY r.year, c.metric_id, coalesce(a.region, ''), coalesce(a.level, '');
            """, new { only }, transaction);
    }

    /// <summary>
    /// Rebuilds the indicator rollups of the given years (all years when null) from the current revisions. A
    /// year holds one row per report, so this reads at most a year's reports rather than their cells.
    /// </summary>
    public static void RebuildIndicatorRollups(DbConnection connection, DbTransaction transaction, IEnumerable<int>? years)
    {
        var only = years?.Distinct().Select(y => (long)y).ToArray();
        var where = only is null ? "" : "WHERE " + AnalyticsDatabase.In(connection, "r.year", "@only");
        connection.Execute(
            $"""
            DELETE FROM indicator_rollups {(only is null ? "" : "WHERE " + AnalyticsDatabase.In(connection, "year", "@only"))};
            INSERT INTO indicator_rollups (year, indicator, region, level, numerator, denominator, reporters)
            SELECT r.year, i.indicator, coalesce(a.region, ''), coalesce(a.level, ''), sum(i.numerator), sum(i.denominator), count(*)
            FROM reports r
            JOIN agencies a ON a.id = r.agency_id
            JOIN revision_indicators i ON i.revision_id = r.current_revision_id
            {where}
            GROUP BY r.year, i.indicator, coalesce(a.region, ''), coalesce(a.level, '');
            """, new { only }, transaction);
    }

    public void Rollback()
    {
        if (!_done)
        {
            _transaction.Rollback();
            _done = true;
        }
    }

    public void Dispose()
    {
        Rollback();
        _statements?.Dispose();
        _cells.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
    }
}

/// <summary>The batch was loaded (by another worker) while this load ran: this one is rolled back whole.</summary>
public sealed class BatchAlreadyLoadedException(long batchId) : Exception($"Batch {batchId} was loaded by another worker meanwhile; this load kept nothing.")
{
    public long BatchId { get; } = batchId;
}
