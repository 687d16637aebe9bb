using System.Collections.Concurrent;
using Storage = Analytics.Core.Storage;

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
        if (_live.Count > 1000)
        {
            // Finished batches are in the database; keep only those still loading.
            foreach (var done in _live.Where(p => Storage.BatchStore.Statuses.IsFinal(p.Value.Stage)).Select(p => p.Key).ToList())
            {
                _live.TryRemove(done, out _);
            }
        }
    }

    public IngestProgress? Current(long batchId) => _live.TryGetValue(batchId, out var p) ? p : null;
}
