using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Storage;

/// <summary>The dashboard caches costly results until data_version moves: a load must never leave them stale.</summary>
public class DashboardCacheTests
{
    [Fact]
    public void TheAgencyListYearsCoverageAndRankingValuesFollowEveryLoad()
    {
        using var w = new Workspace();
        var queries = new DashboardQueries(w.Database);
        w.Import(w.Write("a.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,5\n"));
        var before = queries.DataVersion();
        Assert.Equal(["甲局"], queries.Agencies().Select(a => a.Name));
        Assert.Equal((2023, 2023), queries.Years());
        Assert.Single(queries.Coverage(1, 100).Cells);
        Assert.Equal([5.0], queries.Values(new AgencyFilter(), ["t3.new_received.total"]).Select(v => v.Value));

        // The same calls again are served from the cache: they must still answer the same.
        Assert.Same(queries.Agencies(), queries.Agencies());

        w.Import(w.Write("b.csv", "agency,year,metric,value\n乙局,2024,t3.new_received.total,7\n甲局,2023,t3.new_received.total,6\n"));
        Assert.True(queries.DataVersion() > before);
        Assert.Equal(["乙局", "甲局"], queries.Agencies().Select(a => a.Name));
        Assert.Equal((2023, 2024), queries.Years());
        Assert.Equal(2, queries.Coverage(1, 100).Cells.Count);
        Assert.Equal([7.0, 6.0], queries.Values(new AgencyFilter(), ["t3.new_received.total"]).Select(v => v.Value));
    }

    [Fact]
    public void ARejectedBatchDoesNotMoveTheDataVersion()
    {
        using var w = new Workspace();
        var queries = new DashboardQueries(w.Database);
        w.Import(w.Write("a.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,5\n"));
        var before = queries.DataVersion();
        w.Import(w.Write("bad.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,abc\n"));
        Assert.Equal(before, queries.DataVersion());
    }
}
