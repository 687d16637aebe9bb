using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Analytics.Dashboard.Tests;

/// <summary>The run command's options, on the real program in its own process.</summary>
public sealed partial class ProgramTests
{
    [Fact]
    public async Task DbNoSeedAndUrlsPointTheAppAtAnotherDatabaseWithoutDemoDataOnTheGivenAddress()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-program-").FullName;
        // SQLite only: --db given a path must create that very file, which the test then opens itself.
        var db = Path.Combine(folder, "other.db");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Analytics.Dashboard.dll"), "--no-seed", "--db", db, "--urls", "http://127.0.0.1:0", "--data-dir", folder })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("ANALYTICS_DB");
        using var process = Process.Start(info)!;
        var address = new TaskCompletionSource<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m)
            {
                address.TrySetResult(m.Groups[1].Value);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient();
            var response = await client.GetAsync(url + "/batches");
            Assert.True(response.IsSuccessStatusCode);
            Assert.True(File.Exists(db));
            // --no-seed: the batches page lists nothing, and no demo batch was recorded.
            await Task.Delay(1500);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM batches";
            Assert.Equal(0L, (long)command.ExecuteScalar()!);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
