using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Web;

/// <summary>
/// For load balancers and orchestrators, on every role: <c>/health/live</c> (the process answers) and
/// <c>/health/ready</c> (its database is reachable and migrated, and its SMTP server accepts connections where mail is
/// configured); <c>/health</c> is the same as ready. Each answers JSON naming the process's role, 503 when not ready.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(3);

    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", (IConfiguration configuration) => Results.Json(new { status = "live", role = Role(configuration) })).ExcludeFromDescription();
        app.MapGet("/health/ready", ReadyAsync).ExcludeFromDescription();
        app.MapGet("/health", ReadyAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(PaperFeedDbContext db, IOptions<EmailOptions> email, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                problems.Add("the database cannot be reached");
            }
            else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                problems.Add("the database is not migrated to this version yet");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problems.Add($"the database cannot be reached ({e.GetType().Name})");
        }

        var smtp = email.Value.Smtp;
        var mail = string.IsNullOrWhiteSpace(smtp.Host) ? "pickup folder" : $"{smtp.Host}:{smtp.Port}";
        if (!string.IsNullOrWhiteSpace(smtp.Host) && await SmtpProblemAsync(smtp.Host, smtp.Port, cancellationToken) is { } problem)
        {
            problems.Add($"the SMTP server {mail} {problem}");
        }

        var role = Role(configuration);
        return problems.Count == 0
            ? Results.Json(new { status = "ready", role, mail })
            : Results.Json(new { status = "not ready", role, mail, problems }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Whether a TCP connection to the SMTP server opens (a probe should not log in to the relay every few seconds).</summary>
    private static async Task<string?> SmtpProblemAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SmtpTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"did not answer within {SmtpTimeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return $"cannot be reached ({e.SocketErrorCode})";
        }
    }

    private static string Role(IConfiguration configuration) => ProcessRoles.Of(configuration).ToString().ToLowerInvariant();
}
