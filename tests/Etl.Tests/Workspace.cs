using System.Text;
using Analytics.Core.Reading;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;

namespace Analytics.Etl.Tests;

/// <summary>A real temp folder with a real SQLite file, and the pipeline over it.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace(WriteSettings? settings = null)
    {
        Folder = Directory.CreateTempSubdirectory("analytics-test-").FullName;
        Database = new AnalyticsDatabase(Path.Combine(Folder, "analytics.db"), settings);
        Database.Migrate();
        Pipeline = new IngestionPipeline(Database);
    }

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

    public void Dispose()
    {
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
