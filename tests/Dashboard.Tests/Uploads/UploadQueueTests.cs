using Analytics.Dashboard.Uploads;
using Analytics.Etl;
using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Analytics.Dashboard.Tests.Uploads;

public class UploadQueueTests
{
    [Fact]
    public async Task AnUploadAcceptedBeforeAStopIsLoadedAfterTheRestart()
    {
        using var data = new TestData();
        var options = Options.Create(new AnalyticsOptions { DataDirectory = data.Folder, Database = data.Database.Path });
        var pipeline = new IngestionPipeline(data.Database);
        // As the upload page leaves it: a queued batch whose file is stored, and then the process stopped.
        var batchId = pipeline.Batches.Create("figures.csv", 0, "upload");
        Directory.CreateDirectory(Path.Combine(data.Folder, "uploads"));
        var path = Path.Combine(data.Folder, "uploads", $"{batchId:D6}.csv");
        File.WriteAllText(path, "agency,year,metric,value\n示范局,2023,ch.website,12\n");
        pipeline.Batches.SetStoredPath(batchId, path);

        var queue = new UploadQueue(pipeline, options, NullLogger<UploadQueue>.Instance);
        await queue.StartAsync(CancellationToken.None);
        // On PostgreSQL the upload goes to the database's queue, where a queue worker takes it.
        var worker = data.Database.IsPostgres ? new Analytics.Etl.Worker.QueueWorker(pipeline, options, NullLogger<Analytics.Etl.Worker.QueueWorker>.Instance) : null;
        if (worker is not null)
        {
            await worker.StartAsync(CancellationToken.None);
        }
        try
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (pipeline.Batches.Get(batchId)!.Status != "loaded" && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
            Assert.Equal("loaded", pipeline.Batches.Get(batchId)!.Status);
        }
        finally
        {
            await queue.StopAsync(CancellationToken.None);
            if (worker is not null)
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }
    }
}
