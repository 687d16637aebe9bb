using System.Data.Common;
using System.Globalization;
using Analytics.Core.Storage;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Analytics.Tests;

/// <summary>
/// A fresh store for one test: a SQLite file in the test's temp folder, or, when <c>ANALYTICS_TEST_STORE</c> is
/// <c>postgres</c>, a new database of its own on the test PostgreSQL server, dropped on dispose. The same tests
/// then run on either store. The server is the one <c>ANALYTICS_TEST_POSTGRES</c> names
/// (<c>Host=127.0.0.1;Port=55432;Username=analytics</c>, a user who may create databases), or else one this test
/// process starts for itself from Debian's PostgreSQL packages (see <see cref="PrivateServer"/>).
/// </summary>
public sealed class TestStore : IDisposable
{
    /// <summary>The environment variable that switches the store-neutral tests to PostgreSQL.</summary>
    public const string StoreVariable = "ANALYTICS_TEST_STORE";

    /// <summary>The environment variable naming a PostgreSQL server the tests may create databases on.</summary>
    public const string Variable = "ANALYTICS_TEST_POSTGRES";

    private static readonly Lazy<string> ServerSetting = new(
        () => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : PrivateServer.Start(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the store-neutral tests run on PostgreSQL.</summary>
    public static bool IsPostgres { get; } = string.Equals(Environment.GetEnvironmentVariable(StoreVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The test PostgreSQL server's connection string (no database): for the tests about PostgreSQL itself, on either run.</summary>
    public static string PostgresServer => ServerSetting.Value;

    /// <summary>The server the store-neutral tests use, or null for SQLite.</summary>
    private static string? Server => IsPostgres ? ServerSetting.Value : null;

    // Migrating a database takes longer than copying one, and a run makes hundreds: each test process migrates
    // one template, and every migrated test database is a copy of it.
    private static readonly Lazy<Databases> Process = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int s_created;

    private readonly string? _postgresName;

    private TestStore(string setting, string? postgresName)
    {
        Setting = setting;
        _postgresName = postgresName;
    }

    /// <summary>What <c>--db</c>, <c>ANALYTICS_DB</c> and <c>Analytics:Database</c> take to reach this store.</summary>
    public string Setting { get; }

    /// <summary>
    /// A store nothing has opened yet: on SQLite a file name in <paramref name="folder"/> (no file yet), on
    /// PostgreSQL an empty database, as an administrator creates before the first start.
    /// </summary>
    public static TestStore Empty(string folder, string fileName = "analytics.db")
    {
        if (Server is null)
        {
            return new TestStore(Path.Combine(folder, fileName), null);
        }
        var name = Process.Value.NewName();
        Admin($"CREATE DATABASE {name}");
        return new TestStore(SettingFor(name), name);
    }

    /// <summary>A store with the schema applied and the metric catalog in it, and no data.</summary>
    public static TestStore Migrated(string folder, string fileName = "analytics.db")
    {
        if (Server is null)
        {
            var sqlite = new TestStore(Path.Combine(folder, fileName), null);
            sqlite.Open().Migrate();
            return sqlite;
        }
        var name = Process.Value.NewName();
        Admin($"CREATE DATABASE {name} TEMPLATE {Process.Value.Template}");
        return new TestStore(SettingFor(name), name);
    }

    public AnalyticsDatabase Open(WriteSettings? settings = null) => new(Setting, settings);

    /// <summary>
    /// A read, or <paramref name="whileMissing"/> while the store has no schema yet: a process given the store is
    /// still starting and has yet to create the SQLite file or the tables.
    /// </summary>
    public T Read<T>(Func<DbConnection, T> read, T whileMissing)
    {
        if (Server is null && !File.Exists(Setting))
        {
            return whileMissing;
        }
        try
        {
            using var connection = Open().OpenRead();
            return read(connection);
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return whileMissing;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return whileMissing;
        }
    }

    /// <summary>
    /// "ok", or what is corrupt: SQLite's <c>PRAGMA integrity_check</c>; on PostgreSQL amcheck's checks of every
    /// table and of every index against its table, the nearest thing it has.
    /// </summary>
    public string IntegrityCheck()
    {
        if (Server is null)
        {
            using var sqlite = Open().OpenRead();
            return sqlite.ExecuteScalar<string>("PRAGMA integrity_check")!;
        }
        // The readers' connections are read-only, and creating the extension needs a superuser: the admin's.
        using var connection = new NpgsqlConnection(SettingFor(_postgresName!));
        connection.Open();
        connection.Execute("CREATE EXTENSION IF NOT EXISTS amcheck");
        var problems = connection.Query<string>(
            """
            SELECT c.relname || ': ' || v.msg
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, verify_heapam(c.oid) v
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """).ToList();
        try
        {
            connection.Execute(
                """
                SELECT bt_index_check(c.oid, true)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
                WHERE n.nspname = 'public' AND c.relkind = 'i' AND a.amname = 'btree'
                """);
        }
        catch (PostgresException ex)
        {
            problems.Add(ex.Message);
        }
        return problems.Count == 0 ? "ok" : string.Join('\n', problems);
    }

    public void Dispose()
    {
        if (_postgresName is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        // Idle pooled connections to the database would hold it open; FORCE ends any a killed process left behind.
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)");
    }

    /// <summary>
    /// This process's key, the lock held on it and its template. Every database the process makes is named with the
    /// key, which it holds an advisory lock on while it lives: vstest kills a test host that is slow to exit, so
    /// the drop on exit can be cut short, and a process starting drops what one no longer holding its key left.
    /// </summary>
    private sealed record Databases(long Key, NpgsqlConnection Lock, string Template)
    {
        // Database names are identifiers, not parameters; these are made of a prefix, hex digits and a counter only.
        public string NewName() => string.Create(CultureInfo.InvariantCulture, $"analytics_test_{Key:x16}_{Interlocked.Increment(ref s_created)}");
    }

    private static Databases Start()
    {
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var owner = new NpgsqlConnection(AdminConnectionString());
        owner.Open();
        owner.Execute("SELECT pg_advisory_lock(@key)", new { key });
        DropLeftovers(owner);

        var template = string.Create(CultureInfo.InvariantCulture, $"analytics_template_{key:x16}");
        owner.Execute($"CREATE DATABASE {template}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            Admin($"DROP DATABASE IF EXISTS {template} WITH (FORCE)");
        };
        new AnalyticsDatabase(SettingFor(template)).Migrate();
        // CREATE DATABASE … TEMPLATE refuses while any session is connected to the template.
        NpgsqlConnection.ClearAllPools();
        return new Databases(key, owner, template);
    }

    /// <summary>Drops the databases of test processes that have ended: nobody holds their key any more.</summary>
    private static void DropLeftovers(NpgsqlConnection admin)
    {
        var names = admin.Query<string>("SELECT datname FROM pg_database WHERE datname ~ '^analytics_(template|test)_[0-9a-f]{16}(_[0-9]+)?$'");
        foreach (var process in names.GroupBy(n => long.Parse(n.Split('_')[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
        {
            if (!admin.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(@key)", new { key = process.Key }))
            {
                continue;
            }
            foreach (var name in process)
            {
                admin.Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
            admin.Execute("SELECT pg_advisory_unlock(@key)", new { key = process.Key });
        }
    }

    private static string SettingFor(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    private static void Admin(string sql) => OnServer(connection => connection.Execute(sql));

    /// <summary>Runs on the test server's maintenance database (creating and dropping databases, for instance).</summary>
    internal static T OnServer<T>(Func<NpgsqlConnection, T> action)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString());
        connection.Open();
        return action(connection);
    }

    /// <summary>The server's maintenance database, unpooled: the advisory locks above live in that one database.</summary>
    private static string AdminConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false };
        builder.Database ??= "postgres";
        return builder.ConnectionString;
    }
}
