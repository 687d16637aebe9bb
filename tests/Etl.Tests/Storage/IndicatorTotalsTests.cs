using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Storage;

public class IndicatorTotalsTests
{
    [Fact]
    public void RatesPoolOnlyAgencyYearsThatReportedEveryInput()
    {
        using var w = new Workspace();
        // 甲局 gave granted but no outcomes total: counting its 10 would make the rate 300%.
        w.Import(w.Write("a.csv", """
            agency,year,metric,value
            甲局,2023,t3.granted.total,10
            甲局,2023,t3.partially_granted.total,0
            乙局,2023,t3.granted.total,4
            乙局,2023,t3.partially_granted.total,1
            乙局,2023,t3.results_total.total,5
            丙局,2023,t4.review.upheld,0
            丙局,2023,t4.review.corrected,0
            丙局,2023,t4.review.other,0
            """));

        var totals = new DashboardQueries(w.Database).IndicatorTotals(new AgencyFilter()).ToDictionary(t => t.Indicator);

        Assert.Equal((5.0, 5.0, 1L, 1.0), (totals["ind.disclosure_rate"].Numerator, totals["ind.disclosure_rate"].Denominator,
            totals["ind.disclosure_rate"].Agencies, totals["ind.disclosure_rate"].Rate!.Value));
        Assert.Null(totals["ind.review_correction_rate"].Rate);
        Assert.False(totals.ContainsKey("ind.backlog_ratio"));
    }

    [Fact]
    public void ANewRevisionBringsItsOwnParts()
    {
        using var w = new Workspace();
        w.Import(w.Write("a.csv", "agency,year,metric,value\n甲局,2023,t3.carried_forward.total,1\n甲局,2023,t3.new_received.total,9\n甲局,2023,t3.carried_over.total,1\n"));
        w.Import(w.Write("b.csv", "agency,year,metric,value\n甲局,2023,t3.carried_forward.total,5\n甲局,2023,t3.new_received.total,9\n甲局,2023,t3.carried_over.total,1\n"));
        var backlog = new DashboardQueries(w.Database).IndicatorTotals(new AgencyFilter()).Single(t => t.Indicator == "ind.backlog_ratio");
        Assert.Equal(0.5, backlog.Rate);
    }

    [Fact]
    public void IndicatorRollupsEqualPoolingTheAgencyYearsDirectly()
    {
        using var w = new Workspace();
        var queries = new DashboardQueries(w.Database);
        void AssertSame()
        {
            var names = queries.Agencies().Select(a => a.Name).ToList();
            foreach (var filter in new[] { new AgencyFilter(), new AgencyFilter { Level = "市级" }, new AgencyFilter { Region = "乙省", FromYear = 2023 } })
            {
                var pooled = queries.IndicatorTotals(filter).OrderBy(t => (t.Year, t.Indicator)).Select(t => (t.Year, t.Indicator, t.Numerator, t.Denominator, t.Agencies));
                // Naming every agency takes the direct path over each agency-year's parts.
                var direct = queries.IndicatorTotals(filter with { Agencies = names }).OrderBy(t => (t.Year, t.Indicator)).Select(t => (t.Year, t.Indicator, t.Numerator, t.Denominator, t.Agencies));
                Assert.Equal(direct, pooled);
            }
        }
        w.Import(w.Write("a.csv", """
            agency,year,metric,value,region,level
            甲局,2022,t3.carried_forward.total,1,甲省,市级
            甲局,2022,t3.new_received.total,9,甲省,市级
            甲局,2022,t3.carried_over.total,1,甲省,市级
            甲局,2023,t3.carried_forward.total,2,甲省,市级
            甲局,2023,t3.new_received.total,7,甲省,市级
            甲局,2023,t3.carried_over.total,1,甲省,市级
            乙局,2023,t3.carried_forward.total,3,乙省,县级
            乙局,2023,t3.new_received.total,3,乙省,县级
            乙局,2023,t3.carried_over.total,3,乙省,县级
            """));
        AssertSame();
        Assert.Equal(2, queries.IndicatorTotals(new AgencyFilter { FromYear = 2023 }).Single(t => t.Indicator == "ind.backlog_ratio").Agencies);

        // A new revision replaces its agency-year's parts; an agency that moves level moves its parts.
        w.Import(w.Write("b.csv", "agency,year,metric,value,level\n乙局,2023,t3.carried_forward.total,6,市级\n乙局,2023,t3.new_received.total,3,市级\n乙局,2023,t3.carried_over.total,3,市级\n"));
        AssertSame();
        var city = queries.IndicatorTotals(new AgencyFilter { Level = "市级", FromYear = 2023 }).Single(t => t.Indicator == "ind.backlog_ratio");
        Assert.Equal((8.0, 14.0, 2L), (city.Numerator, city.Denominator, city.Agencies));

        // Corrections in place: 2023's old parts leave and the new ones enter; 2022, no longer giving every
        // input, leaves the pool altogether.
        Assert.Contains(queries.IndicatorTotals(new AgencyFilter { FromYear = 2022, ToYear = 2022 }), t => t.Indicator == "ind.backlog_ratio");
        w.Import(w.Write("c.csv", "agency,year,metric,value\n甲局,2023,t3.carried_forward.total,4\n甲局,2023,t3.new_received.total,7\n甲局,2023,t3.carried_over.total,1\n甲局,2022,t3.new_received.total,9\n"));
        AssertSame();
        Assert.DoesNotContain(queries.IndicatorTotals(new AgencyFilter { FromYear = 2022, ToYear = 2022 }), t => t.Indicator == "ind.backlog_ratio");
        Assert.NotEqual(city, queries.IndicatorTotals(new AgencyFilter { Level = "市级", FromYear = 2023 }).Single(t => t.Indicator == "ind.backlog_ratio"));
    }
}
