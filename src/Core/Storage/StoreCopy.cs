using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Analytics.Core.Storage;

/// <summary>How far a copy has come: rows of one table so far, and whether that table is done.</summary>
public sealed record CopyProgress(string Table, long Rows, bool Done);

/// <summary>How many rows one table holds in the SQLite file and in the PostgreSQL copy.</summary>
public sealed record TableCount(string Table, long Source, long Target);

/// <summary>The two stores compared: the SHA-256 of each one's export, how many values it holds, and every table's rows.</summary>
public sealed record StoreComparison(string SourceExport, string TargetExport, long Values, IReadOnlyList<TableCount> Counts)
{
    public bool Matches => SourceExport == TargetExport && Counts.All(c => c.Source == c.Target);
}

/// <summary>A copy that must not be made (the target already holds data, the source is missing), with the reason in both languages.</summary>
public sealed class StoreCopyRefusedException(string message) : Exception(message);

/// <summary>
/// Copies a SQLite store into an empty PostgreSQL one: every table, history included, with its ids, by binary COPY
/// streamed row by row, in one PostgreSQL transaction, so a copy that fails leaves no row behind. Then
/// <see cref="Compare"/> checks the two stores give the same export and hold the same rows.
/// </summary>
public sealed class StoreCopy(AnalyticsDatabase source, AnalyticsDatabase target)
{
    /// <summary>Every table of the schema, each after the tables its foreign keys name.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "agencies", "metrics", "batches", "batch_errors", "reports", "revisions", "cell_values", "findings", "rollups",
        "revision_indicators", "indicator_rollups", "data_version", "users", "audit_log", "cell_sources", "batch_files",
    ];

    /// <summary>Tables whose rows the migrations themselves write into a new database; the copy replaces them with the source's.</summary>
    private static readonly string[] WrittenByMigrations = ["metrics", "data_version"];

    /// <summary>How often a large table reports its progress.</summary>
    private const long ProgressEvery = 1_000_000;

    /// <summary>
    /// Brings both stores to the current schema (creating the PostgreSQL database if it is missing and the server
    /// allows), then copies every table and moves each identity sequence past the largest id copied.
    /// </summary>
    /// <exception cref="StoreCopyRefusedException">The SQLite file is missing, or the target already holds data.</exception>
    public IReadOnlyList<TableCount> Copy(Action<CopyProgress>? progress = null)
    {
        if (source.IsPostgres || !target.IsPostgres)
        {
            throw new ArgumentException("The copy goes from a SQLite file to PostgreSQL.");
        }
        // Migrate would create an empty file where the path is mistyped, and copy nothing.
        if (!File.Exists(source.Path))
        {
            throw new StoreCopyRefusedException($"There is no SQLite database at {source.Path}. 找不到 SQLite 数据库：{source.Path}。");
        }
        if (CreateDatabaseUnlessItExists())
        {
            // Refused before the migrations too, so a refused copy leaves a database in use exactly as it was.
            using var existing = target.OpenWrite();
            RefuseUnlessEmpty(existing, transaction: null);
        }
        source.Migrate();
        target.Migrate();

        using var reading = (SqliteConnection)source.OpenRead();
        // One read transaction: every table as of the same moment, even if a loader writes the file meanwhile.
        using var snapshot = reading.BeginTransaction(deferred: true);
        using var writing = (NpgsqlConnection)target.OpenWrite();
        // The figures lock: a second copy into the same database waits here (or gives up as busy), then finds this one's rows and is refused.
        using var transaction = target.BeginWrite(writing);
        RefuseUnlessEmpty(writing, transaction);
        foreach (var table in WrittenByMigrations)
        {
            writing.Execute($"DELETE FROM {table}", transaction: transaction);
        }

        var copied = new List<TableCount>();
        foreach (var table in Tables)
        {
            var rows = CopyTable(reading, snapshot, writing, transaction, table, progress);
            copied.Add(new TableCount(table, rows, rows));
        }
        MoveSequences(writing, transaction);
        transaction.Commit();
        return copied;
    }

    /// <summary>
    /// Compares the stores as they are now: the SHA-256 of each one's export (streamed, never held in memory) and
    /// every table's row count.
    /// </summary>
    public StoreComparison Compare()
    {
        var (sourceHash, values) = ExportHash(source);
        var (targetHash, _) = ExportHash(target);
        var counts = Tables.Select(table => new TableCount(table, Count(source, table), Count(target, table))).ToList();
        return new StoreComparison(sourceHash, targetHash, values, counts);
    }

    private static (string Hash, long Values) ExportHash(AnalyticsDatabase database)
    {
        using var sha = SHA256.Create();
        long values;
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
        {
            values = ExportWriter.Write(database, hashing);
        }
        return (Convert.ToHexStringLower(sha.Hash!), values);
    }

    private static long Count(AnalyticsDatabase database, string table)
    {
        using var connection = database.OpenRead();
        // No time limit: counting hundreds of millions of cells takes a while, and the answer is what is wanted.
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}", commandTimeout: 0);
    }

    /// <summary>
    /// Creates the database named in the connection string, through the server's maintenance database, unless it
    /// exists. Returns whether it existed.
    /// </summary>
    private bool CreateDatabaseUnlessItExists()
    {
        var wanted = new NpgsqlConnectionStringBuilder(AnalyticsDatabase.Keywords(target.Path)) { Pooling = false };
        try
        {
            using var probe = new NpgsqlConnection(wanted.ConnectionString);
            probe.Open();
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }
        var name = wanted.Database ?? wanted.Username ?? "";
        var server = new NpgsqlConnectionStringBuilder(wanted.ConnectionString) { Database = "postgres" };
        try
        {
            using var connection = new NpgsqlConnection(server.ConnectionString);
            connection.Open();
            // A name cannot be a parameter: it is quoted as an identifier instead.
            connection.Execute($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created by someone else a moment ago: as good (the copy's own check still finds any data they put in).
        }
        catch (NpgsqlException ex)
        {
            throw new StoreCopyRefusedException(
                $"The database {name} does not exist and could not be created ({ex.Message}): create it (createdb {name}) and run again. "
                + $"数据库 {name} 不存在且无法创建（{ex.Message}），请先创建（createdb {name}）后再运行。");
        }
        return false;
    }

    /// <summary>
    /// Only an empty store takes a copy: merging two histories would clash on ids and on the loaded-file hashes.
    /// A table not made yet (a database never migrated) counts as empty.
    /// </summary>
    private static void RefuseUnlessEmpty(DbConnection connection, DbTransaction? transaction)
    {
        bool Holds(string table) =>
            connection.ExecuteScalar<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table }, transaction)
            && connection.ExecuteScalar<bool>($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: transaction);

        var batches = Holds("batches") ? connection.ExecuteScalar<long>("SELECT count(*) FROM batches", transaction: transaction) : 0;
        if (batches > 0)
        {
            throw new StoreCopyRefusedException(
                $"The target database already holds {batches} batch(es); nothing was copied. Copy into a new or empty database. "
                + $"目标数据库已有 {batches} 个批次，未复制任何内容。请迁移到新的或空的数据库。");
        }
        // A dashboard started on it makes the first admin; users or an audit log here would clash with the copied ones.
        var held = Tables.Except(WrittenByMigrations)
            .Where(Holds)
            .ToList();
        if (held.Count > 0)
        {
            var tables = string.Join(", ", held);
            throw new StoreCopyRefusedException(
                $"The target database already holds data (in {tables}); nothing was copied. Copy into a new or empty database. "
                + $"目标数据库已有数据（{tables}），未复制任何内容。请迁移到新的或空的数据库。");
        }
    }

    private static long CopyTable(SqliteConnection reading, SqliteTransaction snapshot, NpgsqlConnection writing, DbTransaction transaction, string table, Action<CopyProgress>? progress)
    {
        var columns = writing.Query<(string Name, string Type)>(
            """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table
            ORDER BY ordinal_position
            """, new { table }, transaction).AsList();
        var sourceColumns = reading.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }, snapshot).ToHashSet(StringComparer.Ordinal);
        // Both stores were just migrated to one schema version; a column on one side only would be lost or left empty.
        if (columns.Count == 0 || !sourceColumns.SetEquals(columns.Select(c => c.Name)))
        {
            throw new InvalidOperationException(
                $"The table {table} has other columns in the SQLite file ({string.Join(", ", sourceColumns)}) than in PostgreSQL ({string.Join(", ", columns.Select(c => c.Name))}).");
        }
        var writers = columns.Select(c => Writer(table, c.Name, c.Type)).ToArray();
        var list = string.Join(", ", columns.Select(c => c.Name));

        using var select = reading.CreateCommand();
        select.Transaction = snapshot;
        select.CommandText = $"SELECT {list} FROM {table}";
        using var reader = select.ExecuteReader();
        using var copy = writing.BeginBinaryImport($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)");
        // Complete() waits while the server checks the foreign keys of every row: no time limit (zero is none).
        copy.Timeout = TimeSpan.Zero;
        long rows = 0;
        while (reader.Read())
        {
            copy.StartRow();
            for (var i = 0; i < writers.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    copy.WriteNull();
                }
                else
                {
                    writers[i](copy, reader, i);
                }
            }
            if (++rows % ProgressEvery == 0)
            {
                progress?.Invoke(new CopyProgress(table, rows, Done: false));
            }
        }
        var written = (long)copy.Complete();
        if (written != rows)
        {
            throw new InvalidOperationException($"The table {table}: {rows} rows read, {written} written.");
        }
        progress?.Invoke(new CopyProgress(table, rows, Done: true));
        return rows;
    }

    /// <summary>How one column goes from the SQLite reader into COPY, by its PostgreSQL type (STRICT tables hold exactly that type).</summary>
    private static Action<NpgsqlBinaryImporter, SqliteDataReader, int> Writer(string table, string column, string type) => type switch
    {
        "bigint" => (copy, reader, i) => copy.Write(reader.GetInt64(i), NpgsqlDbType.Bigint),
        "double precision" => (copy, reader, i) => copy.Write(reader.GetDouble(i), NpgsqlDbType.Double),
        "text" => (copy, reader, i) => copy.Write(reader.GetString(i), NpgsqlDbType.Text),
        "bytea" => (copy, reader, i) => copy.Write(reader.GetFieldValue<byte[]>(i), NpgsqlDbType.Bytea),
        _ => throw new InvalidOperationException($"The column {table}.{column} has the type {type}, which the copy does not know."),
    };

    /// <summary>Each identity sequence continues after the largest id copied, so the next row PostgreSQL adds gets the next id.</summary>
    private static void MoveSequences(NpgsqlConnection connection, DbTransaction transaction)
    {
        var identities = connection.Query<(string Table, string Column)>(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES' AND table_name = ANY(@tables)
            """, new { tables = Tables.ToArray() }, transaction);
        foreach (var (table, column) in identities)
        {
            // Names come from the catalog; setval(…, false) makes max + 1 the next value, and 1 for an empty table.
            connection.Execute(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), coalesce(max({column}), 0) + 1, false) FROM {table}",
                new { table, column }, transaction);
        }
    }
}
