using System.Collections.Concurrent;

namespace Analytics.Etl.Ingestion;

/// <summary>
/// Live progress of the batches this process is loading, for screens that show it without reloading. The
/// database holds the committed status; this holds what is happening inside an open transaction.
/// </summary>
public sealed class BatchMonitor
{
    private readonly ConcurrentDictionary<long, IngestProgress> _live = new();

    /// <summary>Raised on every progress report and when a batch ends (from the loading thread).</summary>
    public event Action<IngestProgress>? Changed;

    public void Report(IngestProgress progress)
    {
        _live[progress.BatchId] = progress;
        Changed?.Invoke(progress);
    }

    public IngestProgress? Current(long batchId) => _live.TryGetValue(batchId, out var p) ? p : null;
}
