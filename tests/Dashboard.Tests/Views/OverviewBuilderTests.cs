using Analytics.Core.Storage;
using Analytics.Dashboard.Components.Charts;
using Analytics.Dashboard.Views;

namespace Analytics.Dashboard.Tests.Views;

public sealed class OverviewBuilderTests : IDisposable
{
    private readonly TestData _data = new TestData()
        .Load("a.csv", """
            agency,year,metric,value,level,region
            甲局,2022,t3.new_received.natural_person,10,市级,示范省
            甲局,2022,t3.new_received.total,10,市级,示范省
            甲局,2023,t3.new_received.natural_person,12,市级,示范省
            甲局,2023,t3.new_received.total,12,市级,示范省
            甲局,2023,t3.granted.total,6,市级,示范省
            甲局,2023,t3.partially_granted.total,2,市级,示范省
            甲局,2023,t3.results_total.total,10,市级,示范省
            甲局,2023,t4.review.upheld,0,市级,示范省
            甲局,2023,t4.review.corrected,0,市级,示范省
            甲局,2023,t4.review.other,0,市级,示范省
            乙局,2023,t3.new_received.natural_person,5,县级,示范省
            乙局,2023,t3.new_received.total,,县级,示范省
            乙局,2023,ch.website,7,县级,示范省
            """);

    public void Dispose() => _data.Dispose();

    private OverviewBuilder.View Build(AgencyFilter filter)
    {
        using var _ = Localizer.Use("zh-CN");
        return new OverviewBuilder(_data.Queries, Localizer.Create()).Build(filter);
    }

    [Fact]
    public void SumsEachSeriesOverTheFilteredAgenciesPerYear()
    {
        var view = Build(new AgencyFilter());
        var requests = view.Charts.Single(c => c.Id == "chart-requests");
        Assert.Equal(["2022", "2023"], requests.Categories);
        Assert.Equal([10.0, 17.0], requests.Series.Single(s => s.Name == "自然人").Values);

        var countyOnly = Build(new AgencyFilter { Level = "县级" }).Charts.Single(c => c.Id == "chart-requests");
        Assert.Equal([null, 5.0], countyOnly.Series.Single(s => s.Name == "自然人").Values);
    }

    [Fact]
    public void AnEmptyCellIsNotCountedAsZero()
    {
        // 乙局 left its 2023 total empty: the KPI is 甲局's 12, and nothing else is imagined.
        var kpi = Build(new AgencyFilter()).Kpis.Single(k => k.Id == "kpi-new-requests");
        Assert.Equal(12, kpi.Value);
        Assert.Equal(10, kpi.Previous);
        Assert.Equal(0.2, kpi.Change!.Value, 6);
    }

    [Fact]
    public void RatesAreNaWhenTheirDenominatorIsZero()
    {
        var kpis = Build(new AgencyFilter()).Kpis.ToDictionary(k => k.Id);
        Assert.Equal(0.8, kpis["kpi-disclosure-rate"].Value!.Value, 6);
        Assert.Null(kpis["kpi-review-correction-rate"].Value);
        Assert.Null(kpis["kpi-review-correction-rate"].Change);
        Assert.Null(kpis["kpi-litigation-correction-rate"].Value);
    }

    [Fact]
    public void OutcomesAreDrawnAsSharesOfOneHundredPercent()
    {
        var outcomes = Build(new AgencyFilter()).Charts.Single(c => c.Id == "chart-outcomes");
        Assert.Equal(ChartKind.PercentBar, outcomes.Kind);
        Assert.Equal(["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"], outcomes.Series.Select(s => s.Name));
    }

    [Fact]
    public void AYearRangeOutsideTheDataGivesNoCharts()
    {
        var view = Build(new AgencyFilter { FromYear = 2010, ToYear = 2012 });
        Assert.Null(view.LastYear);
        Assert.Empty(view.Charts);
    }
}
