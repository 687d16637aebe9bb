using System.Data.Common;
using System.Globalization;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>
/// A SQLite store with a history (the demo data, a correction rolled back and loaded again, a rejected file, a
/// duplicate, a user) copied into PostgreSQL: the same rows and ids in every table, and a copy that goes on from there.
/// </summary>
public class StoreCopyTests
{
    private const string First = """
        agency,year,metric,value,region,level
        甲局,2022,t3.new_received.total,10,甲省,市级
        甲局,2023,t3.new_received.total,12,甲省,市级
        乙局,2023,t3.new_received.total,5,乙省,县级
        """;

    // Corrects 甲局 2023 (a second revision) and brings 丙局 2024.
    private const string Second = """
        agency,year,metric,value
        甲局,2023,t3.new_received.total,20
        丙局,2024,t3.new_received.total,7
        """;

    /// <summary>Loads the history into the workspace's SQLite file.</summary>
    private static void LoadHistory(Workspace w)
    {
        foreach (var sample in Directory.GetFiles(Samples()).Order(StringComparer.Ordinal))
        {
            Assert.Equal(BatchStore.Statuses.Loaded, w.Import(sample).Status);
        }
        var first = w.Write("first.csv", First);
        w.Import(first);
        var second = w.Write("second.csv", Second);
        new BatchRollback(w.Database).Rollback(w.Import(second).BatchId, "admin");
        Assert.Equal(BatchStore.Statuses.Loaded, w.Import(second).Status);
        Assert.Equal(BatchStore.Statuses.Rejected, w.Import(Workspace.Fixture("errors", "not_a_number.csv")).Status);
        Assert.Equal(BatchStore.Statuses.Duplicate, w.Import(first).Status);
        new UserStore(w.Database).Add("李明", Roles.Uploader, "correct horse battery staple", "admin");
        // batch_files is the uploads' queue (empty on SQLite today): one row, every byte value, proves bytea copies.
        using var connection = w.Database.OpenWrite();
        connection.Execute("INSERT INTO batch_files (batch_id, content) VALUES (1, @content)", new { content = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray() });
    }

    [Fact]
    public void CopiesEveryTableWithItsIdsIntoANewDatabaseAndBothGiveTheSameExport()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        LoadHistory(w);
        using var postgres = ScratchPostgres.Named();
        var target = new AnalyticsDatabase(postgres.ConnectionString);
        var progress = new List<CopyProgress>();

        var copied = new StoreCopy(w.Database, target).Copy(progress.Add);

