using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Analytics.Core.Validation;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Analytics.Core.Storage;

public sealed partial class BatchWriter
{
    /// <summary>
    /// Replaces the findings of the given reports and of the next year of the same agencies (whose year-chain
    /// rules R6/R7 read these). Streams values in (agency, year) order, holding only two agency-years at a time.
    /// Returns how many findings the given reports themselves have.
    /// </summary>
    public static int RecomputeFindings(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> reportIds)
    {
        connection.Execute(
            """
            CREATE TEMP TABLE IF NOT EXISTS touched (report_id INTEGER PRIMARY KEY, own INTEGER NOT NULL);
            DELETE FROM temp.touched;
            """, transaction: transaction);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO temp.touched (report_id, own) VALUES ($id, 1)";
            var id = insert.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
            insert.Prepare();
            foreach (var reportId in reportIds)
            {
                id.Value = reportId;
                insert.ExecuteNonQuery();
            }
        }
        connection.Execute(
            """
            INSERT OR IGNORE INTO temp.touched (report_id, own)
            SELECT next.id, 0 FROM temp.touched t
            JOIN reports r ON r.id = t.report_id
            JOIN reports next ON next.agency_id = r.agency_id AND next.year = r.year + 1;
            DELETE FROM findings WHERE report_id IN (SELECT report_id FROM temp.touched);
            """, transaction: transaction);

        var metricsById = connection.Query<(long Id, string Code)>("SELECT id, code FROM metrics", transaction: transaction)
            .Where(m => MetricCatalog.TryGet(m.Code, out _))
            .ToDictionary(m => m.Id, m => MetricCatalog.Get(m.Code));

        using var insertFinding = connection.CreateCommand();
        insertFinding.Transaction = transaction;
        insertFinding.CommandText =
            """
            INSERT INTO findings (report_id, revision_id, rule, severity, subject, left_value, right_value, message, message_zh)
            VALUES ($report, $revision, $rule, $severity, $subject, $left, $right, $message, $messageZh)
            """;
        foreach (var name in new[] { "$report", "$revision", "$rule", "$severity", "$subject", "$left", "$right", "$message", "$messageZh" })
        {
            insertFinding.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        insertFinding.Prepare();

        // The touched reports and the year before each (for R6/R7), in agency then year order.
        using var values = connection.CreateCommand();
        values.Transaction = transaction;
        values.CommandText =
            """
            SELECT r.id, r.agency_id, r.year, r.format_version, r.current_revision_id, t.own, c.metric_id, c.state, c.value
            FROM reports r
            LEFT JOIN temp.touched t ON t.report_id = r.id
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            WHERE r.id IN (SELECT report_id FROM temp.touched)
               OR r.id IN (SELECT prev.id FROM temp.touched t2 JOIN reports cur ON cur.id = t2.report_id
                           JOIN reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1)
            ORDER BY r.agency_id, r.year
            """;

        var own = 0;
        long currentId = -1, currentAgency = -1, currentRevision = 0;
        bool? currentOwn = null;
        ReportValues? current = null;
        ReportValues? previous = null;
        long previousAgency = -1;

        void Flush()
        {
            if (current is null)
            {
                return;
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

        using (var reader = values.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (id != currentId)
                {
                    Flush();
                    currentId = id;
                    currentAgency = reader.GetInt64(1);
                    currentRevision = reader.GetInt64(4);
                    currentOwn = reader.IsDBNull(5) ? null : reader.GetInt64(5) == 1;
                    var version = reader.IsDBNull(3) ? FormatVersionNames.DefaultForYear(reader.GetInt32(2)) : FormatVersionNames.Parse(reader.GetString(3));
                    current = new ReportValues(reader.GetInt32(2), version);
                }
                if (metricsById.TryGetValue(reader.GetInt64(6), out var metric))
                {
                    current!.Set(metric, (CellState)reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetDouble(8));
                }
            }
        }
        Flush();
        return own;
    }
}
