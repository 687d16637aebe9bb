using System.Reflection;
using Analytics.Core.Catalog;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Analytics.Core.Storage;

/// <summary>
/// The SQLite file: opens connections with the right pragmas, applies the numbered migrations in
/// <c>Storage/Sql</c> (recorded in <c>PRAGMA user_version</c>) and keeps the metrics table in step with the catalog.
/// </summary>
public sealed class AnalyticsDatabase
{
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;

    // Columns are snake_case, row records PascalCase.
    static AnalyticsDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public AnalyticsDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>A connection for the one writer: WAL, foreign keys on.</summary>
    public SqliteConnection OpenWrite()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        // 16 KiB pages make bulk loads into the fact table markedly faster (fewer splits); SQLite only honours it
        // for a new, empty file. synchronous=NORMAL is durable across process crashes in WAL mode; only power loss
        // can lose the last commit.
        connection.Execute("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000;");
        return connection;
    }

    /// <summary>A read-only connection for queries, so a reader can never change data.</summary>
    public SqliteConnection OpenRead()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        // Memory-mapped reads: a ranking touches one page per agency-year, and copying each 16 KiB page through
        // read() cost more than the query itself. SQLite caps the size at its compile-time maximum (2 GiB).
        connection.Execute("PRAGMA busy_timeout = 30000; PRAGMA mmap_size = 2147418112;");
        return connection;
    }

    /// <summary>Creates the file if needed, applies pending migrations and refreshes the metric catalog.</summary>
    public void Migrate()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var connection = OpenWrite();
        var current = connection.ExecuteScalar<long>("PRAGMA user_version");
        foreach (var (number, sql) in Migrations().Where(m => m.Number > current))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            // PRAGMA takes no parameters; number is an integer parsed from our own resource name.
            connection.Execute($"PRAGMA user_version = {number}", transaction: transaction);
            transaction.Commit();
        }
        SyncMetrics(connection);
    }

    /// <summary>The schema version this build expects (the highest migration number).</summary>
    public static int LatestVersion => Migrations().Max(m => m.Number);

    private static IEnumerable<(int Number, string Sql)> Migrations()
    {
        var assembly = typeof(AnalyticsDatabase).Assembly;
        const string prefix = "Analytics.Core.Storage.Sql.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Number: int.Parse(n[prefix.Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture), Name: n))
            .OrderBy(m => m.Number)
            .Select(m => (m.Number, Read(assembly, m.Name)));
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void SyncMetrics(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            """
            INSERT INTO metrics (code, table_code, row_code, column_code, label_zh, label_en, unit_zh, unit_en, kind, versions, sort_order)
            VALUES (@Code, @Table, @Row, @Column, @LabelZh, @LabelEn, @UnitZh, @UnitEn, @Kind, @Versions, @Order)
            ON CONFLICT (code) DO UPDATE SET
                table_code = excluded.table_code, row_code = excluded.row_code, column_code = excluded.column_code,
                label_zh = excluded.label_zh, label_en = excluded.label_en, unit_zh = excluded.unit_zh,
                unit_en = excluded.unit_en, kind = excluded.kind, versions = excluded.versions, sort_order = excluded.sort_order
            """,
            MetricCatalog.All.Select(m => new
            {
                m.Code, m.Table, m.Row, m.Column, m.LabelZh, m.LabelEn, m.UnitZh, m.UnitEn,
                Kind = m.Kind.ToString(),
                Versions = m.Versions == FormatVersions.Both ? "2019,2021" : m.Versions.ToName(),
                m.Order,
            }),
            transaction);
        transaction.Commit();
    }
}
