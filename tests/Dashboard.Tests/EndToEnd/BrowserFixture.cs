using System.Diagnostics;
using Analytics.Core.Accounts;
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
        var users = new UserStore(Factory.Database);
        foreach (var role in Roles.All)
        {
            users.Add(UserOf(role), role, PasswordOf(role), "test");
        }
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
            if (Factory.Store.Read(c => c.ExecuteScalar<long>("SELECT count(*) FROM batches WHERE status = 'loaded'"), 0L) >= 3)
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The demo data was not seeded.");
    }

    /// <summary>Where uploads are stored, under generated names.</summary>
    public string DataDirectoryUploads() => Path.Combine(Factory.DataDirectory, "uploads");

    /// <summary>The test account holding a role (one per role, made at start).</summary>
    public static string UserOf(string role) => "test-" + role;

    public static string PasswordOf(string role) => "correct horse battery " + role;

    /// <summary>
    /// A fresh page at 1440×900 that records console errors (a CSP violation is one) and uncaught exceptions;
    /// signed in through the real sign-in form when a role is given, else an anonymous visitor.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors, IBrowserContext Context)> NewPageAsync(string locale = "zh-CN", string? role = null)
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
        if (role is not null)
        {
            await SignInAsync(page, UserOf(role), PasswordOf(role));
        }
        return (page, errors, context);
    }

    public async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync(BaseUrl + "/login");
        await page.FillAsync("#login-name", name);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"Signing in as {name} stayed on {page.Url}: {await page.InnerTextAsync("main")}");
        }
    }

    /// <summary>An HTTP client that follows no redirects, signed in through the form post (antiforgery token and all).</summary>
    public async Task<HttpClient> ClientAsync(string? role = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl),
        };
        if (role is not null)
        {
            var form = await client.GetStringAsync("/login");
            var token = AntiforgeryToken(form);
            var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["name"] = UserOf(role), ["password"] = PasswordOf(role), ["returnUrl"] = "/",
            }));
            if (response.StatusCode != System.Net.HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
            {
                throw new InvalidOperationException($"Signing in as {role} failed: {response.StatusCode} {response.Headers.Location}");
            }
        }
        return client;
    }

    /// <summary>The antiforgery token a page's form carries (the sign-in page has one).</summary>
    public static string AntiforgeryToken(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;

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
