using System.Text.Json;
using Analytics.Core.Storage;
using Dapper;
using Microsoft.Playwright;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>What the end-to-end tests read from pages and from the database behind them.</summary>
internal static class Pages
{
    /// <summary>Waits until a Plotly chart has drawn (which also means the circuit is connected).</summary>
    public static Task WaitForChartAsync(IPage page, string chartId) =>
        page.Locator($"#{chartId} .main-svg").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });

    /// <summary>The traces a chart drew, by name: the y value per x category.</summary>
    public static async Task<Dictionary<string, Dictionary<string, double?>>> TracesAsync(IPage page, string chartId)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            $"() => document.getElementById('{chartId}').data.map(t => ({{ name: t.name, x: t.x, y: t.y }}))");
        var traces = new Dictionary<string, Dictionary<string, double?>>();
        foreach (var trace in json.EnumerateArray())
        {
            var xs = trace.GetProperty("x").EnumerateArray().Select(x => x.GetString()!).ToList();
            var ys = trace.GetProperty("y").EnumerateArray().Select(y => y.ValueKind == JsonValueKind.Number ? y.GetDouble() : (double?)null).ToList();
            traces[trace.GetProperty("name").GetString()!] = xs.Zip(ys).ToDictionary(p => p.First, p => p.Second);
        }
        return traces;
    }

    /// <summary>The sum of a metric per year over every agency, straight from the store.</summary>
    public static Dictionary<string, double> SumByYear(AnalyticsDatabase database, string metric)
    {
        using var connection = database.OpenRead();
        return connection.Query<(long Year, double Total)>(
            """
            SELECT r.year, sum(c.value) FROM reports r
            JOIN cell_values c ON c.revision_id = r.current_revision_id
            JOIN metrics m ON m.id = c.metric_id
            WHERE m.code = @metric AND c.state = 0
            GROUP BY r.year
            """, new { metric }).ToDictionary(r => r.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), r => r.Total);
    }

    public static string Export(AnalyticsDatabase database)
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(database, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Where screenshots go: docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the committed ones), else a temp folder.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" ? RepositoryScreenshots() : Path.Combine(Path.GetTempPath(), "dashboard-screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static string RepositoryScreenshots()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "screenshots");
            }
        }
        throw new DirectoryNotFoundException("No repository above the test output.");
    }
}
