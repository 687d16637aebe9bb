using Analytics.Core.Storage;
using Microsoft.Extensions.Localization;

namespace Analytics.Dashboard.Views;

/// <summary>
/// Refills the dashboard's costliest caches (the agency list, the coverage grid, the default ranking) as soon as
/// a load or rollback changes the data, whichever process made it, so the next visitor does not pay for them.
/// At provincial scale these take a few hundred milliseconds cold and under one cached.
/// </summary>
public sealed class CacheWarmer(DashboardQueries queries, IStringLocalizer<Strings> strings, ILogger<CacheWarmer> logger) : BackgroundService
{
    /// <summary>Reading data_version is one indexed row; polling it costs nothing worth measuring.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? warmed = null;
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                var version = queries.DataVersion();
                if (version != warmed)
                {
                    Warm();
                    warmed = version;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A locked or missing database is retried on the next tick; pages still compute on demand.
                logger.LogDebug(ex, "Warming the dashboard caches failed; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Warm()
    {
        queries.Agencies();
        queries.Coverage(1, Components.Shared.Pager.PageSize);
        if (queries.Years() is { } range)
        {
            new CompareBuilder(queries, strings).Ranking(range.Last, CompareBuilder.DefaultMetric);
        }
    }
}
