using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure;

namespace PaperFeed.Web.Admin;

/// <summary>How far a request may go on the operator pages.</summary>
public enum AdminLevel
{
    None,

    /// <summary>Look, change nothing (the job dashboard without its buttons).</summary>
    ReadOnly,

    Full,
}

/// <summary>
/// Who may open the operator pages (<c>/hangfire</c>, <c>/admin/…</c>), failing closed:
/// <list type="bullet">
/// <item>With <c>Admin:Password</c>: whoever presents <c>Admin:Username</c> and it by HTTP Basic authentication, with
/// every right. A client that gets it wrong <see cref="MaxFailures"/> times in <see cref="FailureWindow"/> is refused
/// (429) until the window ends, and each failure is logged.</item>
/// <item>Without: only a request made directly on this machine, and read-only. Direct means from a loopback address,
/// with no forwarding header (a reverse proxy, tunnel or port forwarder on this machine makes every request from the
/// internet look local), on an instance whose <c>App:PublicBaseUrl</c> is itself local (one published under a public
/// name is reached through something). Anything else is refused (403) with the advice to set a password.</item>
/// </list>
/// </summary>
public sealed class AdminAccess(IConfiguration configuration, IOptions<AppOptions> app, TimeProvider time, ILogger<AdminAccess> logger)
{
    public const int MinimumPasswordLength = 12;
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    /// <summary>Headers a proxy adds: any of them means the request did not come straight from this machine.</summary>
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Original-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Original-Proto"];

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private const string LevelKey = "PaperFeed.AdminLevel";

    public bool HasPassword => !string.IsNullOrEmpty(configuration["Admin:Password"]);

    /// <summary>The level the gate gave this request (<see cref="Authorize"/> ran before the page).</summary>
    public static AdminLevel LevelOf(HttpContext context) => context.Items[LevelKey] is AdminLevel level ? level : AdminLevel.None;

    /// <summary>Decides for one request; when refused, sets the status and headers of the refusal.</summary>
    public AdminLevel Authorize(HttpContext context)
    {
        var level = Decide(context);
        context.Items[LevelKey] = level;
        return level;
    }

    /// <summary>
    /// Whether this request may see operators' details on a public page (an upstream's error text): the same rule as
    /// the gate, decided without answering, counting or logging anything.
    /// </summary>
    public bool MaySeeDetails(HttpContext context)
    {
        var password = configuration["Admin:Password"];
        if (string.IsNullOrEmpty(password))
        {
            return IsDirectlyLocal(context);
        }

        return Credential(context.Request) is { } presented && Matches(presented, password);
    }

    private AdminLevel Decide(HttpContext context)
    {
        var password = configuration["Admin:Password"];
        if (string.IsNullOrEmpty(password))
        {
            if (IsDirectlyLocal(context))
            {
                return AdminLevel.ReadOnly;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return AdminLevel.None;
        }

        var client = ClientAddress.Key(context);
        var now = time.GetUtcNow();
        if (_failures.TryGetValue(client, out var failures) && failures.Count >= MaxFailures && now < failures.Since + FailureWindow)
        {
            var wait = failures.Since + FailureWindow - now;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return AdminLevel.None;
        }

        var presented = Credential(context.Request);
        if (presented is not null && Matches(presented, password))
        {
            return AdminLevel.Full;
        }

        if (presented is not null)
        {
            var count = RecordFailure(client, now);
            logger.LogWarning("Operator sign-in failed from {Client} ({Failures} of {MaxFailures} allowed in {Window} minutes)", client, count, MaxFailures, FailureWindow.TotalMinutes);
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"PaperFeed admin\", charset=\"UTF-8\"";
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return AdminLevel.None;
    }

    private bool IsDirectlyLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
        && !ForwardingHeaders.Any(context.Request.Headers.ContainsKey)
        && Uri.TryCreate(app.Value.PublicBaseUrl, UriKind.Absolute, out var publicUrl)
        && (publicUrl.IsLoopback || (IPAddress.TryParse(publicUrl.Host.Trim('[', ']'), out var host) && IPAddress.IsLoopback(host)));

    private int RecordFailure(string client, DateTimeOffset now)
    {
        if (_failures.Count > 10_000)
        {
            // Forget windows that are over, so that a scan from many addresses cannot grow this without bound.
            foreach (var (key, old) in _failures)
            {
                if (now >= old.Since + FailureWindow)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        return _failures.AddOrUpdate(
            client,
            _ => new Failures(1, now),
            (_, old) => now >= old.Since + FailureWindow ? new Failures(1, now) : old with { Count = old.Count + 1 }).Count;
    }

    /// <summary>The "user:password" bytes of a Basic Authorization header, or null when there is none.</summary>
    /// <summary>Whether the presented "user:password" is the configured one (in constant time).</summary>
    private bool Matches(byte[] presented, string password)
    {
        var username = configuration["Admin:Username"] is { Length: > 0 } name ? name : "admin";
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes($"{username}:{password}"));
    }

    private static byte[]? Credential(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private sealed record Failures(int Count, DateTimeOffset Since);
}
