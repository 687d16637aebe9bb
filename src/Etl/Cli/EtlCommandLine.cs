using System.Globalization;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Core.Synthetic;
using Analytics.Etl.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Analytics.Etl.Cli;

/// <summary>
/// The verbs people and scripts use: <c>import</c>, <c>export</c>, <c>check</c>, <c>rollback</c>, <c>users</c>,
/// <c>migrate-to-postgres</c>; no verb runs the inbox worker.
/// Keep their names, options and output stable.
/// </summary>
public static partial class EtlCommandLine
{
    public const string Usage =
        """
        Disclosure Analytics loader

          Analytics.Etl                                   run the inbox worker (data/inbox → SQLite)
          Analytics.Etl import FILE... [options]          load files now; exit 0 only if all loaded (or were duplicates)
                [--agency NAME] [--year YYYY]             for reports whose title lacks them
                [--layout long|wide|report]               skip layout recognition
          Analytics.Etl export                            every current value as CSV on stdout
          Analytics.Etl check                             the consistency-rule findings as CSV on stdout
          Analytics.Etl rollback BATCH                    undo a loaded batch (its agency-years return to their previous revision)
          Analytics.Etl users list                        the dashboard's accounts
          Analytics.Etl users add NAME --role ROLE        ROLE: viewer, uploader or admin; prints a generated password
          Analytics.Etl users reset NAME                  a new generated password (or --password, 12+ characters)
          Analytics.Etl users role NAME ROLE | disable NAME | enable NAME
          Analytics.Etl migrate-to-postgres --to CONN     copy the SQLite database (--db) into a new or empty
                                                          PostgreSQL one, ids and history included; then check both
                                                          give the same export (SHA-256) and row counts

        Common options:
          --db PATH|CONN     the SQLite file (default data/analytics.db), or a PostgreSQL connection string
                             such as "Host=db;Database=analytics;Username=…"; env ANALYTICS_DB
          --data-dir PATH    the folder with inbox/, archive/, failed/, samples/
          --no-seed          do not load the demo data into an empty database
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = verb is null ? args : args[1..];
        try
        {
            return verb switch
            {
                null => await RunWorkerAsync(rest),
                "import" => Import(rest),
                "export" => Export(rest),
                "check" => Check(rest),
                "generate-demo" => GenerateDemo(rest),
                "users" => Users(rest),
                "rollback" => Rollback(rest),
                "migrate-to-postgres" => MigrateToPostgres(rest),
                "help" or "--help" or "-h" => Help(),
                _ => Fail($"Unknown command '{verb}'."),
            };
        }
        catch (UsageException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> RunWorkerAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddAnalyticsCommandLine(args);
        builder.Services.AddEtl(builder.Configuration);
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }

    private static int Import(string[] args)
    {
        var stats = args.Contains("--stats");
        var (options, files, named) = Parse(args.Where(a => a != "--stats").ToArray(), "--agency", "--year", "--layout");
        if (files.Count == 0)
        {
            throw new UsageException("import needs at least one file.");
        }
        var read = new ReadOptions();
        if (named.TryGetValue("--agency", out var agency))
        {
            read = read with { Agency = agency };
        }
        if (named.TryGetValue("--year", out var yearText))
        {
            read = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                ? read with { Year = year }
                : throw new UsageException($"--year must be a year such as 2023, not '{yearText}'.");
        }
        if (named.TryGetValue("--layout", out var layoutText))
        {
            read = read with { Layout = LayoutNames.Parse(layoutText) ?? throw new UsageException($"--layout must be long, wide or report, not '{layoutText}'.") };
        }

        var pipeline = new IngestionPipeline(OpenDatabase(options));
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var rejected = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                Console.WriteLine($"rejected  {file}: no such file");
                rejected++;
                continue;
            }
            var progress = new TerminalProgress(Path.GetFileName(file));
            var result = pipeline.Ingest(IngestRequest.ForFile(file, "cli", read), progress.Report);
            progress.Done();
            Console.WriteLine(Describe(result, file));
            foreach (var error in result.Errors)
            {
                Console.WriteLine($"  {file}:{error.Line}:{error.Column}: {error.Code}: {(chinese ? error.MessageZh : error.Message)}");
            }
            // A batch interrupted by a busy database did not load either: a script must not take it as done.
            rejected += result.Status is BatchStore.Statuses.Rejected or BatchStore.Statuses.Interrupted ? 1 : 0;
            if (stats)
            {
                // For the benchmark: phase times and the process's peak memory, one key=value line.
                var phases = string.Join(' ', result.Phases.Select(p => $"{p.Key}_s={p.Value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}"));
                Console.Error.WriteLine($"stats: total_s={result.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} {phases} values={result.Values} peak_bytes={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64} sqlite_peak_bytes={(pipeline.Database.IsPostgres ? 0 : SQLitePCL.raw.sqlite3_memory_highwater(0))} gc_heap_bytes={GC.GetGCMemoryInfo().HeapSizeBytes}");
            }
        }
        return rejected == 0 ? 0 : 1;
    }

    private static string Describe(IngestResult r, string file)
    {
        var how = $"{r.Layout ?? "?"}, {r.Encoding}, {r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        return r.Status switch
        {
            BatchStore.Statuses.Loaded =>
                $"loaded    {file}: batch {r.BatchId}, {r.Values.ToString("N0", CultureInfo.InvariantCulture)} values, {r.AgencyYears} agency-years, {r.Findings} findings ({how})"
                + Sources(r),
            BatchStore.Statuses.Duplicate => $"duplicate {file}: batch {r.BatchId}, same content as batch {r.DuplicateOf}; nothing changed",
            BatchStore.Statuses.Interrupted => $"interrupted {file}: {(r.BatchId > 0 ? $"batch {r.BatchId}, " : "")}the database stayed busy; nothing changed, import it again later",
            _ => $"rejected  {file}: batch {r.BatchId}, {r.Errors.Count} error(s); nothing changed ({how})",
        };
    }

    /// <summary>For a report whose cells were not all read from their own table cells: how each kind was obtained.</summary>
    private static string Sources(IngestResult r)
    {
        if (r.Sources.Keys.All(k => k == CellSource.Table))
        {
            return "";
        }
        string Count(CellSource source) => r.Sources.GetValueOrDefault(source).ToString(CultureInfo.InvariantCulture);
        return $"\n          cells: {Count(CellSource.Table)} from tables, {Count(CellSource.Prose)} from sentences, {Count(CellSource.Rules)} split by the rules, "
            + $"{Count(CellSource.Ambiguous)} ambiguous splits (see the findings), {Count(CellSource.Missing)} rows missing from the report";
    }

    private static int Export(string[] args)
    {
        var (options, _, _) = Parse(args);
        using var stdout = Console.OpenStandardOutput();
        ExportWriter.Write(OpenDatabase(options), stdout);
        return 0;
    }

    private static int Check(string[] args)
    {
        var (options, _, _) = Parse(args);
        var findings = new ReportQueries(OpenDatabase(options)).Findings();
        using var stdout = Console.OpenStandardOutput();
        FindingsCsv.Write(stdout, findings);
        Console.Error.WriteLine($"{findings.Count} finding(s): {findings.Count(f => f.Severity == "error")} error(s), {findings.Count(f => f.Severity == "warning")} warning(s).");
        return 0;
    }

    /// <summary>Rewrites the committed demo data (maintainers only): 36 agencies, 2019–2024, a few rules broken on purpose.</summary>
    private static int GenerateDemo(string[] args)
    {
        var (options, _, named) = Parse(args, "--out");
        var folder = named.GetValueOrDefault("--out") ?? Path.Combine(options.ResolvedDataDirectory, "samples");
        Directory.CreateDirectory(folder);
        var broken = new Dictionary<int, string> { [5] = "R1", [40] = "R2", [77] = "R3", [100] = "R4", [130] = "R6", [160] = "R7", [200] = "R8" };
        var reports = SyntheticReports.Generate(SyntheticReports.Agencies(36), 2019, 2024, seed: 2024, i => broken.GetValueOrDefault(i)).ToList();
        var utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        using (var writer = new StreamWriter(Path.Combine(folder, "demo_2019_2021_long.csv"), false, utf8))
        {
            SyntheticReports.WriteLong(writer, reports.Where(r => r.Year <= 2021), chineseHeaders: true);
        }
        using (var writer = new StreamWriter(Path.Combine(folder, "demo_2022_2024_wide.csv"), false, utf8))
        {
            SyntheticReports.WriteWide(writer, reports.Where(r => r.Year >= 2022), Analytics.Core.Catalog.FormatVersions.V2021);
        }
        Console.WriteLine($"Wrote {reports.Count} agency-years to {folder}.");
        return 0;
    }

    private static AnalyticsDatabase OpenDatabase(AnalyticsOptions options)
    {
        var database = new AnalyticsDatabase(options.ResolvedDatabase, options.ToWriteSettings());
        database.Migrate();
        return database;
    }

    private static (AnalyticsOptions Options, List<string> Positional, Dictionary<string, string> Named) Parse(string[] args, params string[] known)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var common = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--db" or "--data-dir" || known.Contains(arg))
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"{arg} needs a value.");
                }
                if (arg is "--db" or "--data-dir")
                {
                    common.Add(arg);
                    common.Add(args[++i]);
                }
                else
                {
                    named[arg] = args[++i];
                }
            }
            else if (arg is "--no-seed" or "--no-worker")
            {
                common.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unknown option '{arg}'.");
            }
            else
            {
                positional.Add(arg);
            }
        }
        var configuration = new ConfigurationBuilder().AddAnalyticsCommandLine([.. common]).Build();
        var options = configuration.GetSection(AnalyticsOptions.Section).Get<AnalyticsOptions>() ?? new AnalyticsOptions();
        return (options, positional, named);
    }

    private static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine();
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private sealed class UsageException(string message) : Exception(message);
}
