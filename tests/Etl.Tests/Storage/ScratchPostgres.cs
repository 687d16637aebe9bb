using Dapper;
using Npgsql;

namespace Analytics.Etl.Tests.Storage;

/// <summary>
/// A database of the test's own on the PostgreSQL server that <c>ANALYTICS_TEST_POSTGRES</c> names, dropped when
/// the test ends. Without the variable the test fails and says so: passing without having run would hide a broken copy.
/// </summary>
public sealed class ScratchPostgres : IDisposable
{
    public const string Variable = "ANALYTICS_TEST_POSTGRES";

    private readonly string _server;

    private ScratchPostgres(bool create)
    {
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(setting))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: this test needs a PostgreSQL server it may create databases on, "
                + $"e.g. {Variable}=\"Host=127.0.0.1;Port=55432;Username=analytics\" (see docs/postgres.md).");
        }
        Name = "analytics_copytest_" + Guid.NewGuid().ToString("N");
        _server = new NpgsqlConnectionStringBuilder(setting) { Database = "postgres", Pooling = false }.ConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(setting) { Database = Name }.ConnectionString;
        if (create)
        {
            Server(connection => connection.Execute($"CREATE DATABASE \"{Name}\""));
        }
    }

    /// <summary>A new, empty database.</summary>
    public static ScratchPostgres Create() => new(create: true);

    /// <summary>Only a name: no database exists until something creates it (it is dropped all the same).</summary>
    public static ScratchPostgres Named() => new(create: false);

    public string Name { get; }

    public string ConnectionString { get; }

    public bool Exists() => Server(connection => connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @Name)", new { Name }));

    public void Dispose() => Server(connection => connection.Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)"));

    private T Server<T>(Func<NpgsqlConnection, T> action)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        return action(connection);
    }
}
