using Analytics.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analytics.Dashboard.Tests.EndToEnd;

/// <summary>The real app on real Kestrel, on its own new store (see <see cref="TestStore"/>) and data folder seeded with the demo data.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Configuration on top of the test defaults, e.g. Analytics:AnonymousViewing=false.</param>
    public DashboardFactory(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = Directory.CreateTempSubdirectory("dashboard-e2e-").FullName;
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "samples"), Path.Combine(DataDirectory, "samples"));
        Store = TestStore.Empty(DataDirectory);
    }

    public string DataDirectory { get; }

    /// <summary>The app's store, new: the app creates the schema and seeds it as on a first start.</summary>
    public TestStore Store { get; }

    public AnalyticsDatabase Database => Store.Open();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Analytics:DataDirectory", DataDirectory);
        builder.UseSetting("Analytics:Database", Store.Setting);
        builder.UseSetting("Analytics:SweepInterval", "00:00:01");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Store.Dispose();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
