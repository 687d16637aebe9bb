using Analytics.Core.Accounts;
using Analytics.Core.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Analytics.Dashboard.Security;

/// <summary>
/// Sign-in, sign-out and rollback as plain form posts: a cookie can only be set on an HTTP response, never over
/// the Blazor circuit, and a form post carries the antiforgery token the framework checks.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", async ([FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext context, UserStore users) =>
        {
            var target = LocalPath(returnUrl);
            if (users.SignIn(name ?? "", password ?? "") is not { } user)
            {
                // The same answer for an unknown name and a wrong password: the form must not confirm who exists.
                return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
            }
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Policies.Principal(user));
            return Results.LocalRedirect(target);
        }).AllowAnonymous();

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await IsValidAsync(antiforgery, context))
            {
                return Results.BadRequest();
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        }).AllowAnonymous();

        app.MapPost("/batches/{id:long}/rollback", async (long id, HttpContext context, BatchRollback rollback, IAntiforgery antiforgery) =>
        {
            if (!await IsValidAsync(antiforgery, context))
            {
                return Results.BadRequest();
            }
            try
            {
                var result = rollback.Rollback(id, Policies.NameOf(context.User)!);
                return Results.LocalRedirect($"/batches?rolledBack={id}&restored={result.Restored}&removed={result.Removed}");
            }
            catch (RollbackRefusedException ex)
            {
                return Results.LocalRedirect($"/batches?refused={Uri.EscapeDataString(ex.Message)}");
            }
        }).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>
    /// Checked here because the framework validates the token on its own only for endpoints that bind form fields;
    /// these two read none, and a forged cross-site post must not sign anyone out or undo a batch.
    /// </summary>
    private static async Task<bool> IsValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>Only a path on this site: a sign-in link must not become an open redirect.</summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
