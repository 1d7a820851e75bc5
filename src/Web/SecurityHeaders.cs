using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure;

namespace PaperFeed.Web;

/// <summary>
/// The headers every answer carries, and HTTPS when the instance is published on it:
/// <list type="bullet">
/// <item><c>Content-Security-Policy</c>: the pages load only their own scripts, styles and images (no inline script,
/// no framing); the job dashboard (its own inline scripts) and the Development mail viewer (mail's inline styles) get
/// the parts they can keep.</item>
/// <item><c>X-Content-Type-Options: nosniff</c> on everything, thumbnails included.</item>
/// <item><c>Referrer-Policy</c>: <c>no-referrer</c> where the address holds a secret (confirm, manage, unsubscribe,
/// personal feeds), <c>strict-origin-when-cross-origin</c> elsewhere.</item>
/// <item>With an https <c>App:PublicBaseUrl</c>: HSTS, and plain-http requests redirected to https (health probes,
/// which come over the private network, excepted).</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string DashboardPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
    private const string MailViewerPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    private static readonly string[] SecretPaths = ["/confirm", "/manage", "/unsubscribe", "/feeds/personal"];

    public static bool IsHttps(AppOptions app) =>
        Uri.TryCreate(app.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var app = configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        if (IsHttps(app))
        {
            services.Configure<HttpsRedirectionOptions>(options => options.HttpsPort = new Uri(app.PublicBaseUrl).Port);
            services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(365);
                options.IncludeSubDomains = false; // the operator's other names are not ours to decide
            });
            // Form tokens' cookie: only over HTTPS, bound to this host (__Host-: Secure, Path=/, no Domain).
            services.AddAntiforgery(options =>
            {
                options.Cookie.Name = "__Host-PaperFeed.Antiforgery";
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.Path = "/";
            });
        }

        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (IsHttps(app.Services.GetRequiredService<IOptions<AppOptions>>().Value))
        {
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), https =>
            {
                https.UseHsts();
                https.UseHttpsRedirection();
            });
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = path.StartsWithSegments("/hangfire") ? DashboardPolicy
                : path.StartsWithSegments("/dev/mail") ? MailViewerPolicy
                : PagePolicy;
            headers["Referrer-Policy"] = SecretPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                ? "no-referrer"
                : "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
            return next(context);
        });
        return app;
    }
}
