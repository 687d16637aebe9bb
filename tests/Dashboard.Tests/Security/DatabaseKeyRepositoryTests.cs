using System.Net;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Analytics.Dashboard.Security;
using Analytics.Dashboard.Tests.EndToEnd;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Analytics.Dashboard.Tests.Security;

/// <summary>
/// Two dashboard instances on one PostgreSQL database, as behind a load balancer: what one issued (an antiforgery
/// token, a sign-in cookie) the other accepts, because both read the keys from the database.
/// </summary>
public sealed class DatabaseKeyRepositoryTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task TwoInstancesOnOneDatabaseAcceptEachOthersAntiforgeryTokensAndSignInCookies()
    {
        using var postgres = ScratchPostgres.Create();
        await using var a = Start(postgres);
        await using var b = Start(postgres);
        new UserStore(new AnalyticsDatabase(postgres.ConnectionString)).Add("uploader-1", Roles.Uploader, Password, "test");
        using var toA = Client(a);
        using var toB = Client(b);

        // The sign-in form A served, posted to B: B checks A's antiforgery cookie and token.
        var form = await toA.GetAsync("/login");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = BrowserFixture.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
                ["name"] = "uploader-1", ["password"] = Password, ["returnUrl"] = "/batches",
            }),
        };
        signIn.Headers.Add("Cookie", Cookie(form, ".AspNetCore.Antiforgery."));
        var signedIn = await toB.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/batches", signedIn.Headers.Location?.OriginalString);

        // The sign-in cookie B issued, shown to A.
        using var batches = new HttpRequestMessage(HttpMethod.Get, "/batches");
        batches.Headers.Add("Cookie", Cookie(signedIn, "analytics.auth"));
        var page = await toA.SendAsync(batches);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("batches", await page.Content.ReadAsStringAsync());

        // Without the cookie the page asks to sign in: the 200 above is the cookie's doing.
        var anonymous = await toA.GetAsync("/batches");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.AbsolutePath);
        // B, started second, found A's key in the database rather than making its own.
        using var connection = new AnalyticsDatabase(postgres.ConnectionString).OpenRead();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM data_protection_keys"));
    }

    [Fact]
    public async Task OnSqliteTheKeysStayWhereAspNetCoreKeepsThemByDefault()
    {
        // A SQLite file whichever store the suite runs on: this is the SQLite case.
        var folder = Directory.CreateTempSubdirectory("keys-sqlite-").FullName;
        await using var factory = new DashboardFactory(new Dictionary<string, string>
        {
            ["Analytics:Seed"] = "false", ["Analytics:RunWorker"] = "false", ["Analytics:Database"] = Path.Combine(folder, "analytics.db"),
        });

        Assert.Null(factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        // ASP.NET Core's own name (the install folder), as before: changing it would end every sign-in on upgrade.
        Assert.NotEqual(Policies.ApplicationName, factory.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Fact]
    public async Task OnPostgresTheKeysLiveInTheDatabaseUnderOneApplicationName()
    {
        using var postgres = ScratchPostgres.Create();
        await using var factory = Start(postgres);

        Assert.IsType<DatabaseKeyRepository>(factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Equal(Policies.ApplicationName, factory.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    private static DashboardFactory Start(ScratchPostgres postgres)
    {
        var factory = new DashboardFactory(new Dictionary<string, string>
        {
            ["Analytics:Database"] = postgres.ConnectionString,
            ["Analytics:Seed"] = "false",
            ["Analytics:RunWorker"] = "false",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    /// <summary>A client with no cookie jar: each request carries exactly the cookies the test gives it.</summary>
    private static HttpClient Client(DashboardFactory factory) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = factory.ClientOptions.BaseAddress };

    /// <summary>The <c>name=value</c> of the cookie a response set whose name starts so.</summary>
    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(name, StringComparison.Ordinal));
}
