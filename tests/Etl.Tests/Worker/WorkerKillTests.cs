using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Analytics.Etl.Tests.Ingestion;
using Dapper;
using Xunit.Abstractions;

namespace Analytics.Etl.Tests.Worker;

/// <summary>
/// The worker SIGKILLed at 20 random moments of large batches and restarted each time: after every kill the
/// database is sound and holds whole files only; in the end each file is loaded exactly once and the export
/// equals a clean load. The moments come from a seed printed first, so a failing run can be repeated.
/// </summary>
public class WorkerKillTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_240_611;

    private enum Phase
    {
        Hashing,
        Reading,
        Committing,
        Moving,
    }

    // Agencies per file, four years of ~205 values each: 164 000 values for 200 agencies. The large files come
    // first, so the kills (which mostly land in the first file left) fall in them.
    private static readonly int[] FileSizes = [200, 120, 150, 100, 100, 100, 30, 30, 30, 30];

    // Only a kill while committing or moving lets a file finish, and there are seven of those for ten files: every
    // restart finds a file left to load, so every kill lands in a batch.
    private static readonly (Phase Phase, int Kills)[] Schedule = [(Phase.Hashing, 5), (Phase.Reading, 8), (Phase.Committing, 5), (Phase.Moving, 2)];

    [Fact]
    public void TwentyKillsAtRandomMomentsOfLargeBatchesLoseAndDuplicateNothing()
    {
        var clock = Stopwatch.StartNew();
        var seed = Environment.GetEnvironmentVariable("ANALYTICS_KILL_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture) : DefaultSeed;
        output.WriteLine($"Kill suite seed {seed}; ANALYTICS_KILL_SEED={seed} repeats these kill moments.");
        var random = new Random(seed);

        // SQLite only: about the file surviving SIGKILL (integrity_check); the clean load times the kills on the same store.
        using var w = Workspace.OnSqlite();
        var files = WriteFiles(w.Folder);
        var dataDir = Path.Combine(w.Folder, "data");
        var inbox = Path.Combine(dataDir, "inbox");
        Directory.CreateDirectory(inbox);
        var database = new AnalyticsDatabase(Path.Combine(w.Folder, "worker.db"));

        // The clean load, in the order the worker takes the files; its phase times place the kills.
        var timings = new Dictionary<string, (TimeSpan Hash, TimeSpan Load, TimeSpan Commit)>();
        foreach (var file in files)
        {
            var result = w.Import(file.Path);
            Assert.Equal(BatchStore.Statuses.Loaded, result.Status);
            timings[Path.GetFileName(file.Path)] = (result.Phases["hash"], result.Phases["load"], result.Phases["commit"]);
        }
        var clean = w.Export();
        var cleanLines = clean.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => (Agency: line[..line.IndexOf(',')], Line: line)).ToList();
        output.WriteLine($"{files.Count} files, {cleanLines.Count:N0} values; written and loaded cleanly in {clock.Elapsed.TotalSeconds:0.0} s.");

        // Oldest first, so the worker takes them in the clean load's order; long settled, so it takes them at once.
        for (var i = 0; i < files.Count; i++)
        {
            var target = Path.Combine(inbox, Path.GetFileName(files[i].Path));
            File.Copy(files[i].Path, target);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddHours(-1).AddSeconds(i));
        }

        var args = new[] { "--db", database.Path, "--data-dir", dataDir, "--no-seed" };
        var environment = new Dictionary<string, string>
        {
            ["Analytics__SweepInterval"] = "00:00:00.200",
            ["Analytics__SettleTime"] = "00:00:00.200",
            // The sweeper logs each stage of a load at debug level: the kills aim at them.
            ["Logging__LogLevel__Analytics.Etl.Worker.InboxSweeper"] = "Debug",
        };
        var phases = Schedule.SelectMany(s => Enumerable.Repeat(s.Phase, s.Kills)).ToArray();
        random.Shuffle(phases);
        for (var kill = 1; kill <= phases.Length; kill++)
        {
            var phase = phases[kill - 1];
            var fraction = random.NextDouble();
            Assert.True(Directory.GetFiles(inbox, "*.csv").Length > 0, $"Seed {seed}: every file was loaded before kill {kill}.");
            var seen = Query(database, c => c.ExecuteScalar<long>("SELECT coalesce(max(id), 0) FROM batches"), 0L);
            (long Id, string FileName) batch;
            TimeSpan delay;
            string reached;
            using (var worker = EtlProcess.Start(args, environment))
            {
                switch (phase)
                {
                    case Phase.Hashing:
                        // From the moment the batch is recorded: it then hashes the file (a duplicate's hashing counts too).
                        batch = WaitFor(() => Query(database, c => c.Query<(long, string)>(
                            "SELECT id, file_name FROM batches WHERE id > @seen ORDER BY id LIMIT 1", new { seen }).Select(b => ((long, string)?)b).FirstOrDefault(), null), worker, seed);
                        delay = timings[batch.FileName].Hash * fraction;
                        break;
                    case Phase.Reading:
                        batch = WaitFor(() => Stage(worker, seen, BatchStore.Statuses.Reading), worker, seed);
                        delay = timings[batch.FileName].Load * 0.8 * fraction;
                        break;
                    case Phase.Committing:
                        // "validating": the rules, the rollups and the commit, all in the batch's transaction.
                        batch = WaitFor(() => Stage(worker, seen, BatchStore.Statuses.Validating), worker, seed);
                        delay = timings[batch.FileName].Commit * 0.8 * fraction;
                        break;
                    default:
                        // Committed: the kill lands while the file is moved out of the inbox, or just after.
                        batch = WaitFor(() => Query(database, c => c.Query<(long, string)>(
                            "SELECT id, file_name FROM batches WHERE id > @seen AND status = 'loaded' ORDER BY id LIMIT 1", new { seen }).Select(b => ((long, string)?)b).FirstOrDefault(), null), worker, seed);
                        delay = TimeSpan.FromMilliseconds(20 * fraction);
                        break;
                }
                Thread.Sleep(delay);
                worker.Kill();
                reached = Regex.Matches(worker.Output, $@"\(batch {batch.Id}\): (\w+)").Select(m => m.Groups[1].Value).LastOrDefault() ?? "recorded";
            }
            var inInbox = File.Exists(Path.Combine(inbox, batch.FileName));
            output.WriteLine($"kill {kill,2} {phase,-10} {batch.FileName} (batch {batch.Id}) after {delay.TotalMilliseconds,5:0} ms: " +
                $"stage {reached}, batch {StatusOf(database, batch.Id)}, file {(inInbox ? "in the inbox" : "archived")}");

            AssertWholeFilesOnly(database, dataDir, files, cleanLines);
        }

        // A last start finishes the rest.
        using (var worker = EtlProcess.Start(args, environment))
        {
            WaitFor(() => Directory.GetFiles(inbox, "*.csv").Length == 0
                && Query(database, c => c.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status IN ('queued', 'reading', 'validating')"), 1L) == 0
                ? true : (bool?)null, worker, seed);
        }

        AssertWholeFilesOnly(database, dataDir, files, cleanLines);
        Assert.Equal(clean, Export(database));
        using (var connection = database.OpenRead())
        {
            Assert.Equal(files.Select(f => f.Sha256).Order(), connection.Query<string>("SELECT sha256 FROM batches WHERE status = 'loaded'").Order());
            Assert.All(connection.Query<string>("SELECT status FROM batches"), s => Assert.Contains(s, (string[])["loaded", "duplicate", "interrupted"]));
            Assert.Equal(connection.ExecuteScalar<long>("SELECT count(*) FROM reports"), connection.ExecuteScalar<long>("SELECT count(*) FROM revisions"));
        }
        // Even the claims the kills left behind are gone once their files have been loaded.
        Assert.Empty(Directory.GetFiles(inbox));
        output.WriteLine($"Kill suite done in {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>The first batch of this start whose load the worker logged reaching <paramref name="stage"/>.</summary>
    private static (long, string)? Stage(ChildProcess worker, long seen, string stage) =>
        Regex.Matches(worker.Output, $@"(\S+) \(batch (\d+)\): {stage}")
            .Select(m => (Id: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), File: m.Groups[1].Value))
            .Where(b => b.Id > seen)
            .Select(b => ((long, string)?)b)
            .FirstOrDefault();

    /// <summary>
    /// After a kill: the file is sound, no content is loaded twice, nothing of an unfinished batch remains, and the
    /// export is exactly the clean load's lines of the files whose batches committed.
    /// </summary>
    private static void AssertWholeFilesOnly(AnalyticsDatabase database, string dataDir, List<SourceFile> files, List<(string Agency, string Line)> cleanLines)
    {
        using var connection = database.OpenRead();
        Assert.Equal("ok", connection.ExecuteScalar<string>("PRAGMA integrity_check"));
        var loaded = connection.Query<string>("SELECT sha256 FROM batches WHERE status = 'loaded'").ToList();
        Assert.Equal(loaded.Count, loaded.Distinct().Count());
        Assert.All(loaded, sha => Assert.Contains(sha, files.Select(f => f.Sha256)));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM revisions WHERE batch_id NOT IN (SELECT id FROM batches WHERE status = 'loaded')"));

        var present = files.Where(f => loaded.Contains(f.Sha256)).SelectMany(f => f.Agencies).ToHashSet();
        var expected = new StringBuilder("agency,year,metric,value\n");
        foreach (var (agency, line) in cleanLines.Where(l => present.Contains(l.Agency)))
        {
            expected.Append(line).Append('\n');
        }
        Assert.Equal(expected.ToString(), Export(database));

        // A file leaves the inbox only after its batch committed ("000012-batch03.csv"), and none was rejected.
        var archive = Path.Combine(dataDir, "archive");
        var archived = Directory.Exists(archive) ? Directory.GetFiles(archive).Select(p => Path.GetFileName(p)[7..]) : [];
        Assert.All(archived, name => Assert.Contains(files.Single(f => Path.GetFileName(f.Path) == name).Sha256, loaded));
        Assert.False(Directory.Exists(Path.Combine(dataDir, "failed")));
    }

    private sealed record SourceFile(string Path, string Sha256, HashSet<string> Agencies);

    /// <summary>Files of different agencies, long and wide, so each file's values are recognisable in the export.</summary>
    private static List<SourceFile> WriteFiles(string folder)
    {
        var agencies = SyntheticReports.Agencies(FileSizes.Sum());
        var files = new List<SourceFile>();
        var first = 0;
        for (var i = 0; i < FileSizes.Length; i++)
        {
            var mine = agencies.Skip(first).Take(FileSizes[i]).ToList();
            first += FileSizes[i];
            var path = Path.Combine(folder, $"batch{i:00}.csv");
            using (var writer = new StreamWriter(path))
            {
                var reports = SyntheticReports.Generate(mine, 2019, 2022, seed: i);
                if (i % 3 == 1)
                {
                    SyntheticReports.WriteWide(writer, reports);
                }
                else
                {
                    SyntheticReports.WriteLong(writer, reports);
                }
            }
            files.Add(new SourceFile(path, ConcurrentIngestTests.Sha256(path), mine.Select(a => a.Name).ToHashSet()));
        }
        return files;
    }

    private static string? StatusOf(AnalyticsDatabase database, long id) =>
        Query(database, c => c.ExecuteScalar<string?>("SELECT status FROM batches WHERE id = @id", new { id }), null);

    private static string Export(AnalyticsDatabase database)
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(database, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A read, or <paramref name="fallback"/> while the worker has yet to create the file and its tables.</summary>
    private static T Query<T>(AnalyticsDatabase database, Func<System.Data.Common.DbConnection, T> read, T fallback)
    {
        if (!File.Exists(database.Path))
        {
            return fallback;
        }
        try
        {
            using var connection = database.OpenRead();
            return read(connection);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return fallback;
        }
    }

    private static T WaitFor<T>(Func<T?> value, ChildProcess worker, int seed) where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (value() is { } found)
            {
                return found;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Seed {seed}: the worker did not get there in 60 s. Its output:\n{worker.Output}");
            }
            Thread.Sleep(2);
        }
    }
}
