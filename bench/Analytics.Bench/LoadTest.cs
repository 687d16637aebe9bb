using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Dapper;

namespace Analytics.Bench;

public static partial class Benchmark
{
    private const int Visitors = 50;

    /// <summary>
    /// Fifty anonymous visitors, each requesting the chart pages one after another without pause, on a copy of
    /// the loaded database while the dashboard's own worker loads a new batch of about a million values from its
    /// inbox. Reports every request's time, the errors, and how long the batch took under that traffic.
    /// </summary>
    private static async Task<List<string>> LoadTestAsync(string loadedDb, int agencies, string work)
    {
        var folder = Path.Combine(work, "load-test");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(folder, "inbox"));
        var db = Path.Combine(folder, "analytics.db");
        using (var source = new AnalyticsDatabase(loadedDb).OpenWrite())
        {
            // A consistent copy of the loaded database, WAL included.
            source.Execute($"VACUUM INTO '{db.Replace("'", "''", StringComparison.Ordinal)}'");
        }
        var batchFile = Path.Combine(folder, "batch.csv");
        var batchAgencies = Math.Min(agencies, 2500);
        using (var writer = new StreamWriter(batchFile, false, new UTF8Encoding(false), 1 << 20))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(batchAgencies), 2025, 2026));
        }

        var (process, url) = await StartDashboardAsync("--db", db, "--data-dir", folder, "--no-seed");
        try
        {
            var database = new AnalyticsDatabase(db);
            string? Status()
            {
                using var connection = database.OpenRead();
                return connection.ExecuteScalar<string?>("SELECT status FROM batches WHERE file_name = 'batch.csv' ORDER BY id DESC LIMIT 1");
            }
            var paths = new[] { "/", "/compare", "/quality", "/agency", "/?level=" + Uri.EscapeDataString("县级") };
            var times = new ConcurrentBag<double>();
            var errors = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            File.Move(batchFile, Path.Combine(folder, "inbox", "batch.csv"));
            await Parallel.ForEachAsync(Enumerable.Range(0, Visitors), new ParallelOptions { MaxDegreeOfParallelism = Visitors }, async (visitor, _) =>
            {
                using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
                // Browse until the batch is in, and at least one round of every page.
                for (var round = 0; round < 1 || !BatchStore.Statuses.IsFinal(Status() ?? ""); round++)
                {
                    foreach (var path in paths)
                    {
                        var request = Stopwatch.StartNew();
                        try
                        {
                            using var response = await client.GetAsync(paths[(visitor + Array.IndexOf(paths, path)) % paths.Length]);
                            await response.Content.ReadAsByteArrayAsync();
                            if (!response.IsSuccessStatusCode)
                            {
                                errors.Add($"{path}: {(int)response.StatusCode}");
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                        {
                            errors.Add($"{path}: {ex.Message}");
                        }
                        times.Add(request.Elapsed.TotalMilliseconds);
                    }
                }
            });
            var loadSeconds = clock.Elapsed.TotalSeconds;
            using var connection = database.OpenRead();
            var (status, values) = connection.QuerySingle<(string, long)>("SELECT status, values_loaded FROM batches WHERE file_name = 'batch.csv'");
            var sorted = times.Order().ToArray();
            double Percentile(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return
            [
                "## Load test: 50 visitors while a batch loads",
                "",
                $"A copy of the loaded database served by the dashboard in its own process (worker on); {Visitors} visitors request the chart pages "
                + $"(overview, compare, data quality, agency, overview by level) back to back, without pause, while the worker loads a new batch of "
                + $"{values:N0} values dropped into its inbox. The visitors stop when the batch is in.",
                "",
                "| requests | errors | p50 ms | p95 ms | max ms | batch | batch time under load |",
                "|---|---|---|---|---|---|---|",
                $"| {sorted.Length:N0} | {errors.Count} | {Percentile(0.5):0} | {Percentile(0.95):0} | {sorted[^1]:0} | {status} | {loadSeconds:0.0} s |",
                "",
            ];
        }
        finally
        {
            process.Dispose();
        }
    }
}
