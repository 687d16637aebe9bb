using Analytics.Dashboard.Components.Shared;
using Analytics.Dashboard.Views;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Dashboard.Tests.Components.Shared;

public sealed class KpiTileTests : BunitContext
{
    public KpiTileTests() => Services.AddLocalization(o => o.ResourcesPath = "Resources");

    [Fact]
    public void ShowsNaNotZeroWhenTheFigureCannotBeComputed()
    {
        using var _ = Localizer.Use("zh-CN");
        var cut = Render<KpiTile>(p => p.Add(k => k.Kpi, new Kpi("kpi-x", "复议纠错率", null, 0.1, IsRate: true)));
        Assert.Equal("NA", cut.Find(".value").TextContent);
        Assert.Equal("NA", cut.Find(".value").GetAttribute("data-value"));
        Assert.Contains("无可比数据", cut.Find(".change").TextContent);
    }

    [Fact]
    public void ShowsARatesChangeInPercentagePoints()
    {
        using var _ = Localizer.Use("en");
        var cut = Render<KpiTile>(p => p.Add(k => k.Kpi, new Kpi("kpi-x", "Disclosure rate", 0.55, 0.5, IsRate: true)));
        Assert.Equal("55.0%", cut.Find(".value").TextContent.Replace(" ", ""));
        Assert.Contains("▲ 5.0 pp", cut.Find(".change").TextContent);
        Assert.Contains("up", cut.Find(".change").ClassName);
    }

    [Fact]
    public void ShowsACountsChangeAsAPercentage()
    {
        using var _ = Localizer.Use("zh-CN");
        var cut = Render<KpiTile>(p => p.Add(k => k.Kpi, new Kpi("kpi-x", "本年新收申请", 900, 1000, IsRate: false)));
        Assert.Equal("900", cut.Find(".value").TextContent);
        Assert.Contains("▼ 10.0%", cut.Find(".change").TextContent);
        Assert.Contains("较上年", cut.Find(".change").TextContent);
    }
}

public sealed class StatusBadgeTests : BunitContext
{
    public StatusBadgeTests() => Services.AddLocalization(o => o.ResourcesPath = "Resources");

    [Theory]
    [InlineData("zh-CN", "loaded", "已导入")]
    [InlineData("en", "loaded", "loaded")]
    [InlineData("zh-CN", "rejected", "已拒绝")]
    [InlineData("zh-CN", "validating", "校验中")]
    public void NamesTheStatusInTheUsersLanguage(string culture, string status, string text)
    {
        using var _ = Localizer.Use(culture);
        var cut = Render<StatusBadge>(p => p.Add(s => s.Status, status));
        Assert.Equal(text, cut.Find("span").TextContent);
        Assert.Equal(status, cut.Find("span").GetAttribute("data-status"));
    }
}
