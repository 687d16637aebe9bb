using System.Data.Common;
using Analytics.Core.Reading;
using Dapper;

namespace Analytics.Core.Storage;

/// <summary>The life of a batch record: created on arrival, then reading, then loaded, duplicate or rejected.</summary>
public sealed class BatchStore(AnalyticsDatabase database)
{
    public static class Statuses
    {
        public const string Queued = "queued";
        public const string Reading = "reading";
        public const string Validating = "validating";
        public const string Loaded = "loaded";
        public const string Duplicate = "duplicate";
        public const string Rejected = "rejected";
        public const string Interrupted = "interrupted";
        public const string RolledBack = "rolled_back";

        public static bool IsFinal(string status) => status is Loaded or Duplicate or Rejected or Interrupted or RolledBack;
    }

    /// <summary>How many errors a rejected batch keeps; past that the clerk gets a note to fix these first.</summary>
    public const int MaxErrors = 200;

    /// <summary>Records a file's arrival as a queued batch; <paramref name="uploadedBy"/> is the signed-in user who sent it (null for the inbox and the command line).</summary>
    public long Create(string fileName, long sizeBytes, string source, string? uploadedBy = null) => Write(connection =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO batches (file_name, size_bytes, source, status, received_at, uploaded_by)
            VALUES (@fileName, @sizeBytes, @source, 'queued', @now, @uploadedBy)
            RETURNING id
            """,
            new { fileName, sizeBytes, source, now = Clock.Now(), uploadedBy }));

    /// <summary>Records what the first pass found (hash, encoding) and that reading has started.</summary>
    public void MarkReading(long id, SourceFile file, SourceShape? shape) => Write(connection =>
        connection.Execute(
            """
            UPDATE batches SET status = 'reading', sha256 = @sha, size_bytes = @size, encoding = @encoding,
                layout = @layout, delimiter = @delimiter, started_at = coalesce(started_at, @now), error_count = 0
            WHERE id = @id;
            -- A batch loaded again (an upload an earlier stop interrupted) starts without the reason it stopped.
            DELETE FROM batch_errors WHERE batch_id = @id;
            """,
            new
            {
                id, sha = file.Sha256, size = file.Length, encoding = file.EncodingName,
                layout = shape?.Layout?.ToName(), delimiter = shape?.DelimiterName, now = Clock.Now(),
            }));

    /// <summary>The loaded batch that already holds this exact content, if any.</summary>
    public long? LoadedWithHash(string sha256)
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long?>("SELECT id FROM batches WHERE sha256 = @sha256 AND status = 'loaded'", new { sha256 });
    }

    public void MarkDuplicate(long id, long duplicateOf) => Write(connection =>
        connection.Execute(
            "UPDATE batches SET status = 'duplicate', duplicate_of = @duplicateOf, finished_at = @now WHERE id = @id",
            new { id, duplicateOf, now = Clock.Now() }));

    /// <summary>Records the errors and the rejection in one transaction; the data tables are not touched.</summary>
    public void MarkRejected(long id, IReadOnlyList<ReadError> errors, long rowsRead) => Write(connection =>
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            """
            UPDATE batches SET status = 'rejected', error_count = @count, rows_read = @rowsRead, finished_at = @now
            WHERE id = @id
            """,
            new { id, count = errors.Count, rowsRead, now = Clock.Now() },
            transaction);
        ReplaceErrors(connection, transaction, id, errors);
        transaction.Commit();
        return errors.Count;
    });

    /// <summary>
    /// Records why a batch stopped for a reason outside its file (the database stayed busy), unless it has since
    /// ended otherwise. One attempt, no retries: they have just run out. False when the database was still busy.
    /// </summary>
    public bool TryMarkInterrupted(long id, ReadError reason)
    {
        try
        {
            using var connection = database.OpenWriteAttempt();
            using var transaction = connection.BeginTransaction();
            var unfinished = connection.Execute(
                """
                UPDATE batches SET status = 'interrupted', error_count = 1, finished_at = @now
                WHERE id = @id AND status IN ('queued', 'reading', 'validating')
                """,
                new { id, now = Clock.Now() },
                transaction);
            if (unfinished == 1)
            {
                ReplaceErrors(connection, transaction, id, [reason]);
            }
            transaction.Commit();
            return true;
        }
        catch (DbException ex) when (AnalyticsDatabase.IsBusy(ex))
        {
            return false;
        }
    }

    private static void ReplaceErrors(DbConnection connection, DbTransaction transaction, long id, IReadOnlyList<ReadError> errors)
    {
        connection.Execute("DELETE FROM batch_errors WHERE batch_id = @id", new { id }, transaction);
        connection.Execute(
            """
            INSERT INTO batch_errors (batch_id, seq, line, column_no, column_name, code, value, message, message_zh)
            VALUES (@BatchId, @Seq, @Line, @Column, @ColumnName, @Code, @Value, @Message, @MessageZh)
            """,
            errors.Select((e, i) => new
            {
                BatchId = id, Seq = i + 1, e.Line, e.Column, e.ColumnName, Code = e.Code.ToString(), e.Value, e.Message, e.MessageZh,
            }),
            transaction);
    }

    public void SetStoredPath(long id, string path) =>
        Write(connection => connection.Execute("UPDATE batches SET stored_path = @path WHERE id = @id", new { id, path }));

    /// <summary>
    /// Batches a crash left unfinished. Their transactions rolled back, so they changed nothing. On PostgreSQL,
    /// where other workers may be loading right now, only batches no live transaction is loading (their advisory
    /// lock is free), and never the queue's own (uploads with their bytes), which the queue's leases look after.
    /// </summary>
    public int MarkInterrupted() => Write(connection => database.IsPostgres
        ? connection.Execute(
            $"""
            UPDATE batches SET status = 'interrupted', finished_at = @now
            WHERE status IN ('queued', 'reading', 'validating')
              AND NOT EXISTS (SELECT 1 FROM batch_files f WHERE f.batch_id = batches.id)
              AND pg_try_advisory_xact_lock({AnalyticsDatabase.LoadingSpace}, CAST(id AS integer))
            """,
            new { now = Clock.Now() })
        : connection.Execute(
            "UPDATE batches SET status = 'interrupted', finished_at = @now WHERE status IN ('queued', 'reading', 'validating')",
            new { now = Clock.Now() }));

    /// <summary>One batch whose load failed for a reason outside its file (the database was busy or failed).</summary>
    public void MarkInterrupted(long id) => Write(connection =>
        connection.Execute("UPDATE batches SET status = 'interrupted', finished_at = @now WHERE id = @id", new { id, now = Clock.Now() }));

    /// <summary>Batches from a source that never reached a final status, or were interrupted, oldest first.</summary>
    public IReadOnlyList<BatchRow> Unfinished(string source)
    {
        using var connection = database.OpenRead();
        return connection.Query<BatchRow>(
            "SELECT * FROM batches WHERE source = @source AND status IN ('queued', 'reading', 'validating', 'interrupted') ORDER BY id",
            new { source }).AsList();
    }

    public BatchRow? Get(long id)
    {
        using var connection = database.OpenRead();
        return connection.QuerySingleOrDefault<BatchRow>("SELECT * FROM batches WHERE id = @id", new { id });
    }

    /// <summary>The newest batches first; with <paramref name="uploadedBy"/>, only that user's uploads (an uploader's view).</summary>
    public IReadOnlyList<BatchRow> List(int limit = 1000, string? uploadedBy = null)
    {
        using var connection = database.OpenRead();
        return connection.Query<BatchRow>(
            "SELECT * FROM batches WHERE @uploadedBy IS NULL OR lower(uploaded_by) = lower(@uploadedBy) ORDER BY id DESC LIMIT @limit",
            new { limit, uploadedBy }).AsList();
    }

    /// <summary>The batch's cells that were not read from their own table cell, and how each was obtained.</summary>
    public IReadOnlyList<SourcedCellRow> SourcedCells(long id)
    {
        using var connection = database.OpenRead();
        return connection.Query<SourcedCellRow>(
            """
            SELECT a.name AS agency, r.year, m.code AS metric, s.source, s.note, s.note_zh, c.raw, c.value, c.line
            FROM revisions v
            JOIN reports r ON r.id = v.report_id
            JOIN agencies a ON a.id = r.agency_id
            JOIN cell_sources s ON s.revision_id = v.id
            JOIN metrics m ON m.id = s.metric_id
            JOIN cell_values c ON c.revision_id = s.revision_id AND c.metric_id = s.metric_id
            WHERE v.batch_id = @id
            ORDER BY a.name, r.year, s.source, m.sort_order
            """, new { id }).AsList();
    }

    public IReadOnlyList<BatchErrorRow> Errors(long id)
    {
        using var connection = database.OpenRead();
        return connection.Query<BatchErrorRow>("SELECT * FROM batch_errors WHERE batch_id = @id ORDER BY seq", new { id }).AsList();
    }

    /// <summary>One write on its own connection, tried again while another writer holds the database.</summary>
    private T Write<T>(Func<DbConnection, T> write) => database.RetryWhileBusy(() =>
    {
        using var connection = database.OpenWriteAttempt();
        return write(connection);
    });

    /// <summary>True when nothing was ever loaded: the signal to seed the demo data.</summary>
    public bool IsEmpty()
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM batches") == 0;
    }
}
