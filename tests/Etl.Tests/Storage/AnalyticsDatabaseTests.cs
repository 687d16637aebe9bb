using Analytics.Core.Storage;
using Dapper;

namespace Analytics.Etl.Tests.Storage;

/// <summary>Opening and writing the database while other processes do: a worker and the dashboard, several workers.</summary>
public class AnalyticsDatabaseTests
{
    [Fact]
    public void AWriterThatDoesNotRetryWaitsForAnotherWriterAsLongAsTheRetriesWouldInAll()
    {
        // One attempt waits 2 s; all four with their pauses about 8.7 s.
        // SQLite only: the other writer holds the file's write lock (see DatabaseFaultTests.HoldWriteLock).
        using var w = Workspace.OnSqlite(new WriteSettings { BusyTimeout = TimeSpan.FromSeconds(2), BusyRetries = 3, BusyBackoff = TimeSpan.FromMilliseconds(100) });
        var other = Ingestion.DatabaseFaultTests.HoldWriteLock(w.Database);
        // The other writer finishes after one attempt's wait but well inside the whole budget.
        using var finish = new Timer(_ => other.Dispose(), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        // As the accounts and the audit log write: on OpenWrite, without retrying.
        using var connection = w.Database.OpenWrite();
        Assert.Equal(1, connection.Execute("UPDATE data_version SET value = value + 1"));
    }

    [Fact]
    public void SeveralMigrationsOfANewFileAtOnceApplyEachMigrationOnce()
    {
        // SQLite only: about creating the file and its user_version and WAL mode (SharedInboxTests migrate a new store on both).
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
