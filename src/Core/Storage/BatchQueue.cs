using Dapper;

namespace Analytics.Core.Storage;

/// <summary>A batch a worker has claimed: its file's bytes come from <see cref="BatchQueue.Content"/>.</summary>
public sealed record ClaimedBatch(long Id, string FileName, string? HintAgency, int? HintYear, long Attempts);

/// <summary>
/// The batch queue in the database, for several workers and dashboards on one PostgreSQL: a dashboard records an
/// upload's bytes with its queued batch; any worker claims the oldest batch nobody holds (<c>FOR UPDATE SKIP
/// LOCKED</c>: two workers never wait on, or take, the same row) and holds it by a lease it renews while loading.
/// A worker that dies stops renewing; once its lease lapses another worker takes the batch and loads it from the
/// start (the dead worker's transaction rolled back with its connection, so nothing of it was kept). Lease times
/// come from the database server's clock, so the workers' clocks need not agree. PostgreSQL only: SQLite has no
/// SKIP LOCKED, and one process there takes its own uploads in memory.
/// </summary>
public sealed class BatchQueue(AnalyticsDatabase database)
{
    /// <summary>Keeps an upload's bytes (and the uploader's hints) with its queued batch, for whichever worker takes it.</summary>
    public void Enqueue(long batchId, Stream content, string? hintAgency = null, int? hintYear = null)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        using var connection = database.OpenWrite();
        connection.Execute(
            "INSERT INTO batch_files (batch_id, content, hint_agency, hint_year) VALUES (@batchId, @content, @hintAgency, @hintYear)",
            new { batchId, content = buffer.ToArray(), hintAgency, hintYear });
    }

    /// <summary>
    /// Takes the oldest batch with bytes in the queue that no live worker holds: unfinished (or interrupted, fewer
    /// than <see cref="MaxAttempts"/> times), and never claimed or with a lapsed lease. Null when there is none.
    /// </summary>
    public ClaimedBatch? Claim(string worker, TimeSpan lease)
    {
        using var connection = database.OpenWrite();
        return connection.QuerySingleOrDefault<ClaimedBatch>(
            $"""
            WITH next AS (
                SELECT b.id FROM batches b JOIN batch_files f ON f.batch_id = b.id
                WHERE (b.status IN ('queued', 'reading', 'validating') OR (b.status = 'interrupted' AND b.attempts < {MaxAttempts}))
                  AND (b.lease_until IS NULL OR b.lease_until < {ServerNow})
                ORDER BY b.id
                LIMIT 1
                FOR UPDATE OF b SKIP LOCKED)
            UPDATE batches SET claimed_by = @worker, lease_until = {ServerUntil}, attempts = attempts + 1
            FROM next, batch_files f
            WHERE batches.id = next.id AND f.batch_id = next.id
            RETURNING batches.id, batches.file_name, f.hint_agency, CAST(f.hint_year AS integer) AS hint_year, batches.attempts
            """,
            new { worker, seconds = lease.TotalSeconds });
    }

    /// <summary>Extends this worker's lease on a batch it still holds; false when the lease lapsed and another worker took it.</summary>
    public bool Renew(long batchId, string worker, TimeSpan lease)
    {
        using var connection = database.OpenWrite();
        return connection.Execute(
            $"UPDATE batches SET lease_until = {ServerUntil} WHERE id = @batchId AND claimed_by = @worker",
            new { batchId, worker, seconds = lease.TotalSeconds }) == 1;
    }

    /// <summary>Lets go of a batch that has ended, so nothing lists it as held.</summary>
    public void Release(long batchId, string worker)
    {
        using var connection = database.OpenWrite();
        connection.Execute("UPDATE batches SET lease_until = NULL WHERE id = @batchId AND claimed_by = @worker", new { batchId, worker });
    }

    /// <summary>Whether the queue has this batch's bytes.</summary>
    public bool Holds(long batchId)
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM batch_files WHERE batch_id = @batchId", new { batchId }) > 0;
    }

    /// <summary>The uploaded file's bytes, written to <paramref name="target"/>.</summary>
    public void Content(long batchId, Stream target)
    {
        using var connection = database.OpenRead();
        var bytes = connection.QuerySingle<byte[]>("SELECT content FROM batch_files WHERE batch_id = @batchId", new { batchId });
        target.Write(bytes);
    }

    /// <summary>
    /// How many times a batch is taken before the queue gives up on it: a batch interrupted by a failing database
    /// is tried again, but one that stops every worker that takes it must not go round for ever.
    /// </summary>
    public const int MaxAttempts = 5;

    /// <summary>The server's time now and <c>@seconds</c> from now, in the stored text form (<see cref="Clock"/>).</summary>
    private const string ServerNow = """to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""";

    private const string ServerUntil = """to_char((clock_timestamp() + make_interval(secs => @seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""";
}
