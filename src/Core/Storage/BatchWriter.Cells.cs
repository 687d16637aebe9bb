using System.Data.Common;
using Analytics.Core.Catalog;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Analytics.Core.Storage;

public sealed partial class BatchWriter
{
    /// <summary>
    /// Writes the batch's cells, each store its fastest way. A cell the batch already holds is not written again:
    /// <see cref="TryInsert"/> says so, and the writer compares the two (after <see cref="Flush"/>, which makes every
    /// cell given so far readable on the batch's connection).
    /// </summary>
    private abstract class CellInserter : IDisposable
    {
        public abstract bool TryInsert(long revision, int order, long metric, int state, double? value, string? raw, long line);

        public virtual void Flush()
        {
        }

        /// <summary>The writer let go of a revision's slot (see <see cref="OpenSlots"/>): what the inserter keeps for it can go.</summary>
        public virtual void Forget(long revision)
        {
        }

        /// <summary>The writer took a revision's slot back: the inserter learns again which cells it holds.</summary>
        public virtual void Restore(long revision, DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<long, int> orderById)
        {
        }

        public virtual void Dispose()
        {
        }
    }

    /// <summary>SQLite: binds straight into one prepared statement (no ADO.NET parameter objects per value); the primary key finds repeats.</summary>
    private sealed class SqliteCellInserter : CellInserter
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _insert;

        public SqliteCellInserter(SqliteConnection connection, DbTransaction transaction)
        {
            _connection = connection;
            // A larger page cache keeps the fact table's B-tree pages in memory during a big batch.
            using (var pragma = connection.CreateCommand())
            {
                pragma.Transaction = (SqliteTransaction)transaction;
                pragma.CommandText = "PRAGMA cache_size = -32768";
                pragma.ExecuteNonQuery();
            }
            Check(raw.sqlite3_prepare_v2(connection.Handle, """
                INSERT INTO cell_values (revision_id, metric_id, state, value, raw, line)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (revision_id, metric_id) DO NOTHING
                """, out _insert));
        }

        public override bool TryInsert(long revision, int order, long metric, int state, double? value, string? text, long line)
        {
            var stmt = _insert;
            raw.sqlite3_bind_int64(stmt, 1, revision);
            raw.sqlite3_bind_int64(stmt, 2, metric);
            raw.sqlite3_bind_int(stmt, 3, state);
            if (value is { } v)
            {
                raw.sqlite3_bind_double(stmt, 4, v);
            }
            else
            {
                raw.sqlite3_bind_null(stmt, 4);
            }
            if (text is null)
            {
                raw.sqlite3_bind_null(stmt, 5);
            }
            else
            {
                raw.sqlite3_bind_text(stmt, 5, text);
            }
            raw.sqlite3_bind_int64(stmt, 6, line);
            var rc = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException($"Could not store a value: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}", rc);
            }
            return raw.sqlite3_changes(_connection.Handle) == 1;
        }

        public override void Dispose() => _insert.Dispose();
    }

    /// <summary>
    /// PostgreSQL: cells gather in a buffer that goes in by binary COPY, the bulk path, thousands at a time. COPY
    /// has no ON CONFLICT, so repeats are found in memory: one bit per metric for each revision of the batch
    /// (a few dozen bytes per open agency-year; a slot let go takes its bits along, and gets them back from the table).
    /// </summary>
    private sealed class PostgresCellInserter(DbConnection connection) : CellInserter
    {
        private const int BufferSize = 20_000;
        private static readonly int Words = (MetricCatalog.All.Count + 63) / 64;

        private readonly NpgsqlConnection _connection = (NpgsqlConnection)connection;
        private readonly Dictionary<long, ulong[]> _seen = [];
        private readonly (long Revision, long Metric, int State, double? Value, string? Raw, long Line)[] _buffer = new (long, long, int, double?, string?, long)[BufferSize];
        private int _count;

        public override bool TryInsert(long revision, int order, long metric, int state, double? value, string? raw, long line)
        {
            if (!_seen.TryGetValue(revision, out var bits))
            {
                _seen[revision] = bits = new ulong[Words];
            }
            var mask = 1UL << (order % 64);
            if ((bits[order / 64] & mask) != 0)
            {
                return false;
            }
            bits[order / 64] |= mask;
            _buffer[_count++] = (revision, metric, state, value, raw, line);
            if (_count == BufferSize)
            {
                Flush();
            }
            return true;
        }

        public override void Forget(long revision) => _seen.Remove(revision);

        public override void Restore(long revision, DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<long, int> orderById)
        {
            Flush();
            var bits = _seen[revision] = new ulong[Words];
            foreach (var metric in connection.Query<long>("SELECT metric_id FROM cell_values WHERE revision_id = @revision", new { revision }, transaction))
            {
                if (orderById.TryGetValue(metric, out var order))
                {
                    bits[order / 64] |= 1UL << (order % 64);
                }
            }
        }

        public override void Flush()
        {
            if (_count == 0)
            {
                return;
            }
            // The COPY runs inside the batch's transaction, which the connection carries.
            using (var copy = _connection.BeginBinaryImport("COPY cell_values (revision_id, metric_id, state, value, raw, line) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < _count; i++)
                {
                    var (revision, metric, state, value, raw, line) = _buffer[i];
                    copy.StartRow();
                    copy.Write(revision, NpgsqlDbType.Bigint);
                    copy.Write(metric, NpgsqlDbType.Bigint);
                    copy.Write((long)state, NpgsqlDbType.Bigint);
                    if (value is { } v)
                    {
                        copy.Write(v, NpgsqlDbType.Double);
                    }
                    else
                    {
                        copy.WriteNull();
                    }
                    if (raw is null)
                    {
                        copy.WriteNull();
                    }
                    else
                    {
                        copy.Write(raw, NpgsqlDbType.Text);
                    }
                    copy.Write(line, NpgsqlDbType.Bigint);
                }
                copy.Complete();
            }
            Array.Clear(_buffer, 0, _count);
            _count = 0;
        }
    }

    private static void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite error {rc}", rc);
        }
    }
}
