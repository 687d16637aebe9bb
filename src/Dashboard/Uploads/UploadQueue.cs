using System.Threading.Channels;
using Analytics.Core.Storage;
using Analytics.Etl;
using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Options;

namespace Analytics.Dashboard.Uploads;

/// <summary>One uploaded file waiting to load, already recorded as a queued batch.</summary>
public sealed record QueuedUpload(long BatchId, string Path, string FileName, Analytics.Core.Reading.ReadOptions Read);

/// <summary>
/// Loads uploads one after another in the background, so the page returns at once and shows live status.
/// Files are stored under generated names in data/uploads; a rejected one gets its errors.csv beside it. On
/// PostgreSQL the upload's bytes are handed to the database's batch queue instead (see <see cref="Enqueue"/>).
/// </summary>
public sealed class UploadQueue(IngestionPipeline pipeline, IOptions<AnalyticsOptions> options, ILogger<UploadQueue> logger) : BackgroundService
{
    private readonly Channel<QueuedUpload> _queue = Channel.CreateUnbounded<QueuedUpload>();

    public string Folder => Path.Combine(options.Value.ResolvedDataDirectory, "uploads");

    /// <summary>
    /// Queues an upload to load. SQLite: this process loads it, in the order given. PostgreSQL: its bytes go into
    /// the database's queue, for whichever worker takes it first (this process's own, if it runs one).
    /// </summary>
    public void Enqueue(QueuedUpload upload)
    {
        if (pipeline.Database.IsPostgres)
        {
            using var content = File.OpenRead(upload.Path);
            new BatchQueue(pipeline.Database).Enqueue(upload.BatchId, content, upload.Read.Agency, upload.Read.Year);
            return;
        }
        _queue.Writer.TryWrite(upload);
    }

    /// <summary>Uploads accepted before a stop but never loaded are loaded now (their report hints, if any, are not kept).</summary>
    private void Requeue()
    {
        foreach (var batch in pipeline.Batches.Unfinished("upload"))
        {
            if (batch.StoredPath is { } path && File.Exists(path))
            {
                logger.LogInformation("Loading upload {File} (batch {Batch}) accepted before the last stop.", batch.FileName, batch.Id);
                Enqueue(new QueuedUpload(batch.Id, path, batch.FileName, new Analytics.Core.Reading.ReadOptions()));
            }
        }
    }

    /// <summary>PostgreSQL: uploads stored here whose bytes never reached the database's queue (a stop in between) are queued now.</summary>
    private void HandOver()
    {
        var queue = new BatchQueue(pipeline.Database);
        foreach (var batch in pipeline.Batches.Unfinished("upload"))
        {
            if (batch.StoredPath is { } path && File.Exists(path) && !queue.Holds(batch.Id))
            {
                logger.LogInformation("Queueing upload {File} (batch {Batch}) accepted before the last stop.", batch.FileName, batch.Id);
                using var content = File.OpenRead(path);
                queue.Enqueue(batch.Id, content);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (pipeline.Database.IsPostgres)
        {
            // The queue worker (Analytics.Etl.Worker.QueueWorker) takes uploads from the database; an upload this
            // process stored but stopped before handing over goes to the database's queue now.
            HandOver();
            return;
        }
        Requeue();
        await foreach (var upload in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var request = new IngestRequest(upload.Path, upload.FileName, "upload") { BatchId = upload.BatchId, Read = upload.Read };
                var result = await Task.Run(() => pipeline.Ingest(request, cancellationToken: stoppingToken), stoppingToken);
                pipeline.Batches.SetStoredPath(upload.BatchId, upload.Path);
                if (result.Status == BatchStore.Statuses.Rejected)
                {
                    ErrorReport.Write(upload.Path + ".errors.csv", upload.FileName, result.Errors);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Upload {File} (batch {Batch}) could not be loaded.", upload.FileName, upload.BatchId);
            }
        }
    }
}
