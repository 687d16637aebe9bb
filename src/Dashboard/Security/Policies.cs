using System.Security.Claims;
using Analytics.Core.Accounts;
using Analytics.Etl;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Analytics.Dashboard.Security;

/// <summary>The three things a request may need: to view charts, to upload, to administer.</summary>
public static class Policies
{
    public const string View = "view";
    public const string Upload = "upload";
    public const string Admin = "admin";

    /// <summary>
    /// Cookie sign-in and the three policies. Every page and endpoint names the policy it needs; the cookie's
    /// user is checked against the database on each request, so a disabled user or a changed role takes effect
    /// at once, not when the cookie expires.
    /// </summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services)
    {
        services.AddSingleton(sp => new UserStore(sp.GetRequiredService<Core.Storage.AnalyticsDatabase>()));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<Core.Storage.AnalyticsDatabase>()));
        services.AddHostedService<FirstAdmin>();
        AddSharedKeys(services);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "analytics.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = Revalidate;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(View, p => p.AddRequirements(new ViewRequirement()))
            .AddPolicy(Upload, p => p.RequireAuthenticatedUser().RequireAssertion(c => Roles.Includes(RoleOf(c.User), Roles.Uploader)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c => Roles.Includes(RoleOf(c.User), Roles.Admin)));
        services.AddSingleton<IAuthorizationHandler, ViewHandler>();
        // X-Frame-Options: DENY comes with the other security headers; antiforgery's own SAMEORIGIN would be a second value.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The data-protection application name on PostgreSQL: the same for every instance, wherever it is installed.</summary>
    public const string ApplicationName = "disclosure-analytics-dashboard";

    /// <summary>
    /// On PostgreSQL, where several dashboard instances may share the store, the keys that sign cookies and
    /// antiforgery tokens live in the database under one application name (the default name is the install folder,
    /// which differs between machines), so each instance accepts what another issued. On SQLite, one instance on
    /// one machine, they stay where ASP.NET Core keeps them by default, and existing sign-ins stay valid.
    /// </summary>
    private static void AddSharedKeys(IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<Core.Storage.AnalyticsDatabase>((o, database) =>
        {
            if (database.IsPostgres)
            {
                o.XmlRepository = new DatabaseKeyRepository(database);
            }
        });
        services.AddOptions<DataProtectionOptions>().Configure<Core.Storage.AnalyticsDatabase>((o, database) =>
        {
            if (database.IsPostgres)
            {
                o.ApplicationDiscriminator = ApplicationName;
            }
        });
    }

    public static string? RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value;

    public static string? NameOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    public static ClaimsPrincipal Principal(UserRow user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)],
        CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>Viewing the charts: any signed-in user, or anyone while anonymous viewing is on.</summary>
    private sealed class ViewRequirement : IAuthorizationRequirement;

    private sealed class ViewHandler(IOptionsMonitor<AnalyticsOptions> options) : AuthorizationHandler<ViewRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ViewRequirement requirement)
        {
            if (context.User.Identity?.IsAuthenticated == true || options.CurrentValue.AnonymousViewing)
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }

    private static async Task Revalidate(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var name = context.Principal?.Identity?.Name;
        if (name is null || users.Find(name) is not { Disabled: false } user)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (user.Role != RoleOf(context.Principal!))
        {
            context.ReplacePrincipal(Principal(user));
            context.ShouldRenew = true;
        }
    }
}
