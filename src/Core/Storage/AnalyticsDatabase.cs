using System.Data.Common;
using System.Reflection;
using Analytics.Core.Catalog;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Analytics.Core.Storage;

/// <summary>
/// The store: a SQLite file (the embedded default) or a PostgreSQL database, chosen by the setting given (a path,
/// or a connection string such as <c>Host=…;Database=…</c>). Opens connections with the right settings, applies
/// the numbered migrations in <c>Storage/Sql</c> (SQLite; recorded in <c>PRAGMA user_version</c>) or
/// <c>Storage/Sql/Postgres</c> (recorded in <c>schema_version</c>) and keeps the metrics table in step with the
/// catalog. The few SQL differences between the stores stay here and beside their one caller, behind <see cref="IsPostgres"/>.
/// </summary>
public sealed partial class AnalyticsDatabase
{
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly string _writePragmas = "";

    // Columns are snake_case, row records PascalCase.
    static AnalyticsDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <param name="setting">A SQLite file path, or a PostgreSQL connection string (see <see cref="IsPostgresSetting"/>).</param>
    /// <param name="settings">How writes wait for another writer, and (SQLite) how large the file may grow.</param>
    public AnalyticsDatabase(string setting, WriteSettings? settings = null)
    {
        Settings = settings ?? new WriteSettings();
        IsPostgres = IsPostgresSetting(setting);
        if (IsPostgres)
        {
            Path = setting;
            (_writeConnectionString, _readConnectionString) = PostgresConnectionStrings(setting);
            return;
        }
        Path = System.IO.Path.GetFullPath(setting);
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

    /// <summary>
    /// The SQLite file's full path, or the PostgreSQL connection string as given: what another process of this
    /// system is handed as <c>--db</c> to reach the same store.
    /// </summary>
    public string Path { get; }

    /// <summary>True for PostgreSQL, false for the SQLite file.</summary>
    public bool IsPostgres { get; }

    public WriteSettings Settings { get; }

    /// <summary>
    /// A connection for writing: on SQLite WAL, foreign keys on, the size cap of <see cref="Settings"/>. A write on
    /// it waits for another writer as long as <see cref="RetryWhileBusy"/> would in all, since its callers do not retry.
    /// </summary>
    public DbConnection OpenWrite() => OpenWrite(Settings.MaxBusyWait);

    /// <summary>A write connection whose statements wait one attempt's <see cref="WriteSettings.BusyTimeout"/>: for <see cref="RetryWhileBusy"/>.</summary>
    internal DbConnection OpenWriteAttempt() => OpenWrite(Settings.BusyTimeout);

    private DbConnection OpenWrite(TimeSpan busyWait)
    {
        if (IsPostgres)
        {
            return OpenPostgresWrite(busyWait);
        }
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
    /// Starts a transaction that changes the figures (a batch, a rollback). SQLite: BEGIN IMMEDIATE, taking the
    /// file's write lock now, so a concurrent writer waits here rather than failing mid-batch. PostgreSQL: the same
    /// one-writer-at-a-time rule through a transaction-scoped advisory lock, so revision numbers, rollups and the
    /// year-chain findings are never computed by two loads at once; readers are never blocked on either store.
    /// </summary>
    public DbTransaction BeginWrite(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }
        var transaction = connection.BeginTransaction();
        try
        {
            connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = FiguresLock }, transaction);
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a transaction that changes the accounts (a user added, a password, a role): on SQLite the file's write
    /// lock, as any write; on PostgreSQL a lock of their own, so that a batch loading for minutes never holds up a
    /// sign-in, while two dashboards starting together still make one first admin, not two.
    /// </summary>
    public DbTransaction BeginAccountsWrite(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }
        var transaction = connection.BeginTransaction();
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = AccountsLock }, transaction);
        return transaction;
    }

    /// <summary>
    /// Runs a write, and runs it again after a pause while another writer holds the database: each attempt waits up
    /// to <see cref="WriteSettings.BusyTimeout"/>, the pauses double from <see cref="WriteSettings.BusyBackoff"/>.
    /// After the last retry the busy exception is thrown. The write must be safe to run again (a statement or a
    /// transaction that failed to start or commit changed nothing).
    /// </summary>
    internal T RetryWhileBusy<T>(Func<T> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return write();
            }
            catch (DbException ex) when (IsBusy(ex) && attempt <= Settings.BusyRetries)
            {
                var pause = Settings.BusyBackoff * Math.Pow(2, attempt - 1);
                WaitingForWriter?.Invoke(attempt, pause);
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>Raised before each pause of <see cref="RetryWhileBusy"/>: which attempt found the database busy, and the pause.</summary>
    public event Action<int, TimeSpan>? WaitingForWriter;

    /// <summary>
    /// Another connection holds the lock and the same write may succeed later: SQLITE_BUSY or SQLITE_LOCKED, or on
    /// PostgreSQL a lock wait that ran past its timeout (55P03).
    /// </summary>
    public static bool IsBusy(DbException ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
        _ => ex.SqlState == "55P03",
    };

    /// <summary>The disk, or the size cap of <see cref="WriteSettings.MaxPages"/>, has no room for the write (SQLITE_FULL; PostgreSQL 53100).</summary>
    public static bool IsFull(DbException ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 13,
        _ => ex.SqlState == "53100",
    };

    /// <summary>A unique or primary key refused a row: SQLITE_CONSTRAINT, or PostgreSQL 23505.</summary>
    public static bool IsUniqueViolation(DbException ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        _ => ex.SqlState == "23505",
    };

    /// <summary>A read-only connection for queries, so a reader can never change data.</summary>
    public DbConnection OpenRead()
    {
        if (IsPostgres)
        {
            var postgres = new NpgsqlConnection(_readConnectionString);
            postgres.Open();
            return postgres;
        }
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        // Memory-mapped reads: a ranking touches one page per agency-year, and copying each 16 KiB page through
        // read() cost more than the query itself. SQLite caps the size at its compile-time maximum (2 GiB).
        connection.Execute("PRAGMA busy_timeout = 30000; PRAGMA mmap_size = 2147418112;");
        return connection;
    }

    /// <summary>
    /// <c>column IN (the list)</c> for a list parameter: Dapper expands the list into one parameter per item on
    /// SQLite, but hands Npgsql the whole array, which PostgreSQL compares with <c>= ANY</c>.
    /// </summary>
    public static string In(DbConnection connection, string column, string parameter) =>
        connection is SqliteConnection ? $"{column} IN {parameter}" : $"{column} = ANY({parameter})";

    /// <summary>The aggregate joining texts with a separator: group_concat on SQLite, string_agg on PostgreSQL.</summary>
    public static string JoinTexts(DbConnection connection, string expression, string separator) =>
        connection is SqliteConnection ? $"group_concat({expression}, {separator})" : $"string_agg({expression}, {separator})";

    /// <summary>Parameters added to a command to be prepared once and bound many times, in the order named.</summary>
    internal static DbParameter[] AddParameters(DbCommand command, params string[] names) => names.Select(name =>
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }).ToArray();

    /// <summary>Creates the file if needed (SQLite), applies pending migrations and refreshes the metric catalog.</summary>
    public void Migrate()
    {
        if (IsPostgres)
        {
            MigratePostgres();
            return;
        }
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var connection = (SqliteConnection)RetryWhileBusy(OpenWriteAttempt);
        var current = connection.ExecuteScalar<long>("PRAGMA user_version");
        foreach (var (number, sql) in Migrations("Analytics.Core.Storage.Sql.").Where(m => m.Number > current))
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
    public static int LatestVersion => Migrations("Analytics.Core.Storage.Sql.").Max(m => m.Number);

    /// <summary>The numbered scripts directly in one resource folder (SQLite's, or PostgreSQL's beneath it).</summary>
    private static IEnumerable<(int Number, string Sql)> Migrations(string prefix)
    {
        var assembly = typeof(AnalyticsDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal) && char.IsAsciiDigit(n[prefix.Length]))
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

    private void SyncMetrics(DbConnection connection)
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
