using System.Diagnostics;
using Dapper;
using Microsoft.Playwright;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>One server and one Chromium for the whole end-to-end collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Driver { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await WaitForSeedAsync();
        Driver = await Playwright.CreateAsync();
        Browser = await Driver.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>The worker seeds the demo data just after start: three files.</summary>
    private async Task WaitForSeedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (File.Exists(Factory.DatabasePath))
            {
                using var connection = Factory.Database.OpenRead();
                if (connection.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'") >= 3)
                {
                    return;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The demo data was not seeded.");
    }

    /// <summary>A fresh page at 1440×900 that records console errors and uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors, IBrowserContext Context)> NewPageAsync(string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = locale,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} @ {message.Location}");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors, context);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Driver.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
