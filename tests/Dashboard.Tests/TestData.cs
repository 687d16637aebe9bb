using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;

namespace Analytics.Dashboard.Tests;

/// <summary>A real SQLite file in a temp folder, loaded through the real pipeline.</summary>
public sealed class TestData : IDisposable
{
    public TestData()
    {
        Folder = Directory.CreateTempSubdirectory("dashboard-test-").FullName;
        Database = new AnalyticsDatabase(Path.Combine(Folder, "analytics.db"));
        Database.Migrate();
    }

    public string Folder { get; }

    public AnalyticsDatabase Database { get; }

    public DashboardQueries Queries => new(Database);

    public TestData Load(string name, string csv)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, csv);
        var result = new IngestionPipeline(Database).Ingest(IngestRequest.ForFile(path, "test"));
        Assert.Equal("loaded", result.Status);
        return this;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
