using Analytics.Etl.Worker;
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
}
