using System.Globalization;

namespace Analytics.Dashboard.Views;

/// <summary>The database stores UTC ISO stamps; pages show them in the server's local time.</summary>
public static class Stamps
{
    public static string Local(string? stamp, bool seconds = false) =>
        DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToLocalTime().ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : stamp ?? "";
}
