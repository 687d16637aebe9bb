using System.Text;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;

namespace Analytics.Etl.Tests;

/// <summary>
/// A real temp folder with a real store, and the pipeline over it: a SQLite file, or a PostgreSQL database of its
/// own when the tests run on PostgreSQL (see <see cref="TestStore"/>).
/// </summary>
public sealed class Workspace : IDisposable
{
    private readonly List<TestStore> _stores = [];

    public Workspace(WriteSettings? settings = null)
        : this(settings, sqlite: false)
    {
    }

    private Workspace(WriteSettings? settings, bool sqlite)
    {
        Folder = Directory.CreateTempSubdirectory("analytics-test-").FullName;
        if (sqlite)
        {
            Database = new AnalyticsDatabase(Path.Combine(Folder, "analytics.db"), settings);
            Database.Migrate();
        }
        else
        {
            Database = NewStore("analytics.db", migrated: true).Open(settings);
        }
        Pipeline = new IngestionPipeline(Database);
    }

    /// <summary>A workspace on a SQLite file whichever store the tests run on: for tests about SQLite itself.</summary>
    public static Workspace OnSqlite(WriteSettings? settings = null) => new(settings, sqlite: true);

    public string Folder { get; }

    public AnalyticsDatabase Database { get; }

    public IngestionPipeline Pipeline { get; }

    public IngestResult Import(string path, ReadOptions? read = null) => Pipeline.Ingest(IngestRequest.ForFile(path, "test", read));

    public string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The export verb's output.</summary>
    public string Export()
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(Database, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>
    /// Another store of the kind the tests run on, dropped with the workspace: for a CLI or worker process to be
    /// handed as <c>--db</c>. Unless <paramref name="migrated"/>, it is new and the process creates the schema;
    /// <paramref name="fileName"/> names the SQLite file in the folder.
    /// </summary>
    public TestStore NewStore(string fileName, bool migrated = false)
    {
        var store = migrated ? TestStore.Migrated(Folder, fileName) : TestStore.Empty(Folder, fileName);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
