namespace Analytics.Core.Storage;

/// <summary>A batch as stored (SQLite returns long/double/string: properties use those types for Dapper).</summary>
public sealed record BatchRow
{
    public long Id { get; init; }
    public string FileName { get; init; } = "";
    public string? StoredPath { get; init; }
    public string? Sha256 { get; init; }
    public long SizeBytes { get; init; }
    public string Source { get; init; } = "";
    public string? Layout { get; init; }
    public string? Encoding { get; init; }
    public string? Delimiter { get; init; }
    public string Status { get; init; } = "";
    public long RowsRead { get; init; }
    public long ValuesLoaded { get; init; }
    public long AgencyYears { get; init; }
    public long ErrorCount { get; init; }
    public long FindingCount { get; init; }
    public long? DuplicateOf { get; init; }
    public string ReceivedAt { get; init; } = "";
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public string? UploadedBy { get; init; }
    public string? RolledBackAt { get; init; }
    public string? RolledBackBy { get; init; }
}

/// <summary>One located error of a rejected batch.</summary>
public sealed record BatchErrorRow
{
    public long BatchId { get; init; }
    public long Seq { get; init; }
    public long Line { get; init; }
    public long ColumnNo { get; init; }
    public string? ColumnName { get; init; }
    public string Code { get; init; } = "";
    public string? Value { get; init; }
    public string Message { get; init; } = "";
    public string MessageZh { get; init; } = "";
}

/// <summary>A stored rule finding with the agency-year it concerns.</summary>
public sealed record FindingRow
{
    public long Id { get; init; }
    public string Agency { get; init; } = "";
    public long Year { get; init; }
    public string Rule { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Subject { get; init; } = "";
    public double? LeftValue { get; init; }
    public double? RightValue { get; init; }
    public string Message { get; init; } = "";
    public string MessageZh { get; init; } = "";
}

/// <summary>One stored cell with its agency-year, as export and the revision history show it.</summary>
public sealed record ValueRow
{
    public string Agency { get; init; } = "";
    public long Year { get; init; }
    public string Metric { get; init; } = "";
    public long State { get; init; }
    public double? Value { get; init; }
    /// <summary>The text as written; null when it was the plain number itself.</summary>
    public string? Raw { get; init; }
}

/// <summary>One revision of an agency-year and the batch that brought it.</summary>
public sealed record RevisionRow
{
    public long Id { get; init; }
    public string Agency { get; init; } = "";
    public long Year { get; init; }
    public long Number { get; init; }
    public long BatchId { get; init; }
    public string FileName { get; init; } = "";
    public string FormatVersion { get; init; } = "";
    public long ValueCount { get; init; }
    public string CreatedAt { get; init; } = "";
    public bool IsCurrent { get; init; }

    /// <summary>The status of the batch that loaded it: rolled_back marks a revision an admin undid.</summary>
    public string BatchStatus { get; init; } = "";
}

/// <summary>A report cell obtained other than from its own table cell (source: 1 rules, 2 ambiguous, 3 prose, 4 missing).</summary>
public sealed record SourcedCellRow
{
    public string Agency { get; init; } = "";
    public long Year { get; init; }
    public string Metric { get; init; } = "";
    public long Source { get; init; }
    public string? Note { get; init; }
    public string? NoteZh { get; init; }
    public string? Raw { get; init; }
    public double? Value { get; init; }
    public long Line { get; init; }
}
