using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Analytics.Core.Storage;

/// <summary>
/// Query results kept until the database's data_version moves (every load and rollback moves it, whichever
/// process commits). Callers asking for the same key at once share one computation: right after a load, fifty
/// visitors must not each rebuild the agency list. Bounded by a count of entries: past it, the cache starts over.
/// </summary>
public sealed class VersionedCache(int limit)
{
    private readonly ConcurrentDictionary<string, (long Version, Lazy<object> Value)> _entries = new(StringComparer.Ordinal);

    public static long Version(DbConnection connection) => connection.ExecuteScalar<long>("SELECT value FROM data_version");

    public T Get<T>(DbConnection connection, string key, Func<DbConnection, T> load)
        where T : notnull
    {
        // Read before the data: a load committing in between only makes the next call load again.
        var version = Version(connection);
        while (true)
        {
            var found = _entries.TryGetValue(key, out var hit);
            if (found && hit.Version >= version)
            {
                return (T)hit.Value.Value;
            }
            // The first caller's connection serves whoever evaluates the value; the others wait for it.
            var entry = (version, new Lazy<object>(() => load(connection), LazyThreadSafetyMode.ExecutionAndPublication));
            if (!found && _entries.Count >= limit)
            {
                _entries.Clear();
            }
            if (found ? _entries.TryUpdate(key, entry, hit) : _entries.TryAdd(key, entry))
            {
                try
                {
                    return (T)entry.Item2.Value;
                }
                catch
                {
                    // A failed query is not cached: the next caller tries again.
                    _entries.TryRemove(new KeyValuePair<string, (long, Lazy<object>)>(key, entry));
                    throw;
                }
            }
        }
    }
}
