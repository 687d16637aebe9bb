using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Analytics.Core.Reading;
using Analytics.Core.Storage;

namespace Analytics.Etl.Ingestion;

/// <summary>
/// Loads one file: hash and sniff it, stop early if the same content was loaded before, read and validate every
/// cell while writing it into an open transaction, then commit everything or nothing. The worker, the CLI and
/// the dashboard's uploads all come through here.
/// </summary>
public sealed class IngestionPipeline(AnalyticsDatabase database, BatchMonitor? monitor = null)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly BatchStore _batches = new(database);

    // Batches a busy database stopped before their status could be written: recorded by the next load that can.
    private readonly ConcurrentDictionary<long, ReadError> _unrecorded = new();

    public AnalyticsDatabase Database => database;

    public BatchStore Batches => _batches;

    public IngestResult Ingest(IngestRequest request, Action<IngestProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var size = new FileInfo(request.Path).Length;
        var batchId = request.BatchId ?? 0;
        if (monitor is not null)
        {
            var report = onProgress;
            onProgress = p =>
            {
                monitor.Report(p);
                report?.Invoke(p);
            };
        }
        IngestResult result;
        try
        {
            foreach (var (id, reason) in _unrecorded)
            {
                // A batch this request loads again needs no interrupted status on the way.
                if (id == request.BatchId || _batches.TryMarkInterrupted(id, reason))
                {
                    _unrecorded.TryRemove(id, out _);
                }
            }
            batchId = request.BatchId ?? _batches.Create(request.FileName, size, request.Source);
            result = Load(request, batchId, size, clock, onProgress, cancellationToken);
        }
        catch (DbException ex) when (AnalyticsDatabase.IsBusy(ex))
        {
            // Another writer held the database through every retry. Nothing of the file was written; say so, and
            // leave the file to the caller to try again (the inbox keeps it). batchId is 0 when not even the batch
            // could be recorded; otherwise its status is written now or, still busy, by the next load.
            var error = new ReadError(ErrorCode.DatabaseBusy, 0, 0, Detail: (database.Settings.BusyRetries + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (batchId != 0 && !_batches.TryMarkInterrupted(batchId, error))
            {
                _unrecorded[batchId] = error;
            }
            result = new IngestResult
            {
                BatchId = batchId,
                FileName = request.FileName,
                Status = BatchStore.Statuses.Interrupted,
                Errors = [error],
                Elapsed = clock.Elapsed,
            };
        }
        if (batchId != 0)
        {
            monitor?.Report(new IngestProgress(batchId, result.Status, size, size, result.Rows, clock.Elapsed));
        }
        return result;
    }

    private IngestResult Load(IngestRequest request, long batchId, long size, Stopwatch clock, Action<IngestProgress>? onProgress, CancellationToken cancellationToken)
    {
        onProgress?.Invoke(new IngestProgress(batchId, BatchStore.Statuses.Queued, 0, size, 0, clock.Elapsed));

        var file = SourceFile.Inspect(request.Path);
        var hashed = clock.Elapsed;
        if (file.Error is { } unreadable)
        {
            _batches.MarkReading(batchId, file, null);
            return Reject(batchId, request, [unreadable], 0, clock, file, null);
        }
        if (_batches.LoadedWithHash(file.Sha256) is { } original)
        {
            if (original == batchId)
            {
                // This very batch is loaded: another worker finished it while this one's lease had lapsed.
                throw new BatchAlreadyLoadedException(batchId);
            }
            _batches.MarkReading(batchId, file, null);
            _batches.MarkDuplicate(batchId, original);
            return Result(batchId, request, BatchStore.Statuses.Duplicate, clock, file, null) with { DuplicateOf = original };
        }
        var shape = SourceReader.Recognise(file, request.Read);
        _batches.MarkReading(batchId, file, shape);
        if (shape.Error is { } unknown)
        {
            return Reject(batchId, request, [unknown], 0, clock, file, shape);
        }
        onProgress?.Invoke(new IngestProgress(batchId, BatchStore.Statuses.Reading, 0, size, 0, clock.Elapsed));

        var errors = new List<ReadError>();
        var progress = new ReadProgress();
        var lastReport = clock.Elapsed;
        using var writer = new BatchWriter(database, batchId);
        // The writer holds the write lock from here to its commit, so no other load of this content can commit in
        // between: this check is final. Content another thread or process loaded while this one waited for the lock
        // ends as a duplicate here, without reading the file.
        if (_batches.LoadedWithHash(file.Sha256) is { } loadedMeanwhile)
        {
            writer.Rollback();
            if (loadedMeanwhile == batchId)
            {
                throw new BatchAlreadyLoadedException(batchId);
            }
            _batches.MarkDuplicate(batchId, loadedMeanwhile);
            return Result(batchId, request, BatchStore.Statuses.Duplicate, clock, file, shape) with { DuplicateOf = loadedMeanwhile };
        }
        using var readAhead = new ReadAhead(SourceReader.Read(file, shape, request.Read, progress), cancellationToken);
        try
        {
            foreach (var item in readAhead.Items())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var error = item.Error ?? (errors.Count == 0 ? writer.Add(item.Cell) : null);
                if (error is not null)
                {
                    errors.Add(error);
                    if (errors.Count >= BatchStore.MaxErrors)
                    {
                        errors.Add(new ReadError(ErrorCode.TooManyErrors, 0, 0, Detail: BatchStore.MaxErrors.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        break;
                    }
                }
                if (onProgress is not null && clock.Elapsed - lastReport > ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    onProgress(new IngestProgress(batchId, BatchStore.Statuses.Reading, progress.Bytes, size, progress.Rows, clock.Elapsed));
                }
            }
        }
        catch (DbException ex) when (AnalyticsDatabase.IsFull(ex))
        {
            writer.Rollback();
            return StorageFull(batchId, request, progress.Rows, clock, file, shape);
        }
        catch (DbException ex) when (!AnalyticsDatabase.IsBusy(ex))
        {
            // The database failed, not the file: record the batch as interrupted and let the caller retry the file.
            writer.Rollback();
            _batches.MarkInterrupted(batchId);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DbException)
        {
            // The file itself broke the reader (a line longer than any real one, text that stops decoding midway):
            // that is this file's fault, so it is rejected like any other bad file, never left half-read.
            writer.Rollback();
            var line = ex is CsvHelper.CsvFormatException { LineNumber: > 0 } csv ? csv.LineNumber : 0;
            errors.Add(new ReadError(ErrorCode.ReadFailed, line, 0, Detail: ex.Message));
            return Reject(batchId, request, errors, progress.Rows, clock, file, shape);
        }

        if (errors.Count == 0 && writer.ValuesWritten == 0)
        {
            errors.Add(new ReadError(ErrorCode.NoDataRows, 0, 0));
        }
        if (errors.Count > 0)
        {
            writer.Rollback();
            return Reject(batchId, request, errors, progress.Rows, clock, file, shape);
        }

        onProgress?.Invoke(new IngestProgress(batchId, BatchStore.Statuses.Validating, size, size, progress.Rows, clock.Elapsed));
        try
        {
            var loaded = clock.Elapsed;
            var (values, agencyYears, findings) = writer.Commit(progress.Rows);
            return Result(batchId, request, BatchStore.Statuses.Loaded, clock, file, shape) with
            {
                Values = values,
                AgencyYears = agencyYears,
                Findings = findings,
                Sources = writer.Sources,
                Rows = progress.Rows,
                Phases = new Dictionary<string, TimeSpan> { ["hash"] = hashed, ["load"] = loaded - hashed, ["commit"] = clock.Elapsed - loaded },
            };
        }
        catch (DbException ex) when (AnalyticsDatabase.IsFull(ex))
        {
            writer.Rollback();
            return StorageFull(batchId, request, progress.Rows, clock, file, shape);
        }
        catch (DbException ex) when (AnalyticsDatabase.IsUniqueViolation(ex) && _batches.LoadedWithHash(file.Sha256) is { } raced)
        {
            // The same content was loaded by a path that skipped the check above: the unique index kept it to one.
            writer.Rollback();
            _batches.MarkDuplicate(batchId, raced);
            return Result(batchId, request, BatchStore.Statuses.Duplicate, clock, file, shape) with { DuplicateOf = raced };
        }
    }

    /// <summary>
    /// The disk, or the size cap, ran out while writing: SQLite rolled the transaction back, so none of the file
    /// is visible. The batch is rejected rather than retried by itself: every retry would fill the disk again
    /// until someone frees space, so it waits in failed/ (or the upload list) for a person to load it again.
    /// </summary>
    private IngestResult StorageFull(long batchId, IngestRequest request, long rows, Stopwatch clock, SourceFile file, SourceShape? shape) =>
        Reject(batchId, request, [new ReadError(ErrorCode.StorageFull, 0, 0)], rows, clock, file, shape);

    private IngestResult Reject(long batchId, IngestRequest request, IReadOnlyList<ReadError> errors, long rows, Stopwatch clock, SourceFile file, SourceShape? shape)
    {
        _batches.MarkRejected(batchId, errors, rows);
        return Result(batchId, request, BatchStore.Statuses.Rejected, clock, file, shape) with { Errors = errors, Rows = rows };
    }

    private static IngestResult Result(long batchId, IngestRequest request, string status, Stopwatch clock, SourceFile file, SourceShape? shape) => new()
    {
        BatchId = batchId,
        FileName = request.FileName,
        Status = status,
        Layout = shape?.Layout?.ToName(),
        Encoding = file.EncodingName,
        Elapsed = clock.Elapsed,
    };
}
