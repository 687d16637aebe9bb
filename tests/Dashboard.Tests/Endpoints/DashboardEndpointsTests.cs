using System.Net;
using Analytics.Core.Accounts;
using Analytics.Dashboard.Endpoints;
using Analytics.Dashboard.Tests.EndToEnd;
using Analytics.Etl.Ingestion;

namespace Analytics.Dashboard.Tests.Endpoints;

[Collection(BrowserCollection.Name)]
public sealed class DashboardEndpointsTests(BrowserFixture fixture)
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };

    [Theory]
    [InlineData("long", "agency,year,metric,value,agency_code,region,level,note")]
    [InlineData("wide", "agency,year,agency_code,region,level,ch.website,")]
    public async Task BlankTemplatesDownloadAsUtf8WithBomAndTheOfficialLabels(string layout, string header)
    {
        using var client = Client();
        var response = await client.GetAsync($"/templates/{layout}.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith(header, text);
        Assert.Contains("一、本年新收政府信息公开申请数量", text);
    }

    [Fact]
    public void AFilledInWideTemplateLoads()
    {
        using var data = new TestData();
        var lines = DashboardEndpoints.WideTemplate().TrimEnd('\n').Split('\n');
        var columns = lines[0].Split(',');
        var row = columns.Select(c => c switch
        {
            "agency" => "示范市统计局",
            "year" => "2023",
            "ch.website" => "120",
            "t3.new_received.total" => "4",
            _ => "",
        });
        var path = Path.Combine(data.Folder, "filled.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n" + string.Join(',', row) + "\n");

        var result = new IngestionPipeline(data.Database).Ingest(IngestRequest.ForFile(path, "test"));

        Assert.Equal("loaded", result.Status);
        Assert.Equal(1, result.AgencyYears);
    }

    [Theory]
    [InlineData("en", "/compare?metric=x", "/compare?metric=x")]
    [InlineData("zh-CN", "//evil.example/phish", "/")]
    [InlineData("en", "https://evil.example/", "/")]
    public async Task TheLanguageSwitchSetsACookieAndReturnsOnlyToThisSite(string culture, string redirect, string expected)
    {
        using var client = Client();
        var response = await client.GetAsync($"/culture?name={culture}&redirect={Uri.EscapeDataString(redirect)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains(Uri.EscapeDataString($"c={culture}|uic={culture}")));
    }

    [Fact]
    public async Task ARejectedBatchsErrorsDownloadAsCsv()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "bad-endpoint.csv");
        File.WriteAllText(path, "agency,year,metric,value\nA,2023,t3.granted.total,x\nA,2023,t3.granted.commercial,1,extra\n");
        var pipeline = (IngestionPipeline)fixture.Factory.Services.GetService(typeof(IngestionPipeline))!;
        var result = pipeline.Ingest(IngestRequest.ForFile(path, "test"));

        using var client = await fixture.ClientAsync(Roles.Admin);
        var text = await client.GetStringAsync($"/batches/{result.BatchId}/errors.csv");
        Assert.Contains("bad-endpoint.csv,2,4,value,NotANumber,x", text);
        // The messages are the ones stored with the batch, details and all.
        Assert.Contains("this row has 5 cells but the header has 4", text);
        Assert.Contains("这一行有 5 个单元格，表头有 4 列", text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/batches/999999/errors.csv")).StatusCode);
    }
}
