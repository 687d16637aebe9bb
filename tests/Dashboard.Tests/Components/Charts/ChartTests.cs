using Analytics.Dashboard.Components.Charts;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Dashboard.Tests.Components.Charts;

public sealed class ChartTests : BunitContext
{
    private readonly IDisposable _culture = Localizer.Use("zh-CN");

    public ChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    protected override void Dispose(bool disposing)
    {
        _culture.Dispose();
        base.Dispose(disposing);
    }

    private static ChartModel Model(params ChartSeries[] series) => new()
    {
        Id = "chart-test", Title = "测试图", Kind = ChartKind.StackedBar, Categories = ["2022", "2023"], CategoryTitle = "年度", Series = series,
    };

    [Fact]
    public void DrawsIntoADivNamedAfterTheModelAndHandsPlotlyTheSeries()
    {
        var cut = Render<Chart>(p => p.Add(c => c.Model, Model(new ChartSeries("网站", [1200, 1300]), new ChartSeries("微博", [5, null]))));

        Assert.NotNull(cut.Find("div#chart-test"));
        var newPlot = JSInterop.Invocations.Single(i => i.Identifier == "newPlot");
        Assert.Equal("chart-test", newPlot.Arguments[0]);
        var traces = System.Text.Json.JsonSerializer.Serialize(newPlot.Arguments[1], new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("网站", traces);
        Assert.Contains("微博", traces);
    }

    [Fact]
    public void TheTableViewShowsTheSameNumbersFormattedWithGapsAsDashes()
    {
        var cut = Render<Chart>(p => p.Add(c => c.Model, Model(new ChartSeries("网站", [1200, 1300]), new ChartSeries("微博", [5, null]))));

        cut.Find("[data-action=table]").Click();

        var rows = cut.FindAll("table[data-chart=chart-test] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2022", "1,200", "5"], rows[0].Children.Select(c => c.TextContent));
        Assert.Equal(["2023", "1,300", "—"], rows[1].Children.Select(c => c.TextContent));
        Assert.Equal("图表", cut.Find("[data-action=table]").TextContent);
    }

    [Fact]
    public void CsvDownloadGoesThroughTheBrowserWithTheChartsTitleAsFileName()
    {
        var cut = Render<Chart>(p => p.Add(c => c.Model, Model(new ChartSeries("网站", [1, 2]))));
        cut.Find("[data-action=csv]").Click();
        var download = JSInterop.Invocations.Single(i => i.Identifier == "analyticsDownload");
        Assert.Equal("测试图.csv", download.Arguments[0]);
    }

    [Fact]
    public void AChartWithoutAnyNumberSaysSoInsteadOfDrawingNothing()
    {
        var cut = Render<Chart>(p => p.Add(c => c.Model, Model(new ChartSeries("网站", [null, null]))));
        Assert.Equal("暂无数据。", cut.Find("p.empty").TextContent);
    }
}
