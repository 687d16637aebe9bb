using System.Globalization;

namespace Analytics.Core.Storage;

/// <summary>Timestamps as stored: ISO 8601 UTC with milliseconds, so they sort as text.</summary>
public static class Clock
{
    public static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Now() => Stamp(DateTimeOffset.UtcNow);
}
