using System.Globalization;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Microsoft.Playwright;

namespace Analytics.Dashboard.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PageTests(BrowserFixture fixture)
{
    /// <summary>Every page, as the least role that may open it (empty: an anonymous visitor).</summary>
    public static TheoryData<string, string, string, string> PagesWithTheirMarks() => new()
    {
        { "/", "#chart-channels .main-svg", "overview.png", "" },
        { "/compare", "#chart-compare .main-svg", "compare.png", "" },
        { "/agency?name=" + Uri.EscapeDataString("工业信息和科技局"), "#chart-requests .main-svg", "agency.png", "" },
        { "/upload", "#upload-input", "upload.png", Roles.Uploader },
        { "/batches", "#batches tbody tr", "batches.png", Roles.Admin },
        { "/quality", "#coverage td.cov", "quality.png", "" },
        { "/users", "#users tbody tr", "users.png", Roles.Admin },
        { "/audit", "#audit tbody tr", "audit.png", Roles.Admin },
        { "/login", "#login-form", "login.png", "" },
    };

    /// <summary>Each page renders, draws its charts and logs nothing to the console: no script error, no CSP violation.</summary>
    [Theory]
    [MemberData(nameof(PagesWithTheirMarks))]
    public async Task EveryPageLoadsWithoutConsoleErrors(string path, string mark, string screenshot, string role)
    {
        var (page, errors, context) = await fixture.NewPageAsync(role: role == "" ? null : role);
        await using var _ = context;

        var response = await page.GotoAsync(fixture.BaseUrl + path);

        Assert.Equal(200, response!.Status);
        await page.Locator(mark).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        await page.WaitForTimeoutAsync(500);
        var file = Pages.ScreenshotPath(screenshot);
        await page.ScreenshotAsync(new() { Path = file });
        Assert.True(new FileInfo(file).Length > 10_000);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheOverviewChartsDrawTheNumbersTheDatabaseHolds()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Pages.WaitForChartAsync(page, "chart-requests");
        await Pages.WaitForChartAsync(page, "chart-channels");

        var requests = await Pages.TracesAsync(page, "chart-requests");
        var naturalPersons = Pages.SumByYear(fixture.Factory.Database, "t3.new_received.natural_person");
        Assert.NotEmpty(naturalPersons);
        foreach (var (year, total) in naturalPersons)
        {
            Assert.Equal(total, requests["自然人"][year]);
        }
        var channels = await Pages.TracesAsync(page, "chart-channels");
        foreach (var (year, total) in Pages.SumByYear(fixture.Factory.Database, "ch.website"))
        {
            Assert.Equal(total, channels["网站"][year]);
        }

        var lastYear = naturalPersons.Keys.Max()!;
        var newRequests = Pages.SumByYear(fixture.Factory.Database, "t3.new_received.total")[lastYear];
        Assert.Equal(newRequests.ToString(CultureInfo.InvariantCulture), await page.Locator("#kpi-new-requests .value").GetAttributeAsync("data-value"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AChartShowsItsNumbersAsATableAndDownloadsThemAsCsvForExcel()
    {
        var (page, _, context) = await fixture.NewPageAsync();
        await using var __ = context;
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Pages.WaitForChartAsync(page, "chart-channels");

        await page.Locator("#card-chart-channels [data-action=table]").ClickAsync();
        var table = page.Locator("table[data-chart=chart-channels]");
        await table.WaitForAsync();
        var website = Pages.SumByYear(fixture.Factory.Database, "ch.website");
        var firstYear = website.Keys.Min()!;
        var row = table.Locator("tbody tr").First;
        Assert.Equal(firstYear, await row.Locator("th").InnerTextAsync());
        Assert.Contains(website[firstYear].ToString("N0", CultureInfo.GetCultureInfo("zh-CN")), await row.InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#card-chart-channels [data-action=csv]").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = (await File.ReadAllTextAsync(path)).Split("\r\n");
        Assert.StartsWith("年度,", lines[0]);
        Assert.Contains("网站", lines[0]);
        Assert.StartsWith(firstYear + ",", lines[1]);
        Assert.Contains(website[firstYear].ToString(CultureInfo.InvariantCulture), lines[1]);

        var png = await page.RunAndWaitForDownloadAsync(() => page.Locator("#card-chart-channels [data-action=png]").ClickAsync());
        Assert.EndsWith(".png", png.SuggestedFilename);
    }

    [Fact]
    public async Task FilterStateLivesInTheUrlSoAViewIsAShareableLink()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(fixture.BaseUrl + "/?level=" + Uri.EscapeDataString("县级") + "&from=2022&to=2024");
        await Pages.WaitForChartAsync(page, "chart-requests");

        var requests = await Pages.TracesAsync(page, "chart-requests");
        Assert.Equal(["2022", "2023", "2024"], requests["自然人"].Keys);
        Assert.Equal("县级", await page.Locator("#filter-level").InputValueAsync());

        // Changing a filter in the page writes it back into the URL.
        await page.Locator("#filter-level").SelectOptionAsync("省级");
        await page.Locator("#filter-apply").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("level=" + Uri.EscapeDataString("省级")), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ComparingAgenciesDrawsOneLinePerAgencyAndRanksAllAgencies()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        var agencies = new DashboardQueries(fixture.Factory.Database).Agencies().Take(2).Select(a => a.Name).ToList();
        await page.GotoAsync($"{fixture.BaseUrl}/compare?agency={Uri.EscapeDataString(agencies[0])}&agency={Uri.EscapeDataString(agencies[1])}&metric=ind.disclosure_rate&year=2023");
        await Pages.WaitForChartAsync(page, "chart-compare");

        var traces = await Pages.TracesAsync(page, "chart-compare");
        Assert.Equal(agencies.Order(), traces.Keys.Order());
        var rows = await page.Locator("#ranking tbody tr").CountAsync();
        Assert.True(rows >= 30, $"{rows} ranked agencies");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheLanguageSwitchTurnsTheWholePageIntoEnglishAndBack()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Pages.WaitForChartAsync(page, "chart-requests");
        Assert.Equal("总览", await page.Locator("h1").InnerTextAsync());

        await page.Locator("[data-lang=en]").ClickAsync();
        await page.Locator("h1", new() { HasText = "Overview" }).WaitForAsync();
        await Pages.WaitForChartAsync(page, "chart-requests");
        var traces = await Pages.TracesAsync(page, "chart-requests");
        Assert.Contains("Natural persons", traces.Keys);
        Assert.Equal("Compare", await page.Locator("nav.tabs a[href=compare]").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Pages.ScreenshotPath("overview-en.png") });

        await page.Locator("[data-lang=zh-CN]").ClickAsync();
        await page.Locator("h1", new() { HasText = "总览" }).WaitForAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AnAgencysPageShowsItsOwnYearsTableValuesUnderOfficialLabelsAndItsRevisions()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(fixture.BaseUrl + "/agency?name=" + Uri.EscapeDataString("工业信息和科技局"));
        await Pages.WaitForChartAsync(page, "chart-channels");

        Assert.Contains("2023", await page.Locator(".kpi-year").InnerTextAsync());
        var website = page.Locator("#agency-values tr[data-metric='ch.website']");
        Assert.Contains("网站", await website.Locator("th").InnerTextAsync());
        Assert.Equal("319", (await website.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Equal("2", (await page.Locator("#agency-values tr[data-metric='t2.normative_docs.repealed'] td").First.InnerTextAsync()).Trim());
        var revisions = page.Locator("#agency-revisions tbody tr");
        Assert.Equal(1, await revisions.CountAsync());
        Assert.Contains("2023_industry_tech_bureau_report.txt", await revisions.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheDataQualityPageShowsCoverageAndFiltersFindingsByRule()
    {
        var (page, errors, context) = await fixture.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync(fixture.BaseUrl + "/quality?rule=R4");
        await page.Locator("#coverage td.cov").First.WaitForAsync();

        Assert.True(await page.Locator("#coverage td[data-state=missing]").CountAsync() > 0);
        Assert.True(await page.Locator("#coverage td[data-state=error]").CountAsync() > 0);
        var rules = await page.Locator("#findings tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal("R4", r));
        Assert.Empty(errors);
    }
}
