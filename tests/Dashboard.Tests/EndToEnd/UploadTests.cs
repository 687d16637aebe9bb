using Analytics.Core.Accounts;
using Analytics.Core.Storage;

namespace Analytics.Dashboard.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class UploadTests(BrowserFixture fixture)
{
    private static string Write(string name, string text)
    {
        var folder = Directory.CreateTempSubdirectory("upload-").FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task AGoodFileLoadsAndChangesTheCharts()
    {
        var (page, errors, context) = await fixture.NewPageAsync(role: Roles.Uploader);
        await using var _ = context;
        var before = Pages.SumByYear(fixture.Factory.Database, "t3.new_received.natural_person")["2024"];
        var file = Write("new_agency_2024.csv",
            "agency,year,metric,value,region,level\n示范县信访局,2024,t3.new_received.natural_person,1000,示范省,县级\n示范县信访局,2024,t3.new_received.total,1000,示范省,县级\n");

        await page.GotoAsync(fixture.BaseUrl + "/upload");
        await page.Locator(".dropzone[data-ready=true]").WaitForAsync();
        await page.Locator("#upload-input").SetInputFilesAsync(file);

        var row = page.Locator("tr[data-file='new_agency_2024.csv']");
        try
        {
            await row.Locator("[data-status=loaded]").WaitForAsync(new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(await page.Locator("main").InnerHTMLAsync());
        }
        Assert.Contains("2", await row.Locator("td.result").InnerTextAsync());
        // Who sent which bytes: the batch names the uploader, and the audit log has the hash taken as it arrived.
        var batch = new BatchStore(fixture.Factory.Database).List(uploadedBy: BrowserFixture.UserOf(Roles.Uploader)).First(b => b.FileName == "new_agency_2024.csv");
        var audit = new AuditLog(fixture.Factory.Database).List().First(e => e.Action == AuditLog.Actions.Upload && e.BatchId == batch.Id);
        Assert.Equal((BrowserFixture.UserOf(Roles.Uploader), batch.Sha256), (audit.Actor, audit.Sha256));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), audit.Sha256);
        Assert.StartsWith(Path.Combine(fixture.DataDirectoryUploads(), $"{batch.Id:D6}"), batch.StoredPath);

        await page.GotoAsync(fixture.BaseUrl + "/");
        await Pages.WaitForChartAsync(page, "chart-requests");
        var requests = await Pages.TracesAsync(page, "chart-requests");
        Assert.Equal(before + 1000, requests["自然人"]["2024"]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ABadFileShowsItsLineAndColumnErrorsAndChangesNothing()
    {
        var (page, errors, context) = await fixture.NewPageAsync(role: Roles.Uploader);
        await using var _ = context;
        var export = Pages.Export(fixture.Factory.Database);
        var file = Write("broken.csv", "agency,year,metric,value\n示范县信访局,2024,t3.granted.total,5\n示范县信访局,2024,t3.granted.commercial,很多\n");

        await page.GotoAsync(fixture.BaseUrl + "/upload");
        await page.Locator(".dropzone[data-ready=true]").WaitForAsync();
        await page.Locator("#upload-input").SetInputFilesAsync(file);

        var row = page.Locator("tr[data-file='broken.csv']");
        await row.Locator("[data-status=rejected]").WaitForAsync(new() { Timeout = 30_000 });
        var text = await row.Locator("ul.errors").InnerTextAsync();
        Assert.Contains("第 3 行第 4 列", text);
        Assert.Contains("不是数字", text);
        await page.ScreenshotAsync(new() { Path = Pages.ScreenshotPath("upload-rejected.png") });
        Assert.Equal(export, Pages.Export(fixture.Factory.Database));

        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.errors-link").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");
        await download.SaveAsAsync(path);
        Assert.Contains("broken.csv,3,4,value,NotANumber", await File.ReadAllTextAsync(path));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AFileThatIsNotTextIsRefusedBeforeUpload()
    {
        var (page, _, context) = await fixture.NewPageAsync(role: Roles.Uploader);
        await using var __ = context;
        var file = Write("figures.xlsx", "PK");
        await page.GotoAsync(fixture.BaseUrl + "/upload");
        await page.Locator(".dropzone[data-ready=true]").WaitForAsync();
        await page.Locator("#upload-input").SetInputFilesAsync(file);
        await page.Locator("tr[data-file='figures.xlsx'] [data-status=refused]").WaitForAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task MoreFilesThanTheLimitAreCutAtTheLimitWithANote()
    {
        var (page, errors, context) = await fixture.NewPageAsync(role: Roles.Uploader);
        await using var __ = context;
        var folder = Directory.CreateTempSubdirectory("upload-many-").FullName;
        // Files that are refused by the loader, so the shared database is left as it was.
        var files = Enumerable.Range(1, 21).Select(i =>
        {
            var path = Path.Combine(folder, $"many_{i:D2}.csv");
            File.WriteAllText(path, "agency,year,metric,value\n批量局,2023,t3.new_received.total,x\n");
            return path;
        }).ToArray();
        await page.GotoAsync(fixture.BaseUrl + "/upload");
        await page.Locator(".dropzone[data-ready=true]").WaitForAsync();
        await page.Locator("#upload-input").SetInputFilesAsync(files);

        await page.Locator("[data-status=refused]").First.WaitForAsync(new() { Timeout = 15_000 });
        await page.Locator("tr[data-file^='many_'] [data-status=rejected]").Nth(19).WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(20, await page.Locator("tr[data-file^='many_']").CountAsync());
        Assert.Contains("20", await page.Locator("tr:has([data-status=refused])").First.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task APublishedReportSavedAsAWebPageUploadsAndItsBatchSaysHowEachCellWasObtained()
    {
        var (page, errors, context) = await fixture.NewPageAsync(role: Roles.Uploader);
        await using var __ = context;
        // A GB2312 web page from the report corpus, with its breadcrumb and chrome.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Analytics.sln")))
        {
            root = root.Parent!;
        }
        var file = Path.Combine(Directory.CreateTempSubdirectory("upload-report-").FullName, "report_page.htm");
        File.Copy(Path.Combine(root.FullName, "tests", "Core.Tests", "Fixtures", "reports", "xiaogan_office_2020.htm"), file);

        await page.GotoAsync(fixture.BaseUrl + "/upload");
        await page.Locator(".dropzone[data-ready=true]").WaitForAsync();
        await page.Locator("#upload-input").SetInputFilesAsync(file);
        await page.Locator("tr[data-file='report_page.htm'] [data-status=loaded]").WaitForAsync(new() { Timeout = 30_000 });
        var batch = await page.Locator("tr[data-file='report_page.htm']").GetAttributeAsync("data-batch");

        await page.GotoAsync($"{fixture.BaseUrl}/batches?id={batch}");
        await page.Locator("#cell-sources").WaitForAsync(new() { Timeout = 15_000 });
        Assert.Contains("取自表格", await page.InnerTextAsync("#cell-sources"));
        Assert.True(await page.Locator("table.sources tr[data-source='3']").CountAsync() > 0);
        Assert.Empty(errors);
    }
}
