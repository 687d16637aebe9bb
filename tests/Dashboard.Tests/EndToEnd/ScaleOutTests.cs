using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Dapper;
using Microsoft.Playwright;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>
/// The system outgrown one machine: three worker processes and two dashboard processes on one PostgreSQL database,
/// fifty batches uploaded through both dashboards in Chromium while one worker is killed twice mid-batch.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ScaleOutTests(BrowserFixture fixture)
{
    private const int Files = 50;
    private const int AgenciesPerFile = 8;
    private const string Uploader = "scale-uploader";
    private const string Password = "correct horse battery scale";

    [Fact]
    public async Task ThreeWorkersAndTwoDashboardsLoadFiftyUploadsExactlyOnceWhileAWorkerIsKilledTwice()
    {
        using var store = ScratchPostgres.Create();
        var database = new AnalyticsDatabase(store.ConnectionString);
        database.Migrate();
        new UserStore(database).Add(Uploader, Roles.Uploader, Password, "test");
        var folder = Directory.CreateTempSubdirectory("scale-out-").FullName;
        var files = WriteFiles(folder);

        var processes = new List<ChildProcess>();
        try
        {
            // Short leases, so a killed worker's batch goes to another within seconds.
            var workerEnvironment = new Dictionary<string, string>
            {
                ["Analytics__QueueLease"] = "00:00:03",
                ["Analytics__QueuePollInterval"] = "00:00:00.200",
            };
            ChildProcess Worker(int n) => ChildProcess.Start(EtlProgram(), ["--db", store.ConnectionString, "--data-dir", Path.Combine(folder, $"worker{n}"), "--no-seed"], workerEnvironment);
            var workers = new List<ChildProcess> { Worker(1), Worker(2), Worker(3) };
            processes.AddRange(workers);
            var dashboards = new List<(ChildProcess Process, string Url)>();
            foreach (var n in new[] { 1, 2 })
            {
                var dashboard = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "Analytics.Dashboard.dll"),
                    ["--db", store.ConnectionString, "--data-dir", Path.Combine(folder, $"dashboard{n}"), "--no-seed", "--no-worker", "--urls", "http://127.0.0.1:0"],
                    new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information" });
                processes.Add(dashboard);
                dashboards.Add((dashboard, await dashboard.ListeningAsync()));
            }

            // Half the files through each dashboard, at most 20 per upload (the upload page's limit).
            var contexts = new List<IBrowserContext>();
            foreach (var _ in dashboards)
            {
                contexts.Add(await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" }));
            }
            var uploads = dashboards.Select((d, i) => UploadAsync(contexts[i], d.Url, files.Where((_, f) => f % 2 == i).ToList())).ToList();

            // Kill, twice, a worker in the middle of a batch (it holds the lease and the batch is being read), then
            // start a new one in its place.
            var killed = new List<long>();
            for (var kill = 0; kill < 2; kill++)
            {
                var (victim, batch) = await WaitForBusyWorkerAsync(database, workers, uploads);
                victim.Kill();
                killed.Add(batch);
                workers.Remove(victim);
                var replacement = Worker(4 + kill);
                workers.Add(replacement);
                processes.Add(replacement);
            }
            var pages = await Task.WhenAll(uploads);
            await WaitUntilAllFinalAsync(database, TimeSpan.FromMinutes(5), processes);

            // Each upload page follows its batches to the end, though other processes loaded them (status read from the database).
            foreach (var page in pages)
            {
                var rows = page.Locator("#upload-list tbody tr");
                await WaitUntilAsync(async () => await rows.CountAsync() == await rows.Filter(new() { Has = page.Locator("[data-status=loaded]") }).CountAsync(),
                    TimeSpan.FromSeconds(30), "the upload page to show every batch loaded");
            }
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }

            using var connection = database.OpenRead();
            var batches = connection.Query<(long Id, string Status, string FileName, long Attempts)>(
                "SELECT id, status, file_name, attempts FROM batches ORDER BY id").AsList();
            Assert.Equal(Files, batches.Count);
            Assert.All(batches, b => Assert.Equal(BatchStore.Statuses.Loaded, b.Status));
            Assert.Equal(Files, batches.Select(b => b.FileName).Distinct().Count());
            // Each killed batch was taken over by another worker and loaded once: its revisions are one per agency-year.
            Assert.All(killed, id => Assert.True(batches.Single(b => b.Id == id).Attempts >= 2, $"Batch {id} was never taken over."));
            var revisionsPerBatch = connection.Query<(long Batch, long Count)>("SELECT batch_id, count(*) FROM revisions GROUP BY batch_id").AsList();
            Assert.Equal(Files, revisionsPerBatch.Count);
            Assert.All(revisionsPerBatch, r => Assert.Equal(AgenciesPerFile * 4, r.Count));
            Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM (SELECT report_id FROM revisions GROUP BY report_id HAVING count(*) > 1) x"));

            // The export equals one SQLite process loading the same files.
            Assert.Equal(SqliteExport(folder, files), Export(database));

            // Both dashboards show the same figures.
            var first = await OverviewFiguresAsync(dashboards[0].Url);
            var second = await OverviewFiguresAsync(dashboards[1].Url);
            Assert.NotEmpty(first);
            Assert.Equal(first, second);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> WriteFiles(string folder)
    {
        var agencies = SyntheticReports.Agencies(Files * AgenciesPerFile);
        var files = new List<string>();
        for (var i = 0; i < Files; i++)
        {
            var path = Path.Combine(folder, $"batch_{i + 1:D2}.csv");
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(agencies.Skip(i * AgenciesPerFile).Take(AgenciesPerFile).ToList(), 2021, 2024, seed: i));
            files.Add(path);
        }
        return files;
    }

    private static async Task<IPage> UploadAsync(IBrowserContext context, string url, List<string> files)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "/login");
        await page.FillAsync("#login-name", Uploader);
        await page.FillAsync("#login-password", Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
        await page.GotoAsync(url + "/upload");
        var sent = 0;
        foreach (var chunk in files.Chunk(20))
        {
            await page.Locator(".dropzone[data-ready=true]").WaitForAsync(new() { Timeout = 30_000 });
            await page.Locator("#upload-input").SetInputFilesAsync(chunk);
            sent += chunk.Length;
            // Every file of the chunk is stored and queued before the next chunk goes.
            // (Polled from here: the page's CSP rightly refuses the string evaluation WaitForFunctionAsync needs.)
            var stored = page.Locator("#upload-list tbody tr progress[value='100']");
            await WaitUntilAsync(async () => await stored.CountAsync() >= sent, TimeSpan.FromSeconds(60), $"{sent} files to be stored");
        }
        return page;
    }

    /// <summary>
    /// The loader as its own project built it (same configuration): the copy beside these tests lacks the
    /// generic host's assemblies, which the web app gets from the ASP.NET Core framework instead.
    /// </summary>
    private static string EtlProgram()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory); // tests/Dashboard.Tests/bin/<Configuration>/net10.0/
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Analytics.sln")))
        {
            root = root.Parent;
        }
        return Path.Combine(root!.FullName, "src", "Etl", "bin", configuration, "net10.0", "Analytics.Etl.dll");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A worker that holds a batch in the middle of loading it, and that batch.</summary>
    private static async Task<(ChildProcess Worker, long Batch)> WaitForBusyWorkerAsync(AnalyticsDatabase database, List<ChildProcess> workers, List<Task<IPage>> uploads)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (uploads.FirstOrDefault(u => u.IsFaulted) is { } failed)
            {
                await failed; // the upload's own error says more than a timeout here would
            }
            using (var connection = database.OpenRead())
            {
                foreach (var (id, claimedBy) in connection.Query<(long, string)>(
                    "SELECT id, claimed_by FROM batches WHERE status = 'reading' AND claimed_by IS NOT NULL"))
                {
                    if (workers.FirstOrDefault(w => claimedBy.Contains($":{w.Id}:", StringComparison.Ordinal)) is { } worker)
                    {
                        return (worker, id);
                    }
                }
            }
            await Task.Delay(20);
        }
        using var summary = database.OpenRead();
        throw new TimeoutException("No worker was seen loading a batch; batches: "
            + string.Join(", ", summary.Query<(long, string, string?)>("SELECT id, status, claimed_by FROM batches ORDER BY id"))
            + "\n" + string.Join("\n----\n", workers.Select(w => w.Output)));
    }

    private static async Task WaitUntilAllFinalAsync(AnalyticsDatabase database, TimeSpan timeout, List<ChildProcess> processes)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            using (var connection = database.OpenRead())
            {
                if (connection.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'") == Files)
                {
                    return;
                }
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("Not every batch loaded:\n" + string.Join("\n----\n", processes.Select(p => p.Output)));
    }

    private static string Export(AnalyticsDatabase database)
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(database, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string SqliteExport(string folder, List<string> files)
    {
        var single = new AnalyticsDatabase(Path.Combine(folder, "single.db"));
        single.Migrate();
        var pipeline = new Etl.Ingestion.IngestionPipeline(single);
        foreach (var file in files)
        {
            Assert.Equal(BatchStore.Statuses.Loaded, pipeline.Ingest(Etl.Ingestion.IngestRequest.ForFile(file, "test")).Status);
        }
        var export = Export(single);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return export;
    }

    /// <summary>The overview's key figures as the page shows them (prerendered HTML, as any visitor gets it).</summary>
    private static async Task<List<string>> OverviewFiguresAsync(string url)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var html = await client.GetStringAsync("/");
        return KpiValue().Matches(html).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex("class=\"value\" data-value=\"([^\"]+)\"")]
    private static partial Regex KpiValue();
}
