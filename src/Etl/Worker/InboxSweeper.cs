using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Etl.Worker;

/// <summary>One pass over the inbox: loads every settled file and moves it out. Tests call it directly.</summary>
public sealed class InboxSweeper(IngestionPipeline pipeline, IOptions<AnalyticsOptions> options, ILogger<InboxSweeper> logger)
{
    private readonly Dictionary<string, (long Size, DateTime Written, DateTime Seen)> _watching = [];

    /// <summary>Processes the settled files; returns true when some file is still being written.</summary>
    public bool Sweep(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        Directory.CreateDirectory(settings.Inbox);
        var pending = false;
        var files = new DirectoryInfo(settings.Inbox).GetFiles().Where(f => !Ignored(f.Name)).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Settled(file, settings.SettleTime))
            {
                pending = true;
                continue;
            }
            if (!Process(file.FullName, settings))
            {
                // The database stayed busy with another writer: the other files would wait as long. The next sweep
                // tries them all again.
                break;
            }
        }
        foreach (var gone in _watching.Keys.Where(p => !File.Exists(p)).ToList())
        {
            _watching.Remove(gone);
        }
        RemoveStaleClaims(settings.Inbox);
        return pending;
    }

    // Partial downloads, editor locks and our own temp files are never loaded.
    private static bool Ignored(string name) =>
        name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".crdownload", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".errors.csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file is complete when its size and time have not changed for the settle time and no one holds it open for writing.</summary>
    private bool Settled(FileInfo file, TimeSpan settleTime)
    {
        var now = DateTime.UtcNow;
        if (!_watching.TryGetValue(file.FullName, out var seen) || seen.Size != file.Length || seen.Written != file.LastWriteTimeUtc)
        {
            _watching[file.FullName] = (file.Length, file.LastWriteTimeUtc, now);
            // A file untouched for the settle time already (e.g. there before we started) need not wait again.
            if (now - file.LastWriteTimeUtc < settleTime)
            {
                return false;
            }
        }
        else if (now - seen.Seen < settleTime && now - file.LastWriteTimeUtc < settleTime)
        {
            return false;
        }
        try
        {
            using var probe = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
            return true;
        }
        catch (IOException)
        {
            return false; // still held open for writing by whoever is copying it in
        }
    }

    /// <summary>Loads one file and moves it out; false when the database was too busy to load it (it stays).</summary>
    private bool Process(string path, AnalyticsOptions settings)
    {
        var name = Path.GetFileName(path);
        using var claim = Claim(path);
        if (claim is null || !File.Exists(path))
        {
            // Another worker sharing this inbox is loading it, or has loaded and moved it since this sweep began.
            return true;
        }
        IngestResult result;
        var stage = "";
        try
        {
            result = pipeline.Ingest(IngestRequest.ForFile(path, "inbox"), p =>
            {
                // Each stage once, at debug level: where a slow or stuck load is (the fault tests kill the worker by it).
                if (p.Stage != stage)
                {
                    stage = p.Stage;
                    logger.LogDebug("{File} (batch {Batch}): {Stage}", name, p.BatchId, p.Stage);
                }
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database or the disk failed, not the file: it stays in the inbox and is tried again next sweep.
            logger.LogWarning(ex, "Could not load {File}; it stays in the inbox and is tried again.", name);
            return true;
        }
        if (result.Status == BatchStore.Statuses.Interrupted)
        {
            logger.LogWarning("Could not load {File} (batch {Batch}): {Reason} It stays in the inbox.", name, result.BatchId, result.Errors[0].Message);
            return false;
        }
        var stored = $"{result.BatchId:D6}-{name}";
        if (result.Status == BatchStore.Statuses.Rejected)
        {
            Directory.CreateDirectory(settings.Failed);
            var target = Path.Combine(settings.Failed, stored);
            ErrorReport.Write(target + ".errors.csv", name, result.Errors);
            File.Move(path, target, overwrite: true);
            pipeline.Batches.SetStoredPath(result.BatchId, target);
            logger.LogWarning("Rejected {File}: {Count} error(s); see {Report}.", name, result.Errors.Count, target + ".errors.csv");
        }
        else
        {
            Directory.CreateDirectory(settings.Archive);
            var target = Path.Combine(settings.Archive, stored);
            File.Move(path, target, overwrite: true);
            pipeline.Batches.SetStoredPath(result.BatchId, target);
            logger.LogInformation("{Status} {File}: {Values} values, {AgencyYears} agency-years, {Findings} findings.",
                result.Status, name, result.Values, result.AgencyYears, result.Findings);
        }
        _watching.Remove(path);
        return true;
    }

    /// <summary>
    /// An exclusive lock on <c>.NAME.claim</c> beside the file, so that of several workers sharing the inbox only
    /// one loads it; null when another worker holds it. The lock is the kernel's (flock): a killed worker's claim
    /// ends with its process. The claim file is deleted when released, after the file has left the inbox; one a
    /// crash leaves behind is simply claimed again.
    /// </summary>
    private static void RemoveStaleClaims(string inbox)
    {
        // A worker killed after its file left the inbox, but before it let go of the claim, leaves the claim file
        // behind with nothing to claim again. Nobody holds its lock any more, so taking it (delete on close) removes it.
        foreach (var claim in Directory.GetFiles(inbox, ".*.claim"))
        {
            var name = Path.GetFileName(claim);
            if (!File.Exists(Path.Combine(inbox, name[1..^".claim".Length])))
            {
                Claim(Path.Combine(inbox, name[1..^".claim".Length]))?.Dispose();
            }
        }
    }

    private static FileStream? Claim(string path)
    {
        var claim = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".claim");
        try
        {
            return new FileStream(claim, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
