using System.Security.Cryptography;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Analytics.Etl.Ingestion;
using Dapper;

namespace Analytics.Etl.Tests.Ingestion;

/// <summary>Many uploads at once, some of the same content: each content is loaded once, every other copy is a duplicate.</summary>
public class ConcurrentIngestTests
{
    [Fact]
    public void TwentyConcurrentIngestsLoadEachDistinctFileExactlyOnceAndTheRestAreDuplicates()
    {
        using var w = new Workspace();
        var distinct = DisjointFiles(w.Folder, count: 8, agenciesEach: 6);
        // 20 requests: every file once, then copies under other names and the same paths again.
        var requests = distinct.Select((path, i) => (Path: path, Content: i)).ToList();
        for (var i = 0; requests.Count < 20; i++)
        {
            var content = i * 3 % distinct.Count;
            var path = i % 2 == 0 ? distinct[content] : Path.Combine(w.Folder, $"copy{i}-{Path.GetFileName(distinct[content])}");
            if (path != distinct[content])
            {
                File.Copy(distinct[content], path);
            }
            requests.Add((path, content));
        }

        using var start = new Barrier(requests.Count);
        var results = new IngestResult[requests.Count];
        var threads = requests.Select((r, i) => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = w.Pipeline.Ingest(IngestRequest.ForFile(r.Path, "upload"));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // Each distinct content: one loaded batch; every other request for it a duplicate of that batch.
        foreach (var group in requests.Select((r, i) => (r.Content, Result: results[i])).GroupBy(x => x.Content))
        {
            var loaded = Assert.Single(group, x => x.Result.Status == BatchStore.Statuses.Loaded).Result;
            Assert.All(group.Where(x => x.Result != loaded), x =>
                Assert.Equal((BatchStore.Statuses.Duplicate, loaded.BatchId), (x.Result.Status, x.Result.DuplicateOf)));
        }
        using (var connection = w.Database.OpenRead())
        {
            Assert.Equal(
                distinct.Select(Sha256).Order(),
                connection.Query<string>("SELECT sha256 FROM batches WHERE status = 'loaded'").Order());
            Assert.Equal(20, connection.ExecuteScalar<long>("SELECT count(*) FROM batches"));
            Assert.Equal(12, connection.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'duplicate'"));
            Assert.Equal(connection.ExecuteScalar<long>("SELECT count(*) FROM reports"), connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"));
        }

        using var sequential = new Workspace();
        foreach (var path in distinct)
        {
            Assert.Equal(BatchStore.Statuses.Loaded, sequential.Import(path).Status);
        }
        Assert.Equal(sequential.Export(), w.Export());
    }

    /// <summary>Files of different agencies, so the current figures do not depend on the order they load in.</summary>
    internal static List<string> DisjointFiles(string folder, int count, int agenciesEach)
    {
        var agencies = SyntheticReports.Agencies(count * agenciesEach);
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"part{i}.csv");
            using (var writer = new StreamWriter(path))
            {
                var reports = SyntheticReports.Generate(agencies.Skip(i * agenciesEach).Take(agenciesEach).ToList(), 2021, 2023, seed: i);
                if (i % 2 == 0)
                {
                    SyntheticReports.WriteLong(writer, reports);
                }
                else
                {
                    SyntheticReports.WriteWide(writer, reports);
                }
            }
            files.Add(path);
        }
        return files;
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
