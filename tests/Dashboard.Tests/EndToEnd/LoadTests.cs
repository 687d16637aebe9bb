using System.Collections.Concurrent;
using Analytics.Core.Synthetic;
using Dapper;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>
/// Fifty people browsing while a large batch loads, on a server of its own over loopback: no request fails and
/// the load still completes. The page times under this load are measured by the benchmark, not asserted here.
/// </summary>
public sealed class LoadTests
{
    private const int Users = 50;

    private static readonly string[] Paths = ["/", "/compare", "/quality", "/?level=" + Uri.EscapeDataString("县级"), "/templates/long.csv"];

    [Fact]
    public async Task FiftyConcurrentVisitorsGetEveryPageWhileALargeBatchLoads()
    {
        await using var factory = new DashboardFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress;
        await WaitAsync(() => LoadedBatches(factory) >= 3, TimeSpan.FromSeconds(90));

        // About 400,000 values for years the demo does not have, dropped into the worker's inbox.
        var inbox = Path.Combine(factory.DataDirectory, "inbox");
        Directory.CreateDirectory(inbox);
        var staging = Path.Combine(factory.DataDirectory, "large.csv.tmp");
        using (var writer = new StreamWriter(staging))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(1000), 2025, 2026));
        }
        File.Move(staging, Path.Combine(inbox, "large.csv"));

        var failures = new ConcurrentBag<string>();
        var duringLoad = 0;
        var requests = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = Users }, async (user, _) =>
        {
            using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
            for (var round = 0; round < 2; round++)
            {
                foreach (var path in Paths.Skip(user % Paths.Length).Concat(Paths.Take(user % Paths.Length)))
                {
                    if (LoadedBatches(factory) < 4)
                    {
                        Interlocked.Increment(ref duringLoad);
                    }
                    try
                    {
                        using var response = await client.GetAsync(path);
                        var body = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode || body.Length == 0)
                        {
                            failures.Add($"{path}: {(int)response.StatusCode}");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        failures.Add($"{path}: {ex.Message}");
                    }
                    Interlocked.Increment(ref requests);
                }
            }
        });

        await WaitAsync(() => LoadedBatches(factory) >= 4, TimeSpan.FromMinutes(3));
        Assert.Empty(failures);
        Assert.Equal(Users * 2 * Paths.Length, requests);
        // The visitors really overlapped the load.
        Assert.True(duringLoad > 0, "no request was made while the batch was loading");
        using var connection = factory.Database.OpenRead();
        Assert.InRange(connection.ExecuteScalar<long>("SELECT values_loaded FROM batches WHERE file_name = 'large.csv'"), 380_000, 430_000);
    }

    private static long LoadedBatches(DashboardFactory factory) =>
        factory.Store.Read(c => c.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'"), 0L);

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The batch did not finish loading.");
            }
            await Task.Delay(200);
        }
    }
}
