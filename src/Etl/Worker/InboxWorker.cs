using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Etl.Worker;

/// <summary>
/// Watches <c>data/inbox/</c> (file events plus a periodic sweep), loads each file once it is completely
/// written, and moves it to <c>archive/</c> or, rejected, to <c>failed/</c> with its error report. A file leaves
/// the inbox only after its batch is committed, so a crash at any moment means it is simply loaded again
/// (and then recognised as a duplicate if its batch had committed).
/// </summary>
public sealed class InboxWorker(IngestionPipeline pipeline, InboxSweeper sweeper, DemoSeeder seeder, IOptions<AnalyticsOptions> options,
    ILogger<InboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and a web app bind its port) before loading anything.
        await Task.Yield();
        var settings = options.Value;
        Directory.CreateDirectory(settings.Inbox);
        var interrupted = pipeline.Batches.MarkInterrupted();
        if (interrupted > 0)
        {
            logger.LogWarning("{Count} batch(es) were interrupted by a stop; their files are loaded again from the inbox.", interrupted);
        }
        if (settings.Seed)
        {
            seeder.SeedIfEmpty();
        }

        using var signal = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(settings.Inbox) { IncludeSubdirectories = false };
        FileSystemEventHandler wake = (_, _) => Release(signal);
        watcher.Created += wake;
        watcher.Changed += wake;
        watcher.Renamed += (_, _) => Release(signal);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Inbox} for CSV batches and reports.", settings.Inbox);

        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = false;
            try
            {
                pending = sweeper.Sweep(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed sweep must not stop the host (and with it the dashboard); the next sweep tries again.
                logger.LogError(ex, "Sweeping the inbox failed; trying again in {Interval}.", settings.SweepInterval);
            }
            // A file still being written is checked again once it has had time to settle.
            var wait = pending ? settings.SettleTime : settings.SweepInterval;
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static void Release(SemaphoreSlim signal)
    {
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }
}
