using System.Net;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Analytics.Dashboard.Tests.EndToEnd;
using Analytics.Etl.Ingestion;

namespace Analytics.Dashboard.Tests.Security;

/// <summary>Who may reach what, over real HTTP on the real server: pages, their endpoints, and the rollback post.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessTests(BrowserFixture fixture)
{
    public static TheoryData<string, string, string> Pages() => new()
    {
        // path, the least role that may open it, "" meaning anyone while anonymous viewing is on
        { "/", "", "chart-channels" },
        { "/compare", "", "metric" },
        { "/quality", "", "coverage" },
        { "/templates/long.csv", "", "agency,year,metric,value" },
        { "/upload", Roles.Uploader, "upload-input" },
        { "/batches", Roles.Uploader, "batches" },
        { "/users", Roles.Admin, "add-user" },
        { "/audit", Roles.Admin, "audit" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EachPageOpensForItsRoleAndAboveAndForNobodyBelow(string path, string least, string mark)
    {
        foreach (var role in new string?[] { null, Roles.Viewer, Roles.Uploader, Roles.Admin })
        {
            using var client = await fixture.ClientAsync(role);
            var response = await client.GetAsync(path);
            var allowed = least == "" || (role is not null && Roles.Includes(role, least));
            if (allowed)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role ?? "anonymous"} should open {path}: {response.StatusCode}");
                Assert.Contains(mark, await response.Content.ReadAsStringAsync());
            }
            else
            {
                // Anonymous visitors are sent to sign in; a signed-in user without the role is told no.
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith(role is null ? "/login" : "/denied", response.Headers.Location!.AbsolutePath);
            }
        }
    }

    [Fact]
    public async Task WithAnonymousViewingOffEvenTheChartsAskForSignInButTheSignInPageAndItsStylesDoNot()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string> { ["Analytics:AnonymousViewing"] = "false", ["Analytics:Seed"] = "false" });
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ClientOptions.BaseAddress };
        foreach (var path in new[] { "/", "/compare", "/agency", "/quality", "/templates/long.csv" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.AbsolutePath);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminCanRollBackAndTheUploadersOwnErrorsAreTheirsAlone()
    {
        var batch = Load("agency,year,metric,value\n权限测试局,2023,t3.new_received.total,3\n");
        foreach (var role in new string?[] { null, Roles.Viewer, Roles.Uploader })
        {
            using var client = await fixture.ClientAsync(role);
            var response = await client.PostAsync($"/batches/{batch}/rollback", await FormAsync(client));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(role is null ? "/login" : "/denied", response.Headers.Location!.AbsolutePath);
            Assert.Equal(BatchStore.Statuses.Loaded, new BatchStore(fixture.Factory.Database).Get(batch)!.Status);
        }

        // Not the uploader's batch (the command line loaded it): its errors are "not found" to them, found for an admin.
        using (var uploader = await fixture.ClientAsync(Roles.Uploader))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await uploader.GetAsync($"/batches/{batch}/errors.csv")).StatusCode);
        }
        using var admin = await fixture.ClientAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/batches/{batch}/errors.csv")).StatusCode);
        var done = await admin.PostAsync($"/batches/{batch}/rollback", await FormAsync(admin));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains($"rolledBack={batch}", done.Headers.Location!.OriginalString);
        Assert.Equal(BatchStore.Statuses.RolledBack, new BatchStore(fixture.Factory.Database).Get(batch)!.Status);
    }

    [Fact]
    public async Task ARollbackPostWithoutTheAntiforgeryTokenIsRefused()
    {
        var batch = Load("agency,year,metric,value\n令牌测试局,2023,t3.new_received.total,3\n");
        using var admin = await fixture.ClientAsync(Roles.Admin);
        var response = await admin.PostAsync($"/batches/{batch}/rollback", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(BatchStore.Statuses.Loaded, new BatchStore(fixture.Factory.Database).Get(batch)!.Status);
    }

    [Theory]
    [InlineData("wrong password here")]
    [InlineData("")]
    public async Task AWrongPasswordSignsNobodyIn(string password)
    {
        using var client = await fixture.ClientAsync();
        var form = await FormAsync(client, ("name", BrowserFixture.UserOf(Roles.Admin)), ("password", password), ("returnUrl", "/users"));
        var response = await client.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?error=1", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/users")).StatusCode);
    }

    [Fact]
    public async Task SignInReturnsOnlyToThisSite()
    {
        using var client = await fixture.ClientAsync();
        var form = await FormAsync(client, ("name", BrowserFixture.UserOf(Roles.Viewer)), ("password", BrowserFixture.PasswordOf(Roles.Viewer)), ("returnUrl", "//evil.example/"));
        var response = await client.PostAsync("/login", form);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var client = await fixture.ClientAsync();
        var response = await client.GetAsync("/");
        Assert.Equal(Dashboard.Security.SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("'unsafe-eval'", Dashboard.Security.SecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task TheSignInCookieIsHttpOnlyAndSameSiteStrict()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(fixture.BaseUrl) };
        var login = await client.GetAsync("/login");
        var antiforgeryCookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token(await login.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["name"] = BrowserFixture.UserOf(Roles.Viewer), ["password"] = BrowserFixture.PasswordOf(Roles.Viewer),
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        var response = await client.SendAsync(request);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("analytics.auth", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private long Load(string csv)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, $"access-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        var pipeline = (IngestionPipeline)fixture.Factory.Services.GetService(typeof(IngestionPipeline))!;
        return pipeline.Ingest(IngestRequest.ForFile(path, "cli")).BatchId;
    }

    /// <summary>A form with this client's antiforgery token, as the sign-in page hands it out.</summary>
    private static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, params (string Name, string Value)[] fields)
    {
        var token = Token(await client.GetStringAsync("/login"));
        return new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
    }

    private static string Token(string html) => BrowserFixture.AntiforgeryToken(html);
}
