using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Analytics.Etl.Tests.Ingestion;
using Analytics.Etl.Worker;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Analytics.Etl.Tests.Worker;

public sealed class InboxSweeperTests : IDisposable
{
    private readonly Workspace _w = new();
    private readonly AnalyticsOptions _options;
    private readonly InboxSweeper _sweeper;

    public InboxSweeperTests()
    {
        _options = new AnalyticsOptions { DataDirectory = _w.Folder, Database = _w.Database.Path, SettleTime = TimeSpan.Zero };
        _sweeper = new InboxSweeper(_w.Pipeline, Options.Create(_options), NullLogger<InboxSweeper>.Instance);
        Directory.CreateDirectory(_options.Inbox);
    }

    public void Dispose() => _w.Dispose();

    private string Drop(string name, string text)
    {
        var path = Path.Combine(_options.Inbox, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-5));
        return path;
    }

    [Fact]
    public void LoadsAFileAndMovesItToTheArchive()
    {
        Drop("good.csv", "agency,year,metric,value\nA,2023,ch.website,5\n");

        _sweeper.Sweep();

        Assert.Empty(Directory.GetFiles(_options.Inbox));
        var archived = Assert.Single(Directory.GetFiles(_options.Archive));
        Assert.EndsWith("-good.csv", archived);
        var batch = Assert.Single(_w.Pipeline.Batches.List());
        Assert.Equal(("loaded", "inbox", archived), (batch.Status, batch.Source, batch.StoredPath));
        Assert.Contains("A,2023,ch.website,5", _w.Export());
    }

    [Fact]
    public void MovesARejectedFileToFailedWithItsErrorReport()
    {
        Drop("bad.csv", "agency,year,metric,value\nA,2023,ch.website,many\n");

        _sweeper.Sweep();

        var failed = Directory.GetFiles(_options.Failed).Order().ToArray();
        Assert.Equal(2, failed.Length);
        Assert.EndsWith("-bad.csv", failed[0]);
        Assert.Equal(failed[0] + ".errors.csv", failed[1]);
        // UTF-8 with a BOM, so Excel on Chinese Windows shows the Chinese messages.
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(failed[1])[..3]);
        var report = File.ReadAllText(failed[1]);
        Assert.StartsWith("file,line,column,column_name,code,value,message,message_zh", report);
        Assert.Contains("bad.csv,2,4,value,NotANumber,many", report);
        Assert.Contains("不是数字", report);
        Assert.Equal("agency,year,metric,value\n", _w.Export());
    }

    [Fact]
    public void LeavesPartialDownloadsAndTempFilesAlone()
    {
        Drop("upload.csv.part", "agency,year");
        Drop("~$book.csv", "lock");
        Drop("copying.tmp", "agency,year");

        _sweeper.Sweep();

        Assert.Equal(3, Directory.GetFiles(_options.Inbox).Length);
        Assert.Empty(_w.Pipeline.Batches.List());
    }

    [Fact]
    public void WaitsUntilAFileHasStoppedGrowing()
    {
        var options = new AnalyticsOptions { DataDirectory = _w.Folder, Database = _w.Database.Path, SettleTime = TimeSpan.FromSeconds(30) };
        var sweeper = new InboxSweeper(_w.Pipeline, Options.Create(options), NullLogger<InboxSweeper>.Instance);
        File.WriteAllText(Path.Combine(options.Inbox, "growing.csv"), "agency,year,metric,value\n");

        Assert.True(sweeper.Sweep());
        Assert.Single(Directory.GetFiles(options.Inbox));
        Assert.Empty(_w.Pipeline.Batches.List());
    }

    [Fact]
    public void AFileStillInTheInboxAfterItsBatchCommittedIsRecordedAsADuplicate()
    {
        // As after a crash between commit and move: the content is already loaded.
        var path = Drop("again.csv", "agency,year,metric,value\nA,2023,ch.website,5\n");
        _w.Import(path);
        var before = _w.Export();

        _sweeper.Sweep();

        Assert.Equal(before, _w.Export());
        Assert.Equal(["duplicate", "loaded"], _w.Pipeline.Batches.List().Select(b => b.Status));
        Assert.Single(Directory.GetFiles(_options.Archive));
    }

    [Fact]
    public void ADatabaseBusyWithAnotherWriterKeepsTheFilesInTheInboxAndALaterSweepLoadsEachOnce()
    {
        // SQLite only: the other writer holds the file's write lock (see DatabaseFaultTests.HoldWriteLock).
        using var w = Workspace.OnSqlite(new WriteSettings { BusyTimeout = TimeSpan.FromSeconds(1), BusyRetries = 1, BusyBackoff = TimeSpan.FromMilliseconds(50) });
        var options = new AnalyticsOptions { DataDirectory = w.Folder, Database = w.Database.Path, SettleTime = TimeSpan.Zero };
        var sweeper = new InboxSweeper(w.Pipeline, Options.Create(options), NullLogger<InboxSweeper>.Instance);
        Directory.CreateDirectory(options.Inbox);
        foreach (var (name, agency) in new[] { ("a.csv", "A"), ("b.csv", "B") })
        {
            File.WriteAllText(Path.Combine(options.Inbox, name), $"agency,year,metric,value\n{agency},2023,ch.website,5\n");
        }
        var waits = 0;
        w.Database.WaitingForWriter += (_, _) => waits++;

        using (DatabaseFaultTests.HoldWriteLock(w.Database))
        {
            sweeper.Sweep();
        }

        // Neither file failed: both wait in the inbox. The sweep stopped at the first busy file rather than
        // making the second wait as long (one retry, not two).
        Assert.Equal(["a.csv", "b.csv"], Directory.GetFiles(options.Inbox).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(options.Failed));
        Assert.Equal(1, waits);

        sweeper.Sweep();

        Assert.Empty(Directory.GetFiles(options.Inbox));
        Assert.Equal(2, Directory.GetFiles(options.Archive).Length);
        Assert.Equal([BatchStore.Statuses.Loaded, BatchStore.Statuses.Loaded], w.Pipeline.Batches.List().Select(b => b.Status));
    }

    [Fact]
    public void AFileTooLargeForTheRoomLeftGoesToFailedWithTheReasonAndSmallerFilesStillLoad()
    {
        // SQLite only: the room left is SQLite's page cap (MaxPages).
        using var w = Workspace.OnSqlite();
        var options = new AnalyticsOptions { DataDirectory = w.Folder, Database = w.Database.Path, SettleTime = TimeSpan.Zero };
        Directory.CreateDirectory(options.Inbox);
        long pages;
        using (var connection = w.Database.OpenRead())
        {
            pages = connection.ExecuteScalar<long>("PRAGMA page_count");
        }
        var capped = new Etl.Ingestion.IngestionPipeline(new AnalyticsDatabase(w.Database.Path, new WriteSettings { MaxPages = pages + 20 }));
        var sweeper = new InboxSweeper(capped, Options.Create(options), NullLogger<InboxSweeper>.Instance);
        var large = Path.Combine(options.Inbox, "large.csv");
        using (var writer = new StreamWriter(large))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(50), 2019, 2022));
        }
        File.SetLastWriteTimeUtc(large, DateTime.UtcNow.AddSeconds(-5));

        sweeper.Sweep();

        // Rejected, not left to fill the disk again at every sweep: the clerk frees space and loads it again.
        var failed = Directory.GetFiles(options.Failed).Order().ToArray();
        Assert.Equal(2, failed.Length);
        Assert.EndsWith("-large.csv", failed[0]);
        var report = File.ReadAllText(failed[1]);
        Assert.Contains("large.csv,0,0,,StorageFull,,\"the disk or the database is full, so nothing of this file was loaded.", report);
        Assert.Contains("磁盘或数据库已满", report);
        Assert.Equal("agency,year,metric,value\n", w.Export());

        var small = Path.Combine(options.Inbox, "small.csv");
        File.WriteAllText(small, "agency,year,metric,value\nA,2023,ch.website,5\n");
        File.SetLastWriteTimeUtc(small, DateTime.UtcNow.AddSeconds(-5));
        sweeper.Sweep();

        Assert.Equal("agency,year,metric,value\nA,2023,ch.website,5\n", w.Export());
        Assert.Empty(Directory.GetFiles(options.Inbox));
    }

    [Fact]
    public void AFileAnotherWorkerHasClaimedIsLeftToThatWorker()
    {
        var path = Drop("shared.csv", "agency,year,metric,value\nA,2023,ch.website,5\n");

        // Another worker sharing the inbox holds the claim (an exclusive lock on the claim file) while it loads.
        using (new FileStream(Path.Combine(_options.Inbox, ".shared.csv.claim"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            _sweeper.Sweep();

            Assert.True(File.Exists(path));
            Assert.Empty(_w.Pipeline.Batches.List());
        }

        // A claim left behind by a worker that has gone (its lock went with it) is no obstacle.
        _sweeper.Sweep();

        Assert.Empty(Directory.GetFiles(_options.Inbox));
        Assert.Equal([BatchStore.Statuses.Loaded], _w.Pipeline.Batches.List().Select(b => b.Status));
    }
}
