using System.Data.Common;
using Analytics.Core.Catalog;
using Analytics.Core.Reading;
using Microsoft.Data.Sqlite;

namespace Analytics.Core.Storage;

public sealed partial class BatchWriter
{
    /// <summary>
    /// How many agency-years stay in memory at once. Past it, their state goes to the temp table batch_slots and
    /// memory starts over, so a file of a million agency-years needs no more memory than one of ten thousand. A
    /// file in (agency, year) order never comes back to a slot it left; one that does finds it in the table.
    /// </summary>
    internal const int OpenSlots = 8_192;

    /// <summary>One agency-year of this batch: the new revision and what the commit needs to know about it.</summary>
    private sealed class Slot
    {
        public long ReportId;
        public long RevisionId;

        /// <summary>The revision this batch replaces (null for a new agency-year): its numbers leave the rollups.</summary>
        public long? PreviousRevisionId;

        /// <summary>The rollup group (year, region, level) this agency-year's numbers add to.</summary>
        public required Rollup Rollup;
        public FormatVersions Allowed = FormatVersions.Both;
        public int Year;

        /// <summary>Whether blank cells of a version-specific metric were stored before the version was known.</summary>
        public bool Blanks;
        public int Values;

        public string Version => (Allowed == FormatVersions.Both ? FormatVersionNames.DefaultForYear(Year) : Allowed).ToName();
    }

    private readonly Dictionary<(string Agency, int Year), Slot> _open = [];
    private int _agencyYears;
    private Statements? _statements;

    /// <summary>The per-agency-year statements, prepared once for the whole batch (a new command per call costs a parse each).</summary>
    private sealed class Statements(DbConnection connection, DbTransaction transaction) : IDisposable
    {
        public readonly Statement Report = new(connection, transaction,
            """
            SELECT r.id, r.current_revision_id, s.revision_id, s.previous_revision_id, s.rollup, s.allowed, s.blanks, s.value_count
            FROM reports r LEFT JOIN batch_slots s ON s.report_id = r.id
            WHERE r.agency_id = @agency AND r.year = @year
            """, "@agency", "@year");

        public readonly Statement NewReport = new(connection, transaction,
            "INSERT INTO reports (agency_id, year) VALUES (@agency, @year) RETURNING id", "@agency", "@year");

        public readonly Statement NewRevision = new(connection, transaction,
            """
            INSERT INTO revisions (report_id, number, batch_id, format_version, value_count, created_at)
            VALUES (@report, (SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE report_id = @report), @batch, '', 0, @now)
            RETURNING id
            """, "@report", "@batch", "@now");

        public readonly Statement Agency = new(connection, transaction,
            """
            INSERT INTO agencies (name, code, region, level) VALUES (@name, @code, @region, @level)
            ON CONFLICT (name) DO UPDATE SET
                code = coalesce(excluded.code, agencies.code), region = coalesce(excluded.region, agencies.region),
                level = coalesce(excluded.level, agencies.level)
            RETURNING id, region, level
            """, "@name", "@code", "@region", "@level");

        public readonly Statement AgencyBefore = new(connection, transaction,
            "SELECT region, level FROM agencies WHERE name = @name", "@name");

        public readonly Statement Spill = new(connection, transaction,
            """
            INSERT INTO batch_slots (revision_id, report_id, previous_revision_id, rollup, allowed, blanks, value_count, version)
            VALUES (@revision, @report, @previous, @rollup, @allowed, @blanks, @values, @version)
            ON CONFLICT (revision_id) DO UPDATE SET
                allowed = excluded.allowed, blanks = excluded.blanks, value_count = excluded.value_count, version = excluded.version
            """, "@revision", "@report", "@previous", "@rollup", "@allowed", "@blanks", "@values", "@version");

        public void Dispose()
        {
            foreach (var statement in (Statement[])[Report, NewReport, NewRevision, Agency, AgencyBefore, Spill])
            {
                statement.Dispose();
            }
        }
    }

    /// <summary>One command reused for every call, its parameters bound by position.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _parameters;

        public Statement(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = sql;
            _parameters = AnalyticsDatabase.AddParameters(_command, names);
        }

