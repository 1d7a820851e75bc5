using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PaperFeed.Web.Admin;

/// <summary>
/// Who may open operator pages (the Hangfire dashboard): with no <c>Admin:Password</c> configured, requests from this
/// machine only; with one, anyone presenting <c>Admin:Username</c>/<c>Admin:Password</c> by HTTP Basic authentication
/// (then also from this machine, since a local reverse proxy makes every request look local).
/// </summary>
public sealed class AdminAccess(IConfiguration configuration)
{
    public bool IsAllowed(HttpContext context)
    {
        var password = configuration["Admin:Password"];
        if (string.IsNullOrEmpty(password))
        {
            return context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
        }

        var username = configuration["Admin:Username"] is { Length: > 0 } name ? name : "admin";
        if (HasCredential(context.Request, username, password))
        {
            return true;
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"PaperFeed admin\", charset=\"UTF-8\"";
        return false;
    }

    private static bool HasCredential(HttpRequest request, string username, string password)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{username}:{password}");
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }
}
