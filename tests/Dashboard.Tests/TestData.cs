using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;

namespace Analytics.Dashboard.Tests;

/// <summary>A real store (a SQLite file in a temp folder, or a PostgreSQL database), loaded through the real pipeline.</summary>
public sealed class TestData : IDisposable
{
    private readonly TestStore _store;

    public TestData()
    {
        Folder = Directory.CreateTempSubdirectory("dashboard-test-").FullName;
        _store = TestStore.Migrated(Folder);
        Database = _store.Open();
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
        _store.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