        private DbCommand Bind(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }
            return _command;
        }

        public object? Scalar(params object?[] values) => Bind(values).ExecuteScalar();

        public void Execute(params object?[] values) => Bind(values).ExecuteNonQuery();

        public DbDataReader Reader(params object?[] values) => Bind(values).ExecuteReader();

        public void Dispose() => _command.Dispose();
    }

    /// <summary>Creates the batch's slot table (a temp table: it lives with the connection, and no other reads it).</summary>
    private void CreateSlotTable()
    {
        using (var create = _connection.CreateCommand())
        {
            create.Transaction = _transaction;
            create.CommandText =
                $"""
                CREATE TEMP TABLE IF NOT EXISTS batch_slots (
                    revision_id bigint PRIMARY KEY, report_id bigint NOT NULL UNIQUE, previous_revision_id bigint,
                    rollup bigint NOT NULL, allowed bigint NOT NULL, blanks bigint NOT NULL, value_count bigint NOT NULL,
                    version text NOT NULL){(_connection is SqliteConnection ? " WITHOUT ROWID" : "")};
                DELETE FROM batch_slots;
                """;
            create.ExecuteNonQuery();
        }
        _statements = new Statements(_connection, _transaction);
    }

    private Slot SlotFor(in AgencyRef agency, int year)
    {
        if (_open.TryGetValue((agency.Name, year), out var slot))
        {
            if (!_agencies[agency.Name].Applied.Equals(agency))
            {
                AgencyId(agency);
            }
            return slot;
        }
        if (_open.Count >= OpenSlots)
        {
            SpillSlots();
        }
        var agencyId = AgencyId(agency);
        var (_, _, region, level) = _agencies[agency.Name];
        var rollup = RollupFor(year, region, level);
        long? reportId = null, current = null;
        using (var reader = _statements!.Report.Reader(agencyId, (long)year))
        {
            if (reader.Read())
            {
                reportId = reader.GetInt64(0);
                current = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                if (!reader.IsDBNull(2))
                {
                    // This batch met the agency-year before, and its slot went to the table: take it back.
                    slot = new Slot
                    {
                        ReportId = reportId.Value, RevisionId = reader.GetInt64(2), PreviousRevisionId = reader.IsDBNull(3) ? null : reader.GetInt64(3),
                        Rollup = _rollupList[(int)reader.GetInt64(4)], Allowed = (FormatVersions)reader.GetInt64(5), Blanks = reader.GetInt64(6) != 0,
                        Values = (int)reader.GetInt64(7), Year = year,
                    };
                }
            }
        }
        if (slot is not null)
        {
            _cells.Restore(slot.RevisionId, _connection, _transaction, _orderById);
            return _open[(agency.Name, year)] = slot;
        }
        reportId ??= Convert.ToInt64(_statements.NewReport.Scalar(agencyId, (long)year), System.Globalization.CultureInfo.InvariantCulture);
        var revisionId = Convert.ToInt64(_statements.NewRevision.Scalar(reportId, _batchId, _now), System.Globalization.CultureInfo.InvariantCulture);
        _agencyYears++;
        return _open[(agency.Name, year)] = new Slot { ReportId = reportId.Value, RevisionId = revisionId, Year = year, PreviousRevisionId = current, Rollup = rollup };
    }

    private Rollup RollupFor(int year, string region, string level)
    {
        if (!_rollups.TryGetValue((year, region, level), out var rollup))
        {
            _rollups[(year, region, level)] = rollup = new Rollup(_rollupList.Count, year, region, level);
            _rollupList.Add(rollup);
        }
        return rollup;
    }

    private long AgencyId(in AgencyRef agency)
    {
        if (_agencies.TryGetValue(agency.Name, out var known) && known.Applied.Equals(agency))
        {
            return known.Id;
        }
        // An agency that moves region or level moves its figures between rollup groups: rebuild them at commit.
        if ((agency.Region ?? agency.Level) is not null && !_rebuildRollups)
        {
            using var before = _statements!.AgencyBefore.Reader(agency.Name);
            _rebuildRollups = before.Read()
                && ((agency.Region is not null && agency.Region != (before.IsDBNull(0) ? null : before.GetString(0)))
                    || (agency.Level is not null && agency.Level != (before.IsDBNull(1) ? null : before.GetString(1))));
        }
        // Attributes a file gives (code, region, level) update the agency; attributes it leaves out are kept.
        using var row = _statements!.Agency.Reader(agency.Name, agency.Code, agency.Region, agency.Level);
        row.Read();
        var id = row.GetInt64(0);
        _agencies[agency.Name] = (id, agency, row.IsDBNull(1) ? "" : row.GetString(1), row.IsDBNull(2) ? "" : row.GetString(2));
        return id;
    }

    /// <summary>Writes every open slot's state to batch_slots and forgets them (and the agencies they named).</summary>
    private void SpillSlots()
    {
        foreach (var slot in _open.Values)
        {
            _statements!.Spill.Execute(slot.RevisionId, slot.ReportId, slot.PreviousRevisionId, (long)slot.Rollup.Index, (long)slot.Allowed,
                slot.Blanks ? 1L : 0L, (long)slot.Values, slot.Version);
            _cells.Forget(slot.RevisionId);
        }
        _open.Clear();
        _agencies.Clear();
    }
}