        Assert.True(postgres.Exists());
        Assert.Equal(StoreCopy.Tables, progress.Where(p => p.Done).Select(p => p.Table));
        var comparison = new StoreCopy(w.Database, target).Compare();
        Assert.True(comparison.Matches, string.Join("; ", comparison.Counts.Select(c => $"{c.Table} {c.Source}/{c.Target}")));
        Assert.Equal(comparison.SourceExport, comparison.TargetExport);
        Assert.Equal(copied, comparison.Counts);
        foreach (var table in StoreCopy.Tables)
        {
            Assert.Equal(Rows(w.Database, table), Rows(target, table));
        }
        // The history the tables above compare, spelled out.
        using var connection = target.OpenRead();
        Assert.Equal(
            [(1L, "loaded"), (2L, "loaded"), (3L, "loaded"), (4L, "loaded"), (5L, "rolled_back"), (6L, "loaded"), (7L, "rejected"), (8L, "duplicate")],
            connection.Query<(long, string)>("SELECT id, status FROM batches ORDER BY id"));
        Assert.Equal(4, connection.ExecuteScalar<long>("SELECT duplicate_of FROM batches WHERE id = 8"));
        Assert.Equal(
            [(5L, 2L), (6L, 3L)],
            connection.Query<(long, long)>("SELECT v.batch_id, v.number FROM revisions v JOIN reports r ON r.id = v.report_id JOIN agencies a ON a.id = r.agency_id WHERE a.name = '甲局' AND r.year = 2023 AND v.number > 1 ORDER BY v.id"));
        Assert.Equal(["rollback", "user.add"], connection.Query<string>("SELECT action FROM audit_log ORDER BY id"));
        Assert.NotEqual(0, connection.ExecuteScalar<long>("SELECT count(*) FROM batch_errors WHERE batch_id = 7"));
    }

    [Fact]
    public void ANewLoadInTheCopyTakesTheIdsAfterTheLargestCopied()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        LoadHistory(w);
        using var postgres = ScratchPostgres.Create();
        var target = new AnalyticsDatabase(postgres.ConnectionString);
        new StoreCopy(w.Database, target).Copy();
        var before = Largest(target);

        var result = new IngestionPipeline(target).Ingest(IngestRequest.ForFile(w.Write("third.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,30\n丁局,2024,t3.new_received.total,2\n"), "test"));
        new UserStore(target).Add("王芳", Roles.Viewer, "correct horse battery staple", "admin");
        new BatchRollback(target).Rollback(result.BatchId, "admin");

        Assert.Equal(BatchStore.Statuses.Loaded, result.Status);
        Assert.Equal(before["batches"] + 1, result.BatchId);
        using var connection = target.OpenRead();
        foreach (var table in new[] { "agencies", "batches", "reports", "revisions", "users", "audit_log" })
        {
            // Every row added came after the copied ones (a sequence left at 1 would have clashed with them). Plain
            // inserts take the very next id; an upsert (agencies, reports) may use one up on a row that exists.
            var added = connection.Query<long>($"SELECT id FROM {table} WHERE id > @largest ORDER BY id", new { largest = before[table] }).AsList();
            Assert.True(added.Count > 0, $"{table}: nothing added");
            Assert.Equal(connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}"), Rows(w.Database, table).Count + added.Count);
            if (table is "batches" or "revisions" or "users" or "audit_log")
            {
                Assert.Equal(before[table] + 1, added[0]);
            }
        }
    }

    [Fact]
    public void ASecondCopyIntoTheSameDatabaseIsRefusedAndChangesNothing()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        LoadHistory(w);
        using var postgres = ScratchPostgres.Create();
        var target = new AnalyticsDatabase(postgres.ConnectionString);
        new StoreCopy(w.Database, target).Copy();
        var before = StoreCopy.Tables.ToDictionary(t => t, t => Rows(target, t));
        var sequences = Sequences(target);

        var refused = Assert.Throws<StoreCopyRefusedException>(() => new StoreCopy(w.Database, target).Copy());

        Assert.Contains("already holds 8 batch(es); nothing was copied", refused.Message);
        Assert.Contains("目标数据库已有 8 个批次", refused.Message);
        foreach (var table in StoreCopy.Tables)
        {
            Assert.Equal(before[table], Rows(target, table));
        }
        Assert.Equal(sequences, Sequences(target));
        Assert.True(new StoreCopy(w.Database, target).Compare().Matches);
    }

    [Fact]
    public void ADatabaseWithAUserButNoBatchIsRefusedToo()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        w.Import(w.Write("first.csv", First));
        using var postgres = ScratchPostgres.Create();
        var target = new AnalyticsDatabase(postgres.ConnectionString);
        target.Migrate();
        // What a dashboard started on the new database first leaves: its first admin.
        new UserStore(target).EnsureFirstAdmin();

        var refused = Assert.Throws<StoreCopyRefusedException>(() => new StoreCopy(w.Database, target).Copy());

        Assert.Contains("already holds data (in users, audit_log)", refused.Message);
        using var connection = target.OpenRead();
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM batches"));
    }

    [Fact]
    public void ACopyThatFailsHalfwayLeavesNoRowBehindAndCanBeRunAgain()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        LoadHistory(w);
        using (var sqlite = w.Database.OpenWrite())
        {
            // PostgreSQL text cannot hold U+0000: the COPY of cell_values fails after the tables before it went in.
            sqlite.Execute("UPDATE cell_values SET raw = 'a' || char(0) || 'b' WHERE revision_id = (SELECT max(revision_id) FROM cell_values)");
        }
        using var postgres = ScratchPostgres.Create();
        var target = new AnalyticsDatabase(postgres.ConnectionString);

        Assert.ThrowsAny<DbException>(() => new StoreCopy(w.Database, target).Copy());

        foreach (var table in StoreCopy.Tables.Except(["metrics", "data_version"]))
        {
            Assert.Empty(Rows(target, table));
        }
        using (var sqlite = w.Database.OpenWrite())
        {
            sqlite.Execute("UPDATE cell_values SET raw = 'ab' WHERE raw = 'a' || char(0) || 'b'");
        }
        new StoreCopy(w.Database, target).Copy();
        Assert.True(new StoreCopy(w.Database, target).Compare().Matches);
    }

    [Fact]
    public void AMissingSqliteFileIsRefusedAndNotCreated()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        var missing = Path.Combine(w.Folder, "typo.db");
        using var postgres = ScratchPostgres.Named();

        var refused = Assert.Throws<StoreCopyRefusedException>(() => new StoreCopy(new AnalyticsDatabase(missing), new AnalyticsDatabase(postgres.ConnectionString)).Copy());

        Assert.Contains("There is no SQLite database at", refused.Message);
        Assert.False(File.Exists(missing));
        Assert.False(postgres.Exists());
    }

    [Fact]
    public void TheCopyNamesEveryTableOfBothSchemas()
    {
        using var w = Workspace.OnSqlite(); // the copy reads a SQLite file, whichever store the suite runs on
        using var postgres = ScratchPostgres.Create();
        var target = new AnalyticsDatabase(postgres.ConnectionString);
        target.Migrate();

        using var sqlite = w.Database.OpenRead();
        Assert.Equal(
            StoreCopy.Tables.Order(StringComparer.Ordinal),
            sqlite.Query<string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"));
        using var connection = target.OpenRead();
        // schema_version records PostgreSQL's migrations; data_protection_keys belong to the dashboards of this database.
        Assert.Equal(
            StoreCopy.Tables.Concat(["data_protection_keys", "schema_version"]).Order(StringComparer.Ordinal),
            connection.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name COLLATE \"C\""));
    }

    /// <summary>Every row of a table as text, in one order whatever the store: the copy must give back exactly these.</summary>
    private static List<string> Rows(AnalyticsDatabase database, string table)
    {
        using var connection = database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<string>();
        while (reader.Read())
        {
            // By column name: the two stores may list a table's columns in another order.
            rows.Add(string.Join('|', columns.Select((name, i) => (name, i)).OrderBy(c => c.name, StringComparer.Ordinal).Select(c => c.name + "=" + reader.GetValue(c.i) switch
            {
                DBNull => "NULL",
                byte[] bytes => Convert.ToHexString(bytes),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString(),
            })));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static Dictionary<string, long> Largest(AnalyticsDatabase database)
    {
        using var connection = database.OpenRead();
        return new[] { "agencies", "batches", "reports", "revisions", "users", "audit_log" }
            .ToDictionary(t => t, t => connection.ExecuteScalar<long>($"SELECT coalesce(max(id), 0) FROM {t}"));
    }

    private static List<string> Sequences(AnalyticsDatabase database)
    {
        using var connection = database.OpenRead();
        return connection.Query<string>("SELECT sequencename || '=' || coalesce(last_value, 0) FROM pg_sequences ORDER BY sequencename COLLATE \"C\"").AsList();
    }

    /// <summary>The committed demo data, data/samples at the repository's root.</summary>
    private static string Samples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return Path.Combine(dir.FullName, "data", "samples");
            }
        }
        throw new DirectoryNotFoundException("data/samples not found above " + AppContext.BaseDirectory);
    }
}
