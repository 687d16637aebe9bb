using System.Data.Common;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Etl.Worker;

/// <summary>
/// On PostgreSQL, takes batches from the queue in the database (uploads from any dashboard), one at a time, and
/// loads each through the pipeline while renewing its lease. Several workers on several machines share the queue;
/// see <see cref="BatchQueue"/> for how a batch is claimed, and taken over when its worker dies.
/// </summary>
public sealed class QueueWorker(IngestionPipeline pipeline, IOptions<AnalyticsOptions> options, ILogger<QueueWorker> logger) : BackgroundService
{
    /// <summary>This worker as the queue knows it: machine, process and a random part (a process id can come back).</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var queue = new BatchQueue(pipeline.Database);
        logger.LogInformation("Worker {Worker} takes batches from the database's queue.", Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedBatch? batch = null;
            try
            {
                batch = queue.Claim(Name, settings.QueueLease);
            }
            catch (DbException ex)
            {
                // The database is down or restarting: keep the worker alive and look again shortly.
                logger.LogError(ex, "Could not look at the batch queue; trying again in {Interval}.", settings.QueuePollInterval);
            }
            if (batch is null)
            {
                try
                {
                    await Task.Delay(settings.QueuePollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }
            await Task.Run(() => Load(queue, batch, settings, stoppingToken), CancellationToken.None);
        }
    }

    private void Load(BatchQueue queue, ClaimedBatch batch, AnalyticsOptions settings, CancellationToken stoppingToken)
    {
        var folder = Path.Combine(settings.ResolvedDataDirectory, "queue");
        Directory.CreateDirectory(folder);
        // The worker's own copy of the bytes: the pipeline reads files (memory-mapped, twice: hash, then load).
        var path = Path.Combine(folder, $"{batch.Id:D6}-{Guid.NewGuid():N}{Path.GetExtension(batch.FileName).ToLowerInvariant()}");
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var every = settings.QueueLease / 3;
        using var renewal = new Timer(_ =>
        {
            try
            {
                if (!queue.Renew(batch.Id, Name, settings.QueueLease))
                {
                    logger.LogWarning("Worker {Worker} lost batch {Batch} to another worker; stopping its load.", Name, batch.Id);
                    lost.Cancel();
                }
            }
            catch (DbException ex)
            {
                logger.LogWarning(ex, "Could not renew the lease on batch {Batch}.", batch.Id);
            }
        }, null, every, every);
        try
        {
            using (var file = File.Create(path))
            {
                queue.Content(batch.Id, file);
            }
            logger.LogInformation("Loading batch {Batch} ({File}), attempt {Attempt}.", batch.Id, batch.FileName, batch.Attempts);
            var read = new ReadOptions { Agency = batch.HintAgency, Year = batch.HintYear };
            var result = pipeline.Ingest(new IngestRequest(path, batch.FileName, "upload") { BatchId = batch.Id, Read = read }, cancellationToken: lost.Token);
            logger.LogInformation("Batch {Batch} ({File}): {Status}, {Values} values.", batch.Id, batch.FileName, result.Status, result.Values);
        }
        catch (BatchAlreadyLoadedException)
        {
            logger.LogWarning("Batch {Batch} was loaded by another worker meanwhile; this load kept nothing.", batch.Id);
        }
        catch (OperationCanceledException)
        {
            // Stopping, or the lease went to another worker: the load rolled back; the batch is the queue's again.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Batch {Batch} ({File}) could not be loaded.", batch.Id, batch.FileName);
        }
        finally
        {
            renewal.Dispose();
            try
            {
                queue.Release(batch.Id, Name);
            }
            catch (DbException ex)
            {
                logger.LogWarning(ex, "Could not release batch {Batch}; its lease lapses by itself.", batch.Id);
            }
            File.Delete(path);
        }
    }
}
