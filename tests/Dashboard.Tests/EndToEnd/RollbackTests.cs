using System.Text;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Analytics.Etl.Ingestion;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>Rollback as people do it: an admin on the Batches page, in Chromium; an uploader never sees the button.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RollbackTests(BrowserFixture fixture)
{
    private string Export()
    {
        using var buffer = new MemoryStream();
        ExportWriter.Write(fixture.Factory.Database, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public async Task AnAdminRollsBackABatchFromTheBatchesPageAndTheExportIsAsBefore()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var pipeline = (IngestionPipeline)fixture.Factory.Services.GetService(typeof(IngestionPipeline))!;
        long Load(string name, string csv)
        {
            File.WriteAllText(Path.Combine(folder, name), csv);
            return pipeline.Ingest(IngestRequest.ForFile(Path.Combine(folder, name), "cli")).BatchId;
        }
        Load("rollback-first.csv", "agency,year,metric,value\n回滚演示局,2023,t3.new_received.total,9\n");
        var before = Export();
        // A correction of 2023 (a new revision) and a new year: the rollback restores the one and removes the other.
        var batch = Load("rollback-second.csv", "agency,year,metric,value\n回滚演示局,2023,t3.new_received.total,11\n回滚演示局,2024,t3.new_received.total,4\n");
        Assert.NotEqual(before, Export());

        var (page, errors, context) = await fixture.NewPageAsync(role: Roles.Admin);
        await using var _ = context;
        await page.GotoAsync($"{fixture.BaseUrl}/batches");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator($"form[data-rollback='{batch}'] button").ClickAsync();

        await page.Locator("#rollback-done").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("1 个机关年度恢复到上一版本，1 个机关年度已移除", await page.InnerTextAsync("#rollback-done"));
        Assert.Equal("rolled_back", await page.Locator($"#batch-{batch}").GetAttributeAsync("data-status"));
        Assert.Equal(before, Export());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AnUploaderSeesOnlyTheirOwnBatchesAndNoRollback()
    {
        var (page, _, context) = await fixture.NewPageAsync(locale: "en", role: Roles.Uploader);
        await using var _ = context;
        await page.GotoAsync($"{fixture.BaseUrl}/batches");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        // Exactly this uploader's own uploads (other tests may have uploaded some); never the seeder's demo batches.
        var own = new BatchStore(fixture.Factory.Database).List(uploadedBy: BrowserFixture.UserOf(Roles.Uploader)).Select(b => $"batch-{b.Id}");
        var shown = await page.Locator("#batches tbody tr[data-status]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id)");
        Assert.Equal(own.Order(), shown.Order());
        Assert.Equal(0, await page.Locator("#batch-1").CountAsync());
        Assert.Equal(0, await page.Locator("form[data-rollback]").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='users']").CountAsync());
    }
}
