using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Dapper;

namespace Analytics.Dashboard.Uploads;

/// <summary>
/// On PostgreSQL a batch may load in another process (any worker on any machine), whose live progress never
/// reaches this one: this feed reads the unfinished batches' status from the database every second and reports
/// each change through the <see cref="BatchMonitor"/>, so the upload page follows a batch wherever it loads.
/// On SQLite the loader runs in this process and reports directly; the feed stays idle.
/// </summary>
public sealed class BatchStatusFeed(AnalyticsDatabase database, BatchMonitor monitor, ILogger<BatchStatusFeed> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }
        var known = new Dictionary<long, (string Status, long Rows)>();
        long newest;
        using (var connection = database.OpenRead())
        {
            newest = connection.ExecuteScalar<long?>("SELECT max(id) FROM batches") ?? 0;
        }
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                newest = Poll(known, newest);
            }
            catch (System.Data.Common.DbException ex)
            {
                logger.LogWarning(ex, "Could not read the batches' status; trying again in {Interval}.", Interval);
            }
        }
    }

    /// <summary>
    /// Reports what changed since the last look: every unfinished batch, those that just finished, and every batch
    /// newer than <paramref name="newest"/> (one can be queued and loaded between two looks). Returns the newest id seen.
    /// </summary>
    private long Poll(Dictionary<long, (string Status, long Rows)> known, long newest)
    {
        using var connection = database.OpenRead();
        var rows = connection.Query<(long Id, string Status, long Rows, long Size)>(
            """
            SELECT id, status, rows_read, size_bytes FROM batches
            WHERE status IN ('queued', 'reading', 'validating') OR id = ANY(@watched) OR id > @newest
            """, new { watched = known.Keys.ToArray(), newest }).AsList();
        foreach (var (id, status, read, size) in rows)
        {
            if (known.TryGetValue(id, out var before) && before == (status, read))
            {
                continue;
            }
            var final = BatchStore.Statuses.IsFinal(status);
            // Only a change seen by this feed is reported: an in-process load already reported its own.
            if (monitor.Current(id) is not { } live || live.Stage != status)
            {
                monitor.Report(new IngestProgress(id, status, final ? size : 0, size, read, TimeSpan.Zero));
            }
            if (final)
            {
                known.Remove(id);
            }
            else
            {
                known[id] = (status, read);
            }
        }
        return rows.Count == 0 ? newest : Math.Max(newest, rows.Max(r => r.Id));
    }
}
