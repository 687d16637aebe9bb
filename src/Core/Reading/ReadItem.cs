using Analytics.Core.Catalog;

namespace Analytics.Core.Reading;

/// <summary>The agency a value belongs to, with the optional attributes a file may give for it.</summary>
public readonly record struct AgencyRef(string Name, string? Code = null, string? Region = null, string? Level = null);

/// <summary>
/// One value read from a file, with where it was read (line and 1-based column) and how it was obtained. Only the
/// report reader sets <see cref="Source"/> to anything but Table, and <see cref="Ambiguity"/> when a split was a choice.
/// </summary>
public readonly record struct ReadCell(
    AgencyRef Agency, int Year, Metric Metric, CellValue Value, long Line, int Column, FormatVersions Version = FormatVersions.Both,
    CellSource Source = CellSource.Table, AmbiguousSplit? Ambiguity = null);

/// <summary>What a reader yields: a cell, or a located error.</summary>
public readonly record struct ReadItem(ReadCell Cell, ReadError? Error)
{
    public static implicit operator ReadItem(ReadCell cell) => new(cell, null);

    public static implicit operator ReadItem(ReadError error) => new(default, error);
}

/// <summary>How far a reader has got, for progress displays (updated as it reads).</summary>
public sealed class ReadProgress
{
    private long _bytes;
    private long _rows;

    public long Bytes => Volatile.Read(ref _bytes);

    public long Rows => Volatile.Read(ref _rows);

    internal void Report(long bytes, long rows)
    {
        Volatile.Write(ref _bytes, bytes);
        Volatile.Write(ref _rows, rows);
    }
}
