using System.Globalization;

namespace Analytics.Bench;

/// <summary>What to measure: the data size, how many repetitions, where files go, where the report is written, and the PostgreSQL server to compare with.</summary>
public sealed record BenchOptions(string Scale, int AgencyYears, int Runs, string WorkDirectory, string Report, bool Pages, bool SkipLoad, string? Postgres)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var scale = Value("--scale", "default");
        var agencyYears = scale switch
        {
            "default" => 10_000,
            "provincial" => 100_000,
            "national" => 1_000_000,
            _ => int.Parse(scale, CultureInfo.InvariantCulture),
        };
        return new BenchOptions(
            scale,
            agencyYears,
            int.Parse(Value("--runs", "20"), CultureInfo.InvariantCulture),
            Value("--work", Path.Combine(Path.GetTempPath(), "analytics-bench")),
            Value("--out", Path.Combine(RepositoryRoot(), "docs", "performance.md")),
            !args.Contains("--no-pages"),
            args.Contains("--skip-load"),
            // A PostgreSQL server (a connection string without a database) to load and query beside SQLite.
            Value("--postgres", "") is { Length: > 0 } postgres ? postgres : null);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
