namespace Analytics.Dashboard.Security;

/// <summary>
/// Response headers that keep the pages from being framed, sniffed or made to run foreign script. The CSP is the
/// narrowest Blazor Server and Plotly still work under: scripts only from this origin, the circuit's WebSocket to
/// this origin, inline styles (Plotly sets style attributes on every SVG node) and data:/blob: images (the PNG
/// export). Tests load every page under it in Chromium and fail on any violation.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    });
}
