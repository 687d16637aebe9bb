using Analytics.Core.Reading;

namespace Analytics.Etl.Ingestion;

/// <summary>One file to load: where it is, the name to record for it, who brought it, and hints for reading.</summary>
public sealed record IngestRequest(string Path, string FileName, string Source)
{
    public ReadOptions Read { get; init; } = new();

    /// <summary>A batch already recorded as queued (an upload shown to its user before it loads); null creates one.</summary>
    public long? BatchId { get; init; }

    public static IngestRequest ForFile(string path, string source, ReadOptions? read = null) =>
        new(path, System.IO.Path.GetFileName(path), source) { Read = read ?? new ReadOptions() };
}

/// <summary>How a load ended.</summary>
public sealed record IngestResult
{
    public required long BatchId { get; init; }
    public required string FileName { get; init; }
    public required string Status { get; init; }
    public IReadOnlyList<ReadError> Errors { get; init; } = [];
    public long Values { get; init; }
    public int AgencyYears { get; init; }
    public int Findings { get; init; }
    public long Rows { get; init; }
    public string? Layout { get; init; }
    public string? Encoding { get; init; }
    public long? DuplicateOf { get; init; }

    /// <summary>How the loaded cells were obtained (a report's may be split from glued digits or read from prose).</summary>
    public IReadOnlyDictionary<Analytics.Core.Reading.CellSource, long> Sources { get; init; } = new Dictionary<Analytics.Core.Reading.CellSource, long>();
    public TimeSpan Elapsed { get; init; }

    /// <summary>Where the time went: hash (first pass), load (read, validate and write), commit (rules and commit).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Phases { get; init; } = new Dictionary<string, TimeSpan>();
}

/// <summary>A progress report while a file loads.</summary>
public readonly record struct IngestProgress(long BatchId, string Stage, long Bytes, long TotalBytes, long Rows, TimeSpan Elapsed);
