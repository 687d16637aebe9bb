using System.Data.Common;
using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Analytics.Core.Validation;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Analytics.Core.Storage;

public sealed partial class BatchWriter
{
    /// <summary>
    /// Replaces the findings of the given reports and of the next year of the same agencies (whose year-chain
    /// rules R6/R7 read these). Streams values in (agency, year) order, holding only two agency-years at a time.
    /// In temp.needed, own is 1 for the given reports, 0 for the years after them, NULL for years read only as "last year".
    /// Returns how many findings the given reports themselves have.
    /// </summary>
    public static int RecomputeFindings(DbConnection connection, DbTransaction transaction, IEnumerable<long> reportIds)
    {
        CreateNeeded(connection, transaction);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                """
                INSERT INTO needed SELECT agency_id, year, id, 1 FROM reports WHERE id = @id
                ON CONFLICT (agency_id, year) DO UPDATE SET report_id = excluded.report_id, own = excluded.own
                """;
            var id = AnalyticsDatabase.AddParameters(insert, "@id")[0];
            foreach (var reportId in reportIds)
            {
                id.Value = reportId;
                insert.ExecuteNonQuery();
            }
        }
        return RecomputeNeeded(connection, transaction);
    }

    /// <summary>The same for this batch's reports, staged straight from batch_slots.</summary>
    private int RecomputeBatchFindings()
    {
        CreateNeeded(_connection, _transaction);
        _connection.Execute(
            "INSERT INTO needed (agency_id, year, report_id, own) SELECT r.agency_id, r.year, r.id, 1 FROM batch_slots s JOIN reports r ON r.id = s.report_id",
            transaction: _transaction);
        return RecomputeNeeded(_connection, _transaction);
    }

    // The touched reports and, for R6/R7, the year before each, keyed so one scan reads them in (agency, year) order.
    private static void CreateNeeded(DbConnection connection, DbTransaction transaction) =>
        connection.Execute(
            $"""
            CREATE TEMP TABLE IF NOT EXISTS needed (
                agency_id bigint NOT NULL, year bigint NOT NULL, report_id bigint NOT NULL, own bigint,
                PRIMARY KEY (agency_id, year)){(connection is SqliteConnection ? " WITHOUT ROWID" : "")};
            DELETE FROM needed;
            """, transaction: transaction);

    /// <summary>Recomputes the findings of the reports staged in temp.needed with own = 1 (see <see cref="RecomputeFindings"/>).</summary>
    private static int RecomputeNeeded(DbConnection connection, DbTransaction transaction)
    {
        connection.Execute(
            """
            INSERT INTO needed (agency_id, year, report_id, own)
            SELECT r.agency_id, r.year, r.id, 0 FROM needed n JOIN reports r ON r.agency_id = n.agency_id AND r.year = n.year + 1
            WHERE n.own = 1
            ON CONFLICT DO NOTHING;
            INSERT INTO needed (agency_id, year, report_id, own)
            SELECT r.agency_id, r.year, r.id, NULL FROM needed n JOIN reports r ON r.agency_id = n.agency_id AND r.year = n.year - 1
            WHERE n.own IS NOT NULL
            ON CONFLICT DO NOTHING;
            DELETE FROM findings WHERE report_id IN (SELECT report_id FROM needed WHERE own IS NOT NULL);
            """, transaction: transaction);

        var metricsById = connection.Query<(long Id, string Code)>("SELECT id, code FROM metrics", transaction: transaction)
            .Where(m => MetricCatalog.TryGet(m.Code, out _))
            .ToDictionary(m => m.Id, m => MetricCatalog.Get(m.Code));

        using var insertFinding = connection.CreateCommand();
        insertFinding.Transaction = transaction;
        insertFinding.CommandText =
            """
            INSERT INTO findings (report_id, revision_id, rule, severity, subject, left_value, right_value, message, message_zh)
            VALUES (@report, @revision, @rule, @severity, @subject, @left, @right, @message, @messageZh)
            """;
        AnalyticsDatabase.AddParameters(insertFinding, "@report", "@revision", "@rule", "@severity", "@subject", "@left", "@right", "@message", "@messageZh");

        // Reports in (agency, year) order; each report's cells through one prepared statement stepped directly.
        var reports = connection.Query<(long Id, long AgencyId, long Year, string? Version, long Revision, long? Own)>(
            """
            SELECT r.id, r.agency_id, r.year, r.format_version, r.current_revision_id, n.own
            FROM needed n JOIN reports r ON r.id = n.report_id
            WHERE r.current_revision_id IS NOT NULL
            ORDER BY n.agency_id, n.year
            """, transaction: transaction,
            // SQLite steps the reports while it writes findings on the same connection, so a million reports are
            // never in memory at once; Npgsql reads one result at a time per connection, so there they are buffered.
            buffered: connection is not SqliteConnection);
        var byId = new Metric?[metricsById.Keys.DefaultIfEmpty(0).Max() + 1];
        foreach (var (metricId, metric) in metricsById)
        {
            byId[metricId] = metric;
        }
        using var cells = new RevisionCells(connection, transaction);

        var own = 0;
        long currentId = -1, currentAgency = -1, currentRevision = 0;
        bool? currentOwn = null;
        ReportValues? current = null;
        ReportValues? previous = null;
        long previousAgency = -1;

        using var insertIndicator = connection.CreateCommand();
        insertIndicator.Transaction = transaction;
        insertIndicator.CommandText =
            """
            INSERT INTO revision_indicators (revision_id, indicator, numerator, denominator) VALUES (@revision, @indicator, @numerator, @denominator)
            ON CONFLICT (revision_id, indicator) DO UPDATE SET numerator = excluded.numerator, denominator = excluded.denominator
            """;
        var ip = AnalyticsDatabase.AddParameters(insertIndicator, "@revision", "@indicator", "@numerator", "@denominator");

        void Flush()
        {
            if (current is null)
            {
                return;
            }
            if (currentOwn == true)
            {
                // The new revision's indicator parts, for rates pooled over many agencies.
                foreach (var indicator in Indicators.All)
                {
                    if (indicator.Parts(code => current[code]) is { } parts)
                    {
                        (ip[0].Value, ip[1].Value, ip[2].Value, ip[3].Value) = (currentRevision, indicator.Code, parts.Numerator, parts.Denominator);
                        insertIndicator.ExecuteNonQuery();
                    }
                }
            }
            if (currentOwn is not null)
            {
                var prior = previousAgency == currentAgency ? previous : null;
                foreach (var f in ConsistencyRules.Evaluate(current, prior))
                {
                    var p = insertFinding.Parameters;
                    p[0].Value = currentId;
                    p[1].Value = currentRevision;
                    p[2].Value = f.Rule;
                    p[3].Value = f.Severity;
                    p[4].Value = f.Subject;
                    p[5].Value = f.Left is { } l ? l : DBNull.Value;
                    p[6].Value = f.Right is { } r ? r : DBNull.Value;
                    p[7].Value = f.Message;
                    p[8].Value = f.MessageZh;
                    insertFinding.ExecuteNonQuery();
                    if (currentOwn == true)
                    {
                        own++;
                    }
                }
            }
            previous = current;
            previousAgency = currentAgency;
        }

        foreach (var report in reports)
        {
            Flush();
            currentId = report.Id;
            currentAgency = report.AgencyId;
            currentRevision = report.Revision;
            currentOwn = report.Own is { } o ? o == 1 : null;
            var year = (int)report.Year;
            current = new ReportValues(year, report.Version is { } v ? FormatVersionNames.Parse(v) : FormatVersionNames.DefaultForYear(year));
            cells.Read(report.Revision, (metricId, state, value) =>
            {
                if (metricId < byId.Length && byId[metricId] is { } metric)
                {
                    current.Set(metric, (CellState)state, value);
                }
            });
        }
        Flush();
        // Both the touched reports and the years after them had their findings deleted above: both get these back.
        AmbiguousSplitFindings(connection, transaction, own: 0);
        return own + AmbiguousSplitFindings(connection, transaction, own: 1);
    }

    /// <summary>
    /// One warning per ambiguous glued-digit split in the touched reports' current revisions, naming the cells and
    /// the alternatives, so no value loaded from a choice goes unremarked. Returns how many were written.
    /// </summary>
    private static int AmbiguousSplitFindings(DbConnection connection, DbTransaction transaction, int own) =>
        connection.Execute(
            $"""
            INSERT INTO findings (report_id, revision_id, rule, severity, subject, left_value, right_value, message, message_zh)
            SELECT r.id, r.current_revision_id, '{ConsistencyRules.AmbiguousSplit}', '{Finding.Warning}', {AnalyticsDatabase.JoinTexts(connection, "m.code", "' '")}, NULL, NULL, s.note, s.note_zh
            FROM needed n
            JOIN reports r ON r.id = n.report_id AND n.own = {own}
            JOIN cell_sources s ON s.revision_id = r.current_revision_id AND s.source = {(int)CellSource.Ambiguous}
            JOIN metrics m ON m.id = s.metric_id
            GROUP BY r.id, r.current_revision_id, s.note, s.note_zh
            """, transaction: transaction);

    /// <summary>
    /// One revision's cells, read again and again for a run of revisions: on SQLite through one prepared statement
    /// stepped directly (no reader objects per revision), on PostgreSQL through a prepared command.
    /// </summary>
    private sealed class RevisionCells : IDisposable
    {
        private const string Sql = "SELECT metric_id, state, value FROM cell_values WHERE revision_id = @revision";
        private readonly sqlite3_stmt? _statement;
        private readonly DbCommand? _command;

        public RevisionCells(DbConnection connection, DbTransaction transaction)
        {
            if (connection is SqliteConnection sqlite)
            {
                Check(raw.sqlite3_prepare_v2(sqlite.Handle, Sql, out _statement));
                return;
            }
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = Sql;
            AnalyticsDatabase.AddParameters(_command, "@revision")[0].Value = 0L;
            _command.Prepare();
        }

        public void Read(long revision, Action<long, int, double?> cell)
        {
            if (_statement is { } stmt)
            {
                raw.sqlite3_bind_int64(stmt, 1, revision);
                while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
                {
                    cell(raw.sqlite3_column_int64(stmt, 0), raw.sqlite3_column_int(stmt, 1),
                        raw.sqlite3_column_type(stmt, 2) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(stmt, 2));
                }
                raw.sqlite3_reset(stmt);
                return;
            }
            _command!.Parameters[0].Value = revision;
            using var reader = _command.ExecuteReader();
            while (reader.Read())
            {
                cell(reader.GetInt64(0), (int)reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
            }
        }

        public void Dispose()
        {
            _statement?.Dispose();
            _command?.Dispose();
        }
    }
}
