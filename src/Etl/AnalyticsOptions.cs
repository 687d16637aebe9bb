namespace Analytics.Etl;

/// <summary>
/// Every setting of the loader and dashboard, bound from the "Analytics" section; <c>--db</c> and
/// <c>ANALYTICS_DB</c> set <see cref="Database"/>.
/// </summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// The store: a SQLite file path (default: <c>analytics.db</c> under <see cref="DataDirectory"/>), or a
    /// PostgreSQL connection string such as <c>Host=db;Database=analytics;Username=…;Password=…</c>.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>Holds inbox/, archive/, failed/ and samples/. Default: the repository's <c>data/</c>, else <c>./data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>How often the worker sweeps the inbox even without file events.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a file's size and time must stay unchanged before it counts as completely written.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Load the demo data into an empty database on first start.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Run the inbox worker in this process (the dashboard turns it off when a separate worker runs).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Largest upload accepted, per file.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most files accepted in one upload.</summary>
    public int MaxUploadFiles { get; set; } = 20;

    /// <summary>
    /// Whether the charts are open to visitors who have not signed in (read-only: never upload, batches or users).
    /// On for the demo; turn it off (<c>--private</c> or <c>Analytics:AnonymousViewing=false</c>) for real figures.
    /// </summary>
    public bool AnonymousViewing { get; set; } = true;

    /// <summary>
    /// How long one attempt to write waits while another writer (a second worker, a rollback, a sqlite3 shell)
    /// holds the database. Whole seconds; see <see cref="BusyRetries"/>.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many more attempts follow, after pauses that double from <see cref="BusyBackoff"/>: with the defaults a
    /// write gives up after about 47 s. A batch that gives up ends interrupted and its file stays in the inbox.
    /// </summary>
    public int BusyRetries { get; set; } = 3;

    /// <summary>The pause before the first retry of a busy write.</summary>
    public TimeSpan BusyBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cap on the database file in pages (16 KiB each): a batch that would grow it further is rejected as if the
    /// disk were full, and nothing of it is loaded. Null (the default) means no cap; tests use it to simulate a full disk.
    /// </summary>
    public long? MaxDatabasePages { get; set; }

    /// <summary>
    /// PostgreSQL's batch queue: how long a worker's claim on a batch lasts unless renewed (it renews every third of
    /// it while loading). A worker that dies leaves its batch to another after at most this long.
    /// </summary>
    public TimeSpan QueueLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>PostgreSQL's batch queue: how often an idle worker looks for a batch to take.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The database settings these options give (a method, so configuration binding leaves it alone).</summary>
    public Core.Storage.WriteSettings ToWriteSettings() => new()
    {
        BusyTimeout = BusyTimeout,
        BusyRetries = BusyRetries,
        BusyBackoff = BusyBackoff,
        MaxPages = MaxDatabasePages,
    };

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory ?? DefaultDataDirectory());

    /// <summary>The SQLite file's full path, or the PostgreSQL connection string as given.</summary>
    public string ResolvedDatabase => Core.Storage.AnalyticsDatabase.IsPostgresSetting(Database)
        ? Database!
        : Path.GetFullPath(Database ?? Path.Combine(ResolvedDataDirectory, "analytics.db"));

    public string Inbox => Path.Combine(ResolvedDataDirectory, "inbox");

    public string Archive => Path.Combine(ResolvedDataDirectory, "archive");

    public string Failed => Path.Combine(ResolvedDataDirectory, "failed");

    /// <summary>The demo data: the data directory's samples/, else the copy shipped beside the program.</summary>
    public string Samples
    {
        get
        {
            var local = Path.Combine(ResolvedDataDirectory, "samples");
            return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "samples");
        }
    }

    // Commands run from anywhere in the repository (or from bin/) find the one data/ folder.
    private static string DefaultDataDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "data");
    }
}
