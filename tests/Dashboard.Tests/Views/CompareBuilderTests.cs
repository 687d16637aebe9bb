using Analytics.Dashboard.Views;

namespace Analytics.Dashboard.Tests.Views;

public sealed class CompareBuilderTests : IDisposable
{
    private readonly TestData _data = new TestData()
        .Load("a.csv", """
            agency,year,metric,value,level
            甲局,2023,t3.new_received.total,30,市级
            乙局,2023,t3.new_received.total,10,市级
            丙局,2023,t3.new_received.total,30,市级
            丁局,2023,t3.new_received.total,5,县级
            甲局,2022,t3.new_received.total,20,市级
            甲局,2023,t3.granted.total,3,市级
            甲局,2023,t3.partially_granted.total,1,市级
            甲局,2023,t3.results_total.total,8,市级
            """);

    public void Dispose() => _data.Dispose();

    private CompareBuilder Builder() => new(_data.Queries, Localizer.Create());

    [Fact]
    public void RanksHighestFirstWithTiesSharingARank()
    {
        var ranking = Builder().Ranking(2023, "t3.new_received.total");
        // Ties are listed by name (ordinal: 丙 before 甲).
        Assert.Equal([("丙局", 1), ("甲局", 1), ("乙局", 3), ("丁局", 4)], ranking.Select(r => (r.Agency, r.Rank)));
    }

    [Fact]
    public void ComparesEachAgencyWithThePeersOfItsLevel()
    {
        var ranking = Builder().Ranking(2023, "t3.new_received.total").ToDictionary(r => r.Agency);
        Assert.Equal(30, ranking["乙局"].PeerMedian);
        Assert.Equal(20, ranking["乙局"].PeerP25);
        Assert.Equal(1.0 / 3, ranking["乙局"].Percentile, 6);
        Assert.Equal(3, ranking["乙局"].Peers);
        Assert.Equal(1, ranking["丁局"].Peers);
        Assert.Equal(5, ranking["丁局"].PeerMedian);
    }

    [Fact]
    public void ARankingIsComputedOnceAndAgainOnlyAfterTheDataChanges()
    {
        var builder = new CompareBuilder(_data.Queries, Localizer.Create());
        var first = builder.Ranking(2023, "t3.new_received.total");
        Assert.Same(first, builder.Ranking(2023, "t3.new_received.total"));
        Assert.NotSame(first, builder.Ranking(2023, "t3.granted.total"));

        _data.Load("b.csv", "agency,year,metric,value\n乙局,2023,t3.new_received.total,50\n");
        var after = builder.Ranking(2023, "t3.new_received.total");
        Assert.NotSame(first, after);
        Assert.Equal(("乙局", 1), (after[0].Agency, after[0].Rank));
    }

    [Fact]
    public void AnIndicatorIsComputedPerAgencyYearAndLeftOutWhereItCannotBe()
    {
        var ranking = Builder().Ranking(2023, "ind.disclosure_rate");
        var only = Assert.Single(ranking);
        Assert.Equal(("甲局", 0.5), (only.Agency, only.Value));
    }

    [Fact]
    public void TheChartHasOneSeriesPerAgencyWithGapsWhereAYearIsMissing()
    {
        var chart = Builder().Chart(["甲局", "丁局"], "t3.new_received.total");
        Assert.Equal(["2022", "2023"], chart.Categories);
        Assert.Equal([20.0, 30.0], chart.Series[0].Values);
        Assert.Equal([null, 5.0], chart.Series[1].Values);
    }

    [Theory]
    [InlineData(new[] { 1.0 }, 0.5, 1.0)]
    [InlineData(new[] { 1.0, 3.0 }, 0.5, 2.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, 0.25, 2.0)]
    public void QuantilesInterpolateBetweenSortedValues(double[] sorted, double q, double expected)
    {
        Assert.Equal(expected, CompareBuilder.Quantile(sorted, q), 6);
    }
}
