using Dapper;
using Npgsql;

namespace Analytics.Tests;

/// <summary>
/// A database of the test's own on the test PostgreSQL server (<see cref="TestStore.PostgresServer"/>), dropped when
/// the test ends: for the tests about PostgreSQL itself, which run on it whichever store the rest of the suite uses.
/// </summary>
public sealed class ScratchPostgres : IDisposable
{
    private ScratchPostgres(bool create)
    {
        var setting = TestStore.PostgresServer;
        Name = "analytics_scratch_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(setting) { Database = Name }.ConnectionString;
        if (create)
        {
            TestStore.OnServer(connection => connection.Execute($"CREATE DATABASE \"{Name}\""));
        }
    }

    /// <summary>A new, empty database.</summary>
    public static ScratchPostgres Create() => new(create: true);

    /// <summary>Only a name: no database exists until something creates it (it is dropped all the same).</summary>
    public static ScratchPostgres Named() => new(create: false);

    public string Name { get; }

    public string ConnectionString { get; }

    public bool Exists() => TestStore.OnServer(connection => connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @Name)", new { Name }));

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        TestStore.OnServer(connection => connection.Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)"));
    }
}
