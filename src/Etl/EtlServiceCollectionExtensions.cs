using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;
using Analytics.Etl.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Etl;

public static class EtlServiceCollectionExtensions
{
    /// <summary>
    /// The loader: options, the migrated database, the pipeline, and (unless <c>RunWorker</c> is off) the inbox worker
    /// and, on PostgreSQL, the queue worker.
    /// </summary>
    public static IServiceCollection AddEtl(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AnalyticsOptions>(configuration.GetSection(AnalyticsOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
            var database = new AnalyticsDatabase(options.ResolvedDatabase, options.ToWriteSettings());
            var logger = sp.GetRequiredService<ILogger<AnalyticsDatabase>>();
            database.WaitingForWriter += (attempt, pause) => logger.LogWarning(
                "The database is busy with another writer (attempt {Attempt} of {Attempts}); trying again in {Pause}.", attempt, options.BusyRetries + 1, pause);
            database.Migrate();
            return database;
        });
        services.AddSingleton<BatchMonitor>();
        services.AddSingleton(sp => new IngestionPipeline(sp.GetRequiredService<AnalyticsDatabase>(), sp.GetRequiredService<BatchMonitor>()));
        services.AddSingleton<InboxSweeper>();
        services.AddSingleton<DemoSeeder>();
        var section = configuration.GetSection(AnalyticsOptions.Section);
        if (section.GetValue(nameof(AnalyticsOptions.RunWorker), true))
        {
            services.AddHostedService<InboxWorker>();
            // On PostgreSQL uploads wait in the database, for this worker or any other.
            if (AnalyticsDatabase.IsPostgresSetting(section[nameof(AnalyticsOptions.Database)]))
            {
                services.AddSingleton<QueueWorker>();
                services.AddHostedService(sp => sp.GetRequiredService<QueueWorker>());
            }
        }
        return services;
    }

    /// <summary>
    /// Layers the database setting: configuration files, then <c>ANALYTICS_DB</c>, then the command line
    /// (<c>--db</c>, <c>--data-dir</c>, <c>--no-seed</c>, <c>--no-worker</c>, <c>--private</c>), the last one winning.
    /// </summary>
    public static IConfigurationBuilder AddAnalyticsCommandLine(this IConfigurationBuilder builder, string[] args)
    {
        if (Environment.GetEnvironmentVariable("ANALYTICS_DB") is { Length: > 0 } fromEnvironment)
        {
            builder.AddInMemoryCollection([new($"{AnalyticsOptions.Section}:Database", fromEnvironment)]);
        }
        var flags = new List<KeyValuePair<string, string?>>();
        var rest = new List<string>();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--no-seed":
                    flags.Add(new($"{AnalyticsOptions.Section}:Seed", "false"));
                    break;
                case "--no-worker":
                    flags.Add(new($"{AnalyticsOptions.Section}:RunWorker", "false"));
                    break;
                case "--private":
                    flags.Add(new($"{AnalyticsOptions.Section}:AnonymousViewing", "false"));
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }
        builder.AddInMemoryCollection(flags);
        builder.AddCommandLine([.. rest], new Dictionary<string, string>
        {
            ["--db"] = $"{AnalyticsOptions.Section}:Database",
            ["--data-dir"] = $"{AnalyticsOptions.Section}:DataDirectory",
        });
        return builder;
    }
}
