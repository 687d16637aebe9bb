using System.Diagnostics;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Microsoft.Data.Sqlite;

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

    public AnalyticsDatabase Database => database;

    public BatchStore Batches => _batches;

    public IngestResult Ingest(IngestRequest request, Action<IngestProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var size = new FileInfo(request.Path).Length;
        var batchId = request.BatchId ?? _batches.Create(request.FileName, size, request.Source);
        if (monitor is not null)
        {
            var report = onProgress;
            onProgress = p =>
            {
                monitor.Report(p);
                report?.Invoke(p);
            };
        }
        var result = Load(request, batchId, size, clock, onProgress, cancellationToken);
        monitor?.Report(new IngestProgress(batchId, result.Status, size, size, result.Rows, clock.Elapsed));
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
        catch (SqliteException)
        {
            // The database failed, not the file: record the batch as interrupted and let the caller retry the file.
            writer.Rollback();
            _batches.MarkInterrupted(batchId);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
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
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && _batches.LoadedWithHash(file.Sha256) is { } raced)
        {
            // Another process loaded the same content while this one read it: the unique index kept it to one.
            writer.Rollback();
            _batches.MarkDuplicate(batchId, raced);
            return Result(batchId, request, BatchStore.Statuses.Duplicate, clock, file, shape) with { DuplicateOf = raced };
        }
    }

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
