using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;

namespace PaperFeed.Web;

/// <summary>What the JSON API and the feeds share: CORS for GET, a per-client rate limit, OpenAPI, and 400 answers.</summary>
public static class ApiSetup
{
    public const string PublicGet = "public-get";
    public const string RateLimit = "per-client";
    public const string SubscribeLimit = "subscribe";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddCors(options => options.AddPolicy(PublicGet, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD")
            .WithExposedHeaders("ETag", "Last-Modified", "Retry-After")));

        var permits = configuration.GetValue("Api:RequestsPerMinute", 120);
        var pagePermits = configuration.GetValue("Api:PageRequestsPerMinute", 600);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every request (pages, thumbnails, the API and feeds besides their own limit) counts against one generous
            // per-client budget; health probes do not. Static files are served before the limiter and do not count.
            // An error page shown for a request (re-executed after a 404 or an exception) is not a second request.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.Path.StartsWithSegments("/health")
                || context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerPathFeature>() is not null
                ? RateLimitPartition.GetNoLimiter("not counted")
                : RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Key(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, pagePermits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress.Key(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Subscribe requests send email: a few per client and hour, so that nobody can mail-bomb strangers through us.
            var subscribes = configuration.GetValue("Api:SubscribeRequestsPerHour", 20);
            options.AddPolicy(SubscribeLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Key(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, subscribes), Window = TimeSpan.FromHours(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("get"));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/api") || rejected.HttpContext.Request.Path.StartsWithSegments("/feeds"))
                {
                    await Results.Problem(
                            statusCode: StatusCodes.Status429TooManyRequests,
                            title: "Too many requests",
                            detail: $"At most {permits} requests a minute per client; try again after the time in Retry-After.")
                        .ExecuteAsync(rejected.HttpContext);
                }

                // Pages get the site's own "Too many requests" page through the status code pages.
            };
        });
        return services;
    }

    /// <summary>A 400 problem-details answer that names the parameter at fault.</summary>
    public static IResult BadParameter(string parameter, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            title: $"Invalid parameter '{parameter}'",
            detail: message);
}
