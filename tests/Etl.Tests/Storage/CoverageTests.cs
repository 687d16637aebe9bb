using Analytics.Core.Storage;

namespace Analytics.Etl.Tests.Storage;

public class CoverageTests
{
    [Fact]
    public void TheCoverageGridComesAPageOfAgenciesAtATimeWithEveryYearAndItsFindings()
    {
        using var w = new Workspace();
        // 乙局 2023 breaks R1 (5 new + 0 carried over ≠ 1 answered + 0 carried forward); 丙局 has two years.
        w.Import(w.Write("a.csv", """
            agency,year,metric,value
            甲局,2023,t3.new_received.total,1
            乙局,2023,t3.new_received.total,5
            乙局,2023,t3.carried_over.total,0
            乙局,2023,t3.results_total.total,1
            乙局,2023,t3.carried_forward.total,0
            丙局,2022,t3.new_received.total,1
            丙局,2023,t3.new_received.total,2
            """));
        var queries = new DashboardQueries(w.Database);

        var first = queries.Coverage(1, 2);
        var second = queries.Coverage(2, 2);

        Assert.Equal((3, 3), (first.Agencies, second.Agencies));
        Assert.Equal(["丙局:2022", "丙局:2023", "乙局:2023"], first.Cells.Select(c => $"{c.Agency}:{c.Year}"));
        Assert.Equal(["甲局:2023"], second.Cells.Select(c => $"{c.Agency}:{c.Year}"));
        Assert.True(first.Cells.Single(c => c.Agency == "乙局").Errors > 0);
        Assert.All(first.Cells.Where(c => c.Agency != "乙局").Concat(second.Cells), c => Assert.Equal(0, c.Errors + c.Warnings));
        Assert.Equal(["乙局"], new ReportQueries(w.Database).FindingAgencies());
    }
}
