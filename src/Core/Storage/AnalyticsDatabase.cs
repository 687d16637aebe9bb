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
    private readonly string _writePragmas;

    // Columns are snake_case, row records PascalCase.
    static AnalyticsDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public AnalyticsDatabase(string path, WriteSettings? settings = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Settings = settings ?? new WriteSettings();
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        // 16 KiB pages make bulk loads into the fact table markedly faster (fewer splits); SQLite only honours it
        // for a new, empty file. synchronous=NORMAL is durable across process crashes in WAL mode; only power loss
        // can lose the last commit. max_page_count cannot go below the file's current size; SQLite then keeps that.
        // A pooled connection keeps its pragmas, so the size cap is always set: without a cap, to SQLite's largest.
        _writePragmas = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA max_page_count = {Settings.MaxPages ?? 4294967294};");
    }

    public string Path { get; }

    public WriteSettings Settings { get; }

    /// <summary>
    /// A connection for the one writer: WAL, foreign keys on, the size cap of <see cref="Settings"/>. A write on it
    /// waits for another writer as long as <see cref="RetryWhileBusy"/> would in all, since its callers do not retry.
    /// </summary>
    public SqliteConnection OpenWrite() => OpenWrite(Settings.MaxBusyWait);

    /// <summary>A write connection whose statements wait one attempt's <see cref="WriteSettings.BusyTimeout"/>: for <see cref="RetryWhileBusy"/>.</summary>
    internal SqliteConnection OpenWriteAttempt() => OpenWrite(Settings.BusyTimeout);

    private SqliteConnection OpenWrite(TimeSpan busyWait)
    {
        // Microsoft.Data.Sqlite retries a busy statement itself until DefaultTimeout seconds have passed (0 would be
        // forever), on top of SQLite's busy_timeout: both are set to the wait. busy_timeout comes first so that the
        // journal_mode switch on a new file already waits for other openers.
        var connection = new SqliteConnection(_writeConnectionString) { DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyWait.TotalSeconds)) };
        try
        {
            connection.Open();
            connection.Execute(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyWait.TotalMilliseconds}; ") + _writePragmas);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a write, and runs it again after a pause while another writer holds the database: each attempt waits up
    /// to <see cref="WriteSettings.BusyTimeout"/>, the pauses double from <see cref="WriteSettings.BusyBackoff"/>.
    /// After the last retry the busy <see cref="SqliteException"/> is thrown. The write must be safe to run again
    /// (a statement or a transaction that failed to start or commit changed nothing).
    /// </summary>
    internal T RetryWhileBusy<T>(Func<T> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return write();
            }
            catch (SqliteException ex) when (IsBusy(ex) && attempt <= Settings.BusyRetries)
            {
                var pause = Settings.BusyBackoff * Math.Pow(2, attempt - 1);
                WaitingForWriter?.Invoke(attempt, pause);
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>Raised before each pause of <see cref="RetryWhileBusy"/>: which attempt found the database busy, and the pause.</summary>
    public event Action<int, TimeSpan>? WaitingForWriter;

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock; the same write may succeed later.</summary>
    public static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is 5 or 6;

    /// <summary>SQLITE_FULL: the disk, or the size cap of <see cref="WriteSettings.MaxPages"/>, has no room for the write.</summary>
    public static bool IsFull(SqliteException ex) => ex.SqliteErrorCode == 13;

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
        using var connection = RetryWhileBusy(OpenWriteAttempt);
        var current = connection.ExecuteScalar<long>("PRAGMA user_version");
        foreach (var (number, sql) in Migrations().Where(m => m.Number > current))
        {
            using var transaction = RetryWhileBusy(() => connection.BeginTransaction());
            // Read again under the write lock: a process that started at the same moment may have applied it while
            // this one waited (a worker and the dashboard, or several workers, opening a new file together).
            if (connection.ExecuteScalar<long>("PRAGMA user_version", transaction: transaction) >= number)
            {
                continue;
            }
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

    private void SyncMetrics(SqliteConnection connection)
    {
        using var transaction = RetryWhileBusy(() => connection.BeginTransaction());
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
