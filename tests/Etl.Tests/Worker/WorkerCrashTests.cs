using System.Diagnostics;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Dapper;

namespace Analytics.Etl.Tests.Worker;

/// <summary>The worker is killed mid-batch and restarted: the batch is then present exactly once, never partial or doubled.</summary>
public class WorkerCrashTests
{
    [Fact]
    public void AWorkerKilledDuringALargeBatchLoadsItExactlyOnceAfterRestart()
    {
        // SQLite only: about the file surviving SIGKILL mid-transaction (integrity_check, the file left in place).
        using var w = Workspace.OnSqlite();
        var dataDir = Path.Combine(w.Folder, "data");
        var inbox = Path.Combine(dataDir, "inbox");
        Directory.CreateDirectory(inbox);
        var dbPath = Path.Combine(w.Folder, "worker.db");

        // ~1.2 million values: long enough to load that the kill lands inside the batch's transaction.
        var source = Path.Combine(w.Folder, "large.csv");
        using (var writer = new StreamWriter(source))
        {
            SyntheticReports.WriteLong(writer, SyntheticReports.Generate(SyntheticReports.Agencies(1500), 2019, 2022));
        }

        var args = new[] { "--db", dbPath, "--data-dir", dataDir, "--no-seed" };
        var environment = new Dictionary<string, string>
        {
            ["Analytics__SweepInterval"] = "00:00:00.200",
            ["Analytics__SettleTime"] = "00:00:00.200",
        };
        var database = new AnalyticsDatabase(dbPath);

        using (var worker = EtlProcess.Start(args, environment))
        {
            // Copy in under a temporary name and rename, as a careful sender does; the worker ignores *.tmp.
            File.Copy(source, Path.Combine(inbox, "large.csv.tmp"));
            File.Move(Path.Combine(inbox, "large.csv.tmp"), Path.Combine(inbox, "large.csv"));

            WaitFor(() => Status(database) == "reading", TimeSpan.FromSeconds(60), worker);
            Thread.Sleep(Random.Shared.Next(100, 800));
            worker.Kill();
        }

        // Killed inside the transaction: nothing of the batch is visible, and the file is still in the inbox.
        Assert.Equal("reading", Status(database));
        Assert.Equal(0, Count(database, "cell_values"));
        Assert.Equal("ok", IntegrityCheck(database));
        Assert.True(File.Exists(Path.Combine(inbox, "large.csv")));

        using (var worker = EtlProcess.Start(args, environment))
        {
            WaitFor(() => Status(database) == "loaded" && !File.Exists(Path.Combine(inbox, "large.csv")), TimeSpan.FromSeconds(120), worker);
        }

        // Loaded once: the same export as a clean load of the same file, one revision per agency-year.
        using var clean = Workspace.OnSqlite();
        Assert.Equal("loaded", clean.Import(source).Status);
        Assert.Equal(clean.Export(), ExportOf(database));
        Assert.Equal(Count(database, "reports"), Count(database, "revisions"));
        Assert.Equal("ok", IntegrityCheck(database));
        using var connection = database.OpenRead();
        Assert.Equal(["interrupted", "loaded"], connection.Query<string>("SELECT status FROM batches ORDER BY id"));
    }

    private static string? Status(AnalyticsDatabase database)
    {
        if (!File.Exists(database.Path))
        {
            return null;
        }
        try
        {
            using var connection = database.OpenRead();
            return connection.ExecuteScalar<string?>("SELECT status FROM batches ORDER BY id DESC LIMIT 1");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null; // the schema is still being created
        }
    }

    private static long Count(AnalyticsDatabase database, string table)
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    private static string IntegrityCheck(AnalyticsDatabase database)
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<string>("PRAGMA integrity_check")!;
    }

    private static string ExportOf(AnalyticsDatabase database)
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(database, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, ChildProcess worker)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Condition not met in {timeout}. Worker output:\n{worker.Output}");
            }
            Thread.Sleep(20);
        }
    }
}
