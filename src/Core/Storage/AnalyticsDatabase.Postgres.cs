using System.Globalization;
using Dapper;
using Npgsql;

namespace Analytics.Core.Storage;

/// <summary>What differs when the store is PostgreSQL: the connection strings, the lock waits and the migrations.</summary>
public sealed partial class AnalyticsDatabase
{
    /// <summary>
    /// The advisory lock key every transaction that changes the figures holds (see <see cref="BeginWrite"/>):
    /// one writer of figures at a time, as SQLite's file lock gives. Any fixed number would do; this one spells "DA".
    /// </summary>
    private const long FiguresLock = 0x4441;

    /// <summary>The lock key account changes hold (see <see cref="BeginAccountsWrite"/>).</summary>
    private const long AccountsLock = 0x4441_41;

    /// <summary>The lock key migrations hold, so two processes starting on an empty database apply them once.</summary>
    private const long MigrationLock = 0x4441_4d;

    /// <summary>
    /// Whether a database setting names PostgreSQL: a keyword connection string with a host (<c>Host=…;Database=…</c>),
    /// or a <c>postgres://</c> / <c>postgresql://</c> address. Anything else is a SQLite file path.
    /// </summary>
    public static bool IsPostgresSetting(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return false;
        }
        var trimmed = setting.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return trimmed.Contains('=', StringComparison.Ordinal)
            && trimmed.Split(';').Any(part => part.Split('=')[0].Trim() is var key
                && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A URL setting as Npgsql's keyword form (user, password, host, port, database).</summary>
    internal static string Keywords(string setting)
    {
        if (!setting.Contains("://", StringComparison.Ordinal))
        {
            return setting;
        }
        var uri = new Uri(setting.Trim());
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
        }
        if (uri.UserInfo.Split(':', 2) is [_, var password])
        {
            builder.Password = Uri.UnescapeDataString(password);
        }
        return builder.ConnectionString;
    }

    private static (string Write, string Read) PostgresConnectionStrings(string setting)
    {
        var write = new NpgsqlConnectionStringBuilder(Keywords(setting)) { ApplicationName = "analytics" };
        // Readers run every statement in a read-only transaction, so a query can never change data (a separate pool).
        var read = new NpgsqlConnectionStringBuilder(write.ConnectionString) { Options = "-c default_transaction_read_only=on" };
        return (write.ConnectionString, read.ConnectionString);
    }

    /// <summary>A write connection whose lock waits (the figures lock, a row another writer holds) end after <paramref name="busyWait"/> as busy.</summary>
    private NpgsqlConnection OpenPostgresWrite(TimeSpan busyWait)
    {
        var connection = new NpgsqlConnection(_writeConnectionString);
        try
        {
            connection.Open();
            connection.Execute(string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {(long)busyWait.TotalMilliseconds}"));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void MigratePostgres()
    {
        using var connection = RetryWhileBusy(OpenWriteAttempt);
        using (var transaction = RetryWhileBusy(() =>
        {
            var t = connection.BeginTransaction();
            connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLock }, t);
            return t;
        }))
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)", transaction: transaction);
            var current = connection.ExecuteScalar<long?>("SELECT max(version) FROM schema_version", transaction: transaction) ?? 0;
            foreach (var (number, sql) in Migrations("Analytics.Core.Storage.Sql.Postgres.").Where(m => m.Number > current))
            {
                connection.Execute(sql, transaction: transaction);
                connection.Execute("INSERT INTO schema_version (version) VALUES (@number)", new { number = (long)number }, transaction);
            }
            transaction.Commit();
        }
        SyncMetrics(connection);
    }
}
