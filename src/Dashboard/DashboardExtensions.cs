using System.Globalization;
using Analytics.Core.Storage;
using Analytics.Dashboard.Components;
using Analytics.Dashboard.Endpoints;
using Analytics.Dashboard.Security;
using Analytics.Dashboard.Uploads;
using Analytics.Dashboard.Views;
using Analytics.Etl;
using Microsoft.AspNetCore.Localization;

namespace Analytics.Dashboard;

public static class DashboardExtensions
{
    /// <summary>The Blazor Server app with the loader (and, unless turned off, its inbox worker) in the same process.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        // Pages query the database synchronously while they render, and callers of a cache entry being computed
        // wait for it. Past its minimum (the core count) the thread pool adds threads slowly, so fifty visitors
        // arriving together at a restarted dashboard queued behind a handful of threads for minutes. Threads up to
        // this minimum are still made only when work is waiting.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
        services.AddEtl(configuration);
        services.AddSingleton(sp => new BatchStore(sp.GetRequiredService<AnalyticsDatabase>()));
        services.AddSingleton(sp => new ReportQueries(sp.GetRequiredService<AnalyticsDatabase>()));
        services.AddSingleton(sp => new DashboardQueries(sp.GetRequiredService<AnalyticsDatabase>()));
        services.AddSingleton(sp => new BatchRollback(sp.GetRequiredService<AnalyticsDatabase>()));
        services.AddDashboardSecurity();
        services.AddHostedService<CacheWarmer>();
        services.AddSingleton<UploadQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadQueue>());
        services.AddHostedService<BatchStatusFeed>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = DashboardEndpoints.Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The cookie set by the language switch decides; the browser's language does not override the Chinese default.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 1024 * 1024);
        return services;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapDashboardEndpoints();
        app.MapAccountEndpoints();
        // Our CSP already says frame-ancestors 'none'; Blazor's own second header ('self') would only loosen nothing and confuse.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
