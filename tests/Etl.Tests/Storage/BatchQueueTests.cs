using System.Text;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>The database's batch queue on a real PostgreSQL: claims, leases, takeover, and the fence against loading twice.</summary>
public class BatchQueueTests
{
    private const string File1 = "agency,year,metric,value\n甲局,2024,t3.new_received.total,5\n";
    private const string File2 = "agency,year,metric,value\n乙局,2024,t3.new_received.total,7\n";

    private static (AnalyticsDatabase Database, BatchQueue Queue, long First, long Second) Queued(ScratchPostgres postgres)
    {
        var database = new AnalyticsDatabase(postgres.ConnectionString);
        database.Migrate();
        var queue = new BatchQueue(database);
        var batches = new BatchStore(database);
        long Enqueue(string name, string text)
        {
            var id = batches.Create(name, Encoding.UTF8.GetByteCount(text), "upload", "uploader");
            queue.Enqueue(id, new MemoryStream(Encoding.UTF8.GetBytes(text)), hintAgency: name == "b.csv" ? "乙局" : null, hintYear: name == "b.csv" ? 2024 : null);
            return id;
        }
        return (database, queue, Enqueue("a.csv", File1), Enqueue("b.csv", File2));
    }

    [Fact]
    public void TwoWorkersClaimingAtOnceTakeDifferentBatchesOldestFirstAndAThirdFindsNone()
    {
        using var postgres = ScratchPostgres.Create();
        var (_, queue, first, second) = Queued(postgres);

        var a = queue.Claim("worker-a", TimeSpan.FromMinutes(1));
        var b = queue.Claim("worker-b", TimeSpan.FromMinutes(1));

        Assert.Equal(first, a!.Id);
        Assert.Equal(second, b!.Id);
        Assert.Equal(("乙局", (int?)2024), (b.HintAgency, b.HintYear));
        Assert.Null(queue.Claim("worker-c", TimeSpan.FromMinutes(1)));
        using var content = new MemoryStream();
        queue.Content(first, content);
        Assert.Equal(File1, Encoding.UTF8.GetString(content.ToArray()));
    }

    [Fact]
    public void ALapsedLeaseLetsAnotherWorkerTakeTheBatchAndTheFirstCanNoLongerRenewIt()
    {
        using var postgres = ScratchPostgres.Create();
        var (_, queue, first, _) = Queued(postgres);

        Assert.Equal(first, queue.Claim("dead-worker", TimeSpan.FromMilliseconds(200))!.Id);
        Assert.True(queue.Renew(first, "dead-worker", TimeSpan.FromMilliseconds(200)));
        Thread.Sleep(500);

        var takeover = queue.Claim("live-worker", TimeSpan.FromMinutes(1));
        Assert.Equal(first, takeover!.Id);
        Assert.Equal(2, takeover.Attempts);
        Assert.False(queue.Renew(first, "dead-worker", TimeSpan.FromMinutes(1)));
        Assert.True(queue.Renew(first, "live-worker", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void ABatchLoadedMeanwhileByAnotherWorkerIsNotLoadedASecondTime()
    {
        using var postgres = ScratchPostgres.Create();
        var (database, queue, first, _) = Queued(postgres);
        var pipeline = new IngestionPipeline(database);
        var path = Path.Combine(Directory.CreateTempSubdirectory("queue-").FullName, "a.csv");
        File.WriteAllText(path, File1);

        Assert.Equal(BatchStore.Statuses.Loaded, pipeline.Ingest(new IngestRequest(path, "a.csv", "upload") { BatchId = first }).Status);
        // A worker whose lease lapsed during a stall finishes the same batch later: it must keep nothing.
        Assert.Throws<BatchAlreadyLoadedException>(() => pipeline.Ingest(new IngestRequest(path, "a.csv", "upload") { BatchId = first }));

        using var connection = database.OpenRead();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions WHERE batch_id = @first", new { first }));
        Assert.Equal(BatchStore.Statuses.Loaded, new BatchStore(database).Get(first)!.Status);
        Assert.NotEqual(first, queue.Claim("worker", TimeSpan.FromMinutes(1))?.Id);
    }
}
