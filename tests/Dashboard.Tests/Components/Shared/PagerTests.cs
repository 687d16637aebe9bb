using Analytics.Dashboard.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Dashboard.Tests.Components.Shared;

public sealed class PagerTests : BunitContext
{
    public PagerTests() => Services.AddLocalization(o => o.ResourcesPath = "Resources");

    [Fact]
    public void ShowsWhichRowsArePageAndLinksToThePagesAroundIt()
    {
        using var _ = Localizer.Use("zh-CN");
        Services.GetRequiredService<NavigationManager>().NavigateTo("quality?rule=R1");

        var cut = Render<Pager>(p => p.Add(x => x.Page, 2).Add(x => x.Total, 250));

        Assert.Equal("第 101–200 条，共 250 条", cut.Find(".pager span").TextContent);
        Assert.EndsWith("quality?rule=R1&page=1", cut.Find("[data-page=prev]").GetAttribute("href"));
        Assert.EndsWith("quality?rule=R1&page=3", cut.Find("[data-page=next]").GetAttribute("href"));
    }

    [Fact]
    public void IsNotShownWhenEverythingFitsOnOnePage()
    {
        var cut = Render<Pager>(p => p.Add(x => x.Page, 1).Add(x => x.Total, 37));
        Assert.Empty(cut.FindAll(".pager"));
    }

    [Theory]
    [InlineData(null, 250, 1)]
    [InlineData(9, 250, 3)]
    [InlineData(-2, 250, 1)]
    [InlineData(5, 0, 1)]
    public void KeepsAPageNumberFromTheUrlWithinThePagesThereAre(int? page, int total, int expected)
    {
        Assert.Equal(expected, Pager.Clamp(page, total));
    }
}
