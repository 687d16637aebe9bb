using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Storage;

/// <summary>The loader's per-year rollups must always equal summing the facts directly.</summary>
public class RollupTests
{
    internal static void AssertRollupsMatchTheFacts(Workspace w)
    {
        var queries = new DashboardQueries(w.Database);
        var metrics = new[] { "t3.new_received.total", "ch.website", "t4.review.upheld" };
        var names = queries.Agencies().Select(a => a.Name).ToList();
        foreach (var filter in new[] { new AgencyFilter(), new AgencyFilter { Level = "市级" }, new AgencyFilter { Region = "乙省" } })
        {
            var fromRollups = queries.Totals(filter, metrics);
            // Picking every agency by name takes the direct path over the facts.
            var agencies = queries.Values(filter, metrics).Select(v => v.Agency).Distinct().ToList();
            var direct = agencies.Count == 0 ? [] : queries.Totals(filter with { Agencies = agencies }, metrics);
            Assert.Equal(direct.Select(t => (t.Year, t.Metric, t.Total, t.Agencies)), fromRollups.Select(t => (t.Year, t.Metric, t.Total, t.Agencies)));
        }
        Assert.NotEmpty(names);
    }

    [Fact]
    public void RollupsFollowNewAgencyYearsRevisionsAndAgenciesThatMove()
    {
        using var w = new Workspace();
        w.Import(w.Write("a.csv", """
            agency,year,metric,value,region,level
            甲局,2022,t3.new_received.total,10,甲省,市级
            甲局,2023,t3.new_received.total,12,甲省,市级
            乙局,2023,t3.new_received.total,5,乙省,县级
            乙局,2023,ch.website,,乙省,县级
            丙局,2023,ch.website,/,乙省,市级
            """));
        AssertRollupsMatchTheFacts(w);

        // A corrected 2023 for 甲局 replaces its old figures in the sums.
        w.Import(w.Write("b.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,20\n甲局,2023,t4.review.upheld,1\n"));
        AssertRollupsMatchTheFacts(w);
        Assert.Equal(25, new DashboardQueries(w.Database).Totals(new AgencyFilter { FromYear = 2023, ToYear = 2023 }, ["t3.new_received.total"]).Single().Total);

        // 乙局 moves to another level: its figures move group.
        w.Import(w.Write("c.csv", "agency,year,metric,value,level\n乙局,2022,t3.new_received.total,3,市级\n"));
        AssertRollupsMatchTheFacts(w);
        var cityLevel = new DashboardQueries(w.Database).Totals(new AgencyFilter { Level = "市级", FromYear = 2023, ToYear = 2023 }, ["t3.new_received.total"]).Single();
        Assert.Equal((25.0, 2L), (cityLevel.Total, cityLevel.Agencies));
    }

    [Fact]
    public void ARejectedBatchLeavesTheRollupsAlone()
    {
        using var w = new Workspace();
        w.Import(w.Write("a.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,10\n"));
        w.Import(w.Write("bad.csv", "agency,year,metric,value\n甲局,2023,t3.new_received.total,99\n甲局,2023,ch.website,x\n"));
        Assert.Equal(10, new DashboardQueries(w.Database).Totals(new AgencyFilter(), ["t3.new_received.total"]).Single().Total);
        AssertRollupsMatchTheFacts(w);
    }
}
