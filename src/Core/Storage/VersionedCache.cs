using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Analytics.Core.Storage;

/// <summary>
/// Query results kept until the database's data_version moves (every load and rollback moves it, whichever
/// process commits). Bounded by a count of entries: past it, the cache starts over.
/// </summary>
public sealed class VersionedCache(int limit)
{
    private readonly ConcurrentDictionary<string, (long Version, object Value)> _entries = new(StringComparer.Ordinal);

    public static long Version(SqliteConnection connection) => connection.ExecuteScalar<long>("SELECT value FROM data_version");

    public T Get<T>(SqliteConnection connection, string key, Func<SqliteConnection, T> load)
        where T : notnull
    {
        // Read before the data: a load committing in between only makes the next call load again.
        var version = Version(connection);
        if (_entries.TryGetValue(key, out var hit) && hit.Version == version)
        {
            return (T)hit.Value;
        }
        var value = load(connection);
        if (_entries.Count >= limit)
        {
            _entries.Clear();
        }
        _entries[key] = (version, value);
        return value;
    }
}
