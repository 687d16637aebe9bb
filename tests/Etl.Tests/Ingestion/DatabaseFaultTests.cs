using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Analytics.Etl.Ingestion;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>
/// The database rather than the file fails: another writer holds it, or it has no room. Either way a batch is
/// all or nothing, the outcome says why, and the database stays sound for the next load.
/// </summary>
public class DatabaseFaultTests
{
    private const string Small = "agency,year,metric,value\nA,2023,ch.website,5\n";

    // One attempt waits about a second (Microsoft.Data.Sqlite's own loop counts whole seconds), so three take ~4 s.
    private static readonly WriteSettings Impatient = new() { BusyTimeout = TimeSpan.FromSeconds(1), BusyRetries = 2, BusyBackoff = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public void AnImportThatFindsTheDatabaseBusyThroughEveryRetryIsInterruptedAndChangesNothing()
    {
        // SQLite only: the other writer is a BEGIN IMMEDIATE on the file, which blocks even recording a batch.
        using var w = Workspace.OnSqlite(Impatient);
        var pauses = new List<TimeSpan>();
        w.Database.WaitingForWriter += (_, pause) => pauses.Add(pause);
        var path = w.Write("a.csv", Small);

        IngestResult result;
        using (HoldWriteLock(w.Database))
        {
            result = w.Import(path);
        }

        // Not even the batch could be recorded while the other writer held the database; the result says why.
        Assert.Equal((BatchStore.Statuses.Interrupted, 0L), (result.Status, result.BatchId));
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCode.DatabaseBusy, error.Code);
        Assert.Equal(
            "the database was busy with another writer and still busy after 3 attempts, so nothing was loaded. The file is kept: the inbox tries it again by itself; otherwise load it again later.",
            error.Message);
        Assert.StartsWith("数据库正被另一个写入程序占用，尝试 3 次后仍然繁忙", error.MessageZh);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], pauses);
        Assert.Empty(w.Pipeline.Batches.List());
        Assert.Equal("agency,year,metric,value\n", w.Export());

        Assert.Equal(BatchStore.Statuses.Loaded, w.Import(path).Status);
        Assert.Equal("agency,year,metric,value\nA,2023,ch.website,5\n", w.Export());
    }

    [Fact]
    public void AnImportRetriesAfterAPauseAndLoadsOnceTheOtherWriterIsDone()
    {
        // SQLite only: the other writer is a BEGIN IMMEDIATE on the file, which blocks even recording a batch.
        using var w = Workspace.OnSqlite(Impatient with { BusyRetries = 5 });
        var path = w.Write("a.csv", Small);
        var other = HoldWriteLock(w.Database);
        // The other writer finishes while the loader pauses after its first busy attempt.
        var attempts = new List<int>();
        w.Database.WaitingForWriter += (attempt, _) =>
        {
            attempts.Add(attempt);
            other.Dispose();
        };

        var result = w.Import(path);

        Assert.Equal(BatchStore.Statuses.Loaded, result.Status);
        Assert.Equal([1], attempts);
        Assert.Equal([BatchStore.Statuses.Loaded], w.Pipeline.Batches.List().Select(b => b.Status));
    }

    [Fact]
    public void ABatchWhoseTransactionFindsTheDatabaseBusyIsRecordedInterruptedWithTheReasonOnceItCanBe()
    {
        // SQLite only: the other writer is a BEGIN IMMEDIATE on the file, which blocks even recording a batch.
        using var w = Workspace.OnSqlite(Impatient);
        var path = w.Write("a.csv", Small);
        SqliteConnection? other = null;

        // The other writer takes the database after the batch was recorded, just before its transaction begins.
        var result = w.Pipeline.Ingest(IngestRequest.ForFile(path, "test"), p =>
        {
            if (p.Stage == BatchStore.Statuses.Reading)
            {
                other ??= HoldWriteLock(w.Database);
            }
        });
        Assert.Equal(BatchStore.Statuses.Interrupted, result.Status);
        Assert.Equal(BatchStore.Statuses.Reading, w.Pipeline.Batches.Get(result.BatchId)!.Status);
        other!.Dispose();

        // The next load, now that the database is free, first writes down why the earlier batch stopped.
        var again = w.Import(path);

        Assert.Equal(BatchStore.Statuses.Loaded, again.Status);
        var stopped = w.Pipeline.Batches.Get(result.BatchId)!;
        Assert.Equal((BatchStore.Statuses.Interrupted, 1L), (stopped.Status, stopped.ErrorCount));
        Assert.Equal(nameof(ErrorCode.DatabaseBusy), Assert.Single(w.Pipeline.Batches.Errors(result.BatchId)).Code);
        Assert.Equal("agency,year,metric,value\nA,2023,ch.website,5\n", w.Export());
    }

    [Fact]
    public void ABatchThatFillsTheDatabaseIsRejectedWholeAndSmallerLoadsStillWork()
    {
        // SQLite only: the full disk is SQLite's page cap (MaxPages), and the soundness check its integrity_check.
        using var w = Workspace.OnSqlite();
        Assert.Equal(BatchStore.Statuses.Loaded, w.Import(w.Write("first.csv", Small)).Status);
        var before = w.Export();
        long pages;
        using (var connection = w.Database.OpenRead())
        {
            pages = connection.ExecuteScalar<long>("PRAGMA page_count");
        }
        // A cap 20 pages (320 KiB) above the current size: room for small loads, not for 40 000 values.
        var capped = new AnalyticsDatabase(w.Database.Path, new WriteSettings { MaxPages = pages + 20 });
        var pipeline = new IngestionPipeline(capped);
        var large = Path.Combine(w.Folder, "large.csv");
        using (var writer = new StreamWriter(large))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(50), 2019, 2022));
        }

        var result = pipeline.Ingest(IngestRequest.ForFile(large, "test"));

        Assert.Equal(BatchStore.Statuses.Rejected, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCode.StorageFull, error.Code);
        Assert.Equal("the disk or the database is full, so nothing of this file was loaded. Free disk space (or raise the database size limit), then load the file again.", error.Message);
        Assert.StartsWith("磁盘或数据库已满，本文件的数据均未载入", error.MessageZh);
        Assert.Equal(nameof(ErrorCode.StorageFull), Assert.Single(pipeline.Batches.Errors(result.BatchId)).Code);
        // Nothing of it is visible: no values, agencies or revisions, and the file is sound.
        Assert.Equal(before, w.Export());
        using (var connection = w.Database.OpenRead())
        {
            Assert.Equal("ok", connection.ExecuteScalar<string>("PRAGMA integrity_check"));
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM agencies"));
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"));
        }

        // Still under the cap, a small file loads.
        var small = pipeline.Ingest(IngestRequest.ForFile(w.Write("second.csv", "agency,year,metric,value\nB,2023,ch.website,7\n"), "test"));
        Assert.Equal(BatchStore.Statuses.Loaded, small.Status);
        Assert.Equal(before + "B,2023,ch.website,7\n", w.Export());
    }

    /// <summary>Another writer, as a second loader or a sqlite3 shell would be: holds the write lock until disposed.</summary>
    internal static SqliteConnection HoldWriteLock(AnalyticsDatabase database)
    {
        var connection = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        connection.Open();
        connection.Execute("BEGIN IMMEDIATE");
        return connection;
    }
}
