using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Dapper;
using Npgsql;

namespace Analytics.Core.Tests.Storage;

/// <summary>Which store a database setting names, and that each way of writing a PostgreSQL setting reaches it.</summary>
public class StoreSettingTests
{
    [Theory]
    [InlineData("analytics.db", false)]
    [InlineData("/var/lib/analytics/analytics.db", false)]
    [InlineData("data/Host=old.db", false)]
    [InlineData("Data Source=analytics.db", false)]
    [InlineData("Host=db;Database=analytics;Username=etl", true)]
    [InlineData(" host = db ; database = analytics ", true)]
    [InlineData("Database=analytics;Server=10.0.0.5;Port=5432", true)]
    [InlineData("postgres://etl@db:5432/analytics", true)]
    [InlineData("PostgreSQL://etl:secret@db/analytics", true)]
    public void APathNamesASqliteFileAndAConnectionStringOrUrlNamesPostgres(string setting, bool postgres)
    {
        var database = new AnalyticsDatabase(setting);

        Assert.Equal(postgres, AnalyticsDatabase.IsPostgresSetting(setting));
        Assert.Equal(postgres, database.IsPostgres);
        // What another process is handed to reach the same store: the connection string as given, or the full path.
        Assert.Equal(postgres ? setting : Path.GetFullPath(setting), database.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NoSettingIsNotPostgres(string? setting) => Assert.False(AnalyticsDatabase.IsPostgresSetting(setting));

    [Fact]
    public void APostgresUrlGivesItsEscapedUserPasswordAndDatabaseAndTheDefaultPortWhenItHasNone()
    {
        var full = new NpgsqlConnectionStringBuilder(AnalyticsDatabase.Keywords("postgres://ana%40lyst:p%3Ass%2Fword@db.example.org:6543/annual%20reports"));
        var bare = new NpgsqlConnectionStringBuilder(AnalyticsDatabase.Keywords("postgresql://db.example.org/analytics"));

        Assert.Equal(("db.example.org", 6543, "ana@lyst", "p:ss/word", "annual reports"), (full.Host, full.Port, full.Username, full.Password, full.Database));
        Assert.Equal(("db.example.org", 5432, null, null, "analytics"), (bare.Host, bare.Port, bare.Username, bare.Password, bare.Database));
    }

    [Fact]
    public void APostgresUrlReachesTheDatabaseItsConnectionStringNames()
    {
        // On a PostgreSQL run, a database of this test's own; with no server to reach on a SQLite run, the two forms
        // of a made-up setting must at least name the same database (what the part after the return checks live).
        using var store = TestStore.IsPostgres ? TestStore.Migrated(Path.GetTempPath()) : null;
        var keywords = new NpgsqlConnectionStringBuilder(store?.Setting ?? "Host=db.example.org;Port=6543;Username=ana@lyst;Password=p:ss/word;Database=annual reports");
        var user = keywords.Username is { } name ? Uri.EscapeDataString(name) + (keywords.Password is { } password ? ":" + Uri.EscapeDataString(password) : "") + "@" : "";
        var url = $"postgres://{user}{keywords.Host}:{keywords.Port}/{Uri.EscapeDataString(keywords.Database!)}";

        var parsed = new NpgsqlConnectionStringBuilder(AnalyticsDatabase.Keywords(url));
        Assert.Equal((keywords.Host, keywords.Port, keywords.Username, keywords.Password, keywords.Database), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
        if (store is null)
        {
            return;
        }

        // Written through the URL, read through the connection string the test store was made with.
        var viaUrl = new AnalyticsDatabase(url);
        Assert.True(viaUrl.IsPostgres);
        using (var connection = viaUrl.OpenRead())
        {
            Assert.Equal(keywords.Database, connection.ExecuteScalar<string>("SELECT current_database()"));
        }
        new UserStore(viaUrl).Add("via-url", Roles.Viewer, "a long enough password", "test");
        Assert.Equal(Roles.Viewer, new UserStore(store.Open()).Find("via-url")!.Role);
    }
}
