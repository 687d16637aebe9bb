namespace Analytics.Core.Storage;

/// <summary>
/// How a writer waits for a database that another writer holds, and how large the file may grow. The defaults
/// wait about 47 s in all (four attempts of 10 s, with pauses of 1, 2 and 4 s between them).
/// </summary>
public sealed record WriteSettings
{
    /// <summary>How long one attempt waits for the write lock. Whole seconds count: Microsoft.Data.Sqlite's own retry loop uses the ceiling.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many more attempts follow the first when the database stays busy.</summary>
    public int BusyRetries { get; init; } = 3;

    /// <summary>The pause before the first retry; each later pause is twice the one before.</summary>
    public TimeSpan BusyBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cap on the file's size in pages (<c>PRAGMA max_page_count</c>; 16 KiB pages): past it a write fails as if
    /// the disk were full. Null: no cap beyond the disk's.
    /// </summary>
    public long? MaxPages { get; init; }

    /// <summary>How long a write waits for another writer in all: every attempt, and the pauses between them.</summary>
    public TimeSpan MaxBusyWait => BusyTimeout * (BusyRetries + 1) + BusyBackoff * (Math.Pow(2, BusyRetries) - 1);
}
