using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Analytics.Core.Storage;

namespace Analytics.Etl.Cli;

/// <summary>Moving a store from its SQLite file to PostgreSQL, once one machine is no longer enough.</summary>
public static partial class EtlCommandLine
{
    private static int MigrateToPostgres(string[] args)
    {
        var (options, positional, named) = Parse(args, "--to");
        if (positional.Count > 0)
        {
            throw new UsageException($"migrate-to-postgres takes no file names ('{positional[0]}'): the SQLite file is --db.");
        }
        if (named.GetValueOrDefault("--to") is not { } to || !AnalyticsDatabase.IsPostgresSetting(to))
        {
            throw new UsageException("migrate-to-postgres needs --to with a PostgreSQL connection string, e.g. --to \"Host=db;Database=analytics;Username=analytics\".");
        }
        if (AnalyticsDatabase.IsPostgresSetting(options.ResolvedDatabase))
        {
            throw new UsageException("migrate-to-postgres copies a SQLite file: --db (or ANALYTICS_DB) must be its path.");
        }
        var source = new AnalyticsDatabase(options.ResolvedDatabase, options.ToWriteSettings());
        var target = new AnalyticsDatabase(to, options.ToWriteSettings());
        var copy = new StoreCopy(source, target);

        Console.WriteLine($"Copying {source.Display}");
        Console.WriteLine($"   into {target.Display}");
        var clock = Stopwatch.StartNew();
        try
        {
            copy.Copy(p => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Table,-20} {p.Rows,15:N0} rows{(p.Done ? "" : " …")}  ({clock.Elapsed.TotalSeconds:0} s)")));
        }
        catch (StoreCopyRefusedException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            Console.Error.WriteLine($"The copy failed and was undone: no row was copied. 复制失败，已撤销，未复制任何数据。{Environment.NewLine}{ex.Message}");
            return 1;
        }

        Console.WriteLine("Verifying: the export and every table's rows, on both stores …");
        var result = copy.Compare();
        Console.WriteLine($"  {"table",-20} {"SQLite",15} {"PostgreSQL",15}");
        foreach (var count in result.Counts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {count.Table,-20} {count.Source,15:N0} {count.Target,15:N0}{(count.Source == count.Target ? "" : "  DIFFERENT")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  export of {result.Values:N0} values, SHA-256:"));
        Console.WriteLine($"    SQLite      {result.SourceExport}");
        Console.WriteLine($"    PostgreSQL  {result.TargetExport}{(result.SourceExport == result.TargetExport ? "" : "  DIFFERENT")}");
        if (!result.Matches)
        {
            Console.Error.WriteLine(
                "Verification failed: the PostgreSQL copy differs from the SQLite file. If a loader or dashboard wrote to the file meanwhile, "
                + "stop it, drop and recreate the PostgreSQL database and run this again; otherwise keep using SQLite and report it.");
            Console.Error.WriteLine("校验失败：PostgreSQL 副本与 SQLite 数据库不一致。如迁移期间有加载程序或看板写入该文件，请先停止它们，删除并重建 PostgreSQL 数据库后重新运行；否则请继续使用 SQLite 并报告此问题。");
            return 1;
        }
        Console.WriteLine("Verified: the PostgreSQL copy matches the SQLite file. 校验通过：PostgreSQL 副本与 SQLite 数据库一致。");
        Console.WriteLine("Now set --db, ANALYTICS_DB or Analytics:Database to the connection string (see docs/postgres.md).");
        return 0;
    }
}
