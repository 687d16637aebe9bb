using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>Opening the database from several processes at once, as a worker and the dashboard starting together do.</summary>
public class MigrationTests
{
    [Fact]
    public void SeveralMigrationsOfANewFileAtOnceApplyEachMigrationOnce()
    {
        var folder = Directory.CreateTempSubdirectory("analytics-test-").FullName;
        try
        {
            var path = Path.Combine(folder, "new.db");
            // Separate instances, as separate processes would have; all start on the empty file together.
            var databases = Enumerable.Range(0, 4).Select(_ => new AnalyticsDatabase(path)).ToList();
            using var start = new Barrier(databases.Count);
            var failures = new List<Exception>();
            var threads = databases.Select(d => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    d.Migrate();
                }
                catch (Exception ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(failures);
            using var connection = databases[0].OpenRead();
            Assert.Equal(AnalyticsDatabase.LatestVersion, connection.ExecuteScalar<long>("PRAGMA user_version"));
            Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
