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
}
