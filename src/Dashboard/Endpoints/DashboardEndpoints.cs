using System.Text;
using Analytics.Core.Accounts;
using Analytics.Core.Catalog;
using Analytics.Core.Storage;
using Analytics.Dashboard.Security;
using Analytics.Etl.Ingestion;
using Microsoft.AspNetCore.Localization;

namespace Analytics.Dashboard.Endpoints;

/// <summary>Plain HTTP endpoints: the language switch, blank templates and a rejected batch's error report.</summary>
public static class DashboardEndpoints
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture", (string name, string? redirect, HttpContext context) =>
        {
            var culture = Cultures.Contains(name) ? name : Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            // Only local paths: the switch must not become an open redirect.
            var target = redirect is { Length: > 0 } && redirect.StartsWith('/') && !redirect.StartsWith("//", StringComparison.Ordinal) ? redirect : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous();

        app.MapGet("/templates/{layout}.csv", (string layout) => layout switch
        {
            "long" => Csv("template_long.csv", LongTemplate()),
            "wide" => Csv("template_wide.csv", WideTemplate()),
            _ => Results.NotFound(),
        }).RequireAuthorization(Policies.View);

        app.MapGet("/batches/{id:long}/errors.csv", (long id, HttpContext context, BatchStore batches) =>
        {
            // An uploader sees only the batches they sent; an admin sees all. Someone else's batch is "not found".
            if (batches.Get(id) is not { } batch || !CanSee(context.User, batch))
            {
                return Results.NotFound();
            }
            using var buffer = new MemoryStream();
            ErrorReport.Write(buffer, batch.FileName, batches.Errors(id));
            return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", $"{batch.FileName}.errors.csv");
        }).RequireAuthorization(Policies.Upload);
        return app;
    }

    /// <summary>Whether the user may see this batch: an admin every batch, an uploader their own uploads.</summary>
    public static bool CanSee(System.Security.Claims.ClaimsPrincipal user, BatchRow batch) =>
        Roles.Includes(Policies.RoleOf(user), Roles.Admin) || (batch.UploadedBy is { } by && string.Equals(by, Policies.NameOf(user), StringComparison.OrdinalIgnoreCase));

    private static IResult Csv(string name, string text) =>
        Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "text/csv; charset=utf-8", name);

    /// <summary>The long layout's header, then every metric with its official label as comment lines the loader skips.</summary>
    public static string LongTemplate()
    {
        var sb = new StringBuilder("agency,year,metric,value,agency_code,region,level,note\n");
        sb.Append("# 每行一个数值。metric 列填下列指标代码；未填报留空，不适用填 /。One value per line: use the metric codes below; leave empty if not reported, / if not applicable.\n");
        foreach (var m in MetricCatalog.All)
        {
            sb.Append($"# {m.Code} = {m.LabelZh}（{m.UnitZh}）/ {m.LabelEn} [{Versions(m)}]\n");
        }
        return sb.ToString();
    }

    /// <summary>The wide layout's header (agency, year, then every metric code) with the official labels on the line under it.</summary>
    public static string WideTemplate()
    {
        var metrics = MetricCatalog.All;
        var sb = new StringBuilder("agency,year,agency_code,region,level,");
        sb.Append(string.Join(',', metrics.Select(m => m.Code))).Append('\n');
        sb.Append("# 机关名称,年度,机关代码,地区,层级,");
        sb.Append(string.Join(',', metrics.Select(m => Quote($"{m.LabelZh}（{m.UnitZh}）")))).Append('\n');
        return sb.ToString();
    }

    private static string Versions(Metric m) => m.Versions == FormatVersions.Both ? "2019, 2021" : m.Versions.ToName();

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
