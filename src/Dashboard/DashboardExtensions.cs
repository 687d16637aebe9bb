using Analytics.Core.Storage;
using Analytics.Dashboard.Components;
using Analytics.Etl;

namespace Analytics.Dashboard;

public static class DashboardExtensions
{
    /// <summary>The Blazor Server app with the loader (and, unless turned off, its inbox worker) in the same process.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEtl(configuration);
        services.AddSingleton(sp => new BatchStore(sp.GetRequiredService<AnalyticsDatabase>()));
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
