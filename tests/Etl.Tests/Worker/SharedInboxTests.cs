using System.Diagnostics;
using Analytics.Core.Storage;
using Analytics.Etl.Tests.Ingestion;
using Dapper;

namespace Analytics.Etl.Tests.Worker;

/// <summary>Several worker processes on one inbox and one new database: every file is taken by one of them, once.</summary>
public class SharedInboxTests
{
    [Fact]
    public void ThreeWorkersSharingAnInboxLoadEachDistinctFileOnceAndRecordEveryCopyAsADuplicate()
    {
        using var w = new Workspace();
        var dataDir = Path.Combine(w.Folder, "data");
        var inbox = Path.Combine(dataDir, "inbox");
        Directory.CreateDirectory(inbox);
        // A new store: the three workers create and migrate it at the same moment.
        var store = w.NewStore("shared.db");
        var database = store.Open();
        var distinct = ConcurrentIngestTests.DisjointFiles(w.Folder, count: 6, agenciesEach: 10);
        var args = new[] { "--db", store.Setting, "--data-dir", dataDir, "--no-seed" };
        var environment = new Dictionary<string, string>
        {
            ["Analytics__SweepInterval"] = "00:00:00.100",
            ["Analytics__SettleTime"] = "00:00:00.100",
        };

        var workers = Enumerable.Range(0, 3).Select(_ => EtlProcess.Start(args, environment)).ToList();
        try
        {
            WaitFor(() => workers.All(p => p.Output.Contains("Watching")), workers);
            // Each file once, then each again under another name: twelve files, six contents.
            for (var i = 0; i < 12; i++)
            {
                var temporary = Path.Combine(inbox, $"drop{i:00}.csv.tmp");
                File.Copy(distinct[i % distinct.Count], temporary);
                File.Move(temporary, Path.ChangeExtension(temporary, null));
            }
            WaitFor(() => Directory.GetFiles(inbox, "*.csv").Length == 0 && store.Read<List<string>?>(c => c.Query<string>("SELECT status FROM batches").AsList(), null) is { Count: 12 } s && s.All(BatchStore.Statuses.IsFinal), workers);
        }
        finally
        {
            workers.ForEach(p => p.Dispose());
        }

        using (var connection = database.OpenRead())
        {
            // One batch per file dropped; per content one loaded, and the copy a duplicate of it.
            var batches = connection.Query<(string Sha256, string Status, long Id, long? DuplicateOf)>("SELECT sha256, status, id, duplicate_of FROM batches").ToList();
            Assert.Equal(12, batches.Count);
            foreach (var path in distinct)
            {
                var sha = ConcurrentIngestTests.Sha256(path);
                var loaded = Assert.Single(batches, b => b.Sha256 == sha && b.Status == BatchStore.Statuses.Loaded);
                var copy = Assert.Single(batches, b => b.Sha256 == sha && b.Status != BatchStore.Statuses.Loaded);
                Assert.Equal((BatchStore.Statuses.Duplicate, loaded.Id), (copy.Status, copy.DuplicateOf));
            }
        }
        Assert.Equal("ok", store.IntegrityCheck());
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(12, Directory.GetFiles(Path.Combine(dataDir, "archive")).Length);
        Assert.False(Directory.Exists(Path.Combine(dataDir, "failed")));

        foreach (var path in distinct)
        {
            Assert.Equal(BatchStore.Statuses.Loaded, w.Import(path).Status);
        }
        using var buffer = new MemoryStream();
        ExportWriter.Write(database, buffer);
        Assert.Equal(w.Export(), System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WaitFor(Func<bool> condition, List<ChildProcess> workers)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException("The workers did not finish:\n" + string.Join("\n---\n", workers.Select(p => p.Output)));
            }
            Thread.Sleep(50);
        }
    }
}
