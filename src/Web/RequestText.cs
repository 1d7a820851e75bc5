using PaperFeed.Core.Ingestion;

namespace PaperFeed.Web;

/// <summary>
/// Refuses, with a 400, a request whose path or query holds a character no page, feed or JSON answer can carry (a C0
/// control, a lone surrogate, U+FFFE/U+FFFF: see <see cref="PaperText.Clean"/>): such a search term would otherwise
/// reach the feed writer and fail there with a 500.
/// </summary>
public static class RequestText
{
    public const string Problem = "The address holds a control character or an unpaired surrogate, which no page or feed can show.";

    public static WebApplication UseRequestTextCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var offending = PaperText.HasInvalidCharacters(request.Path.Value) ? "path"
                : request.Query.FirstOrDefault(p => PaperText.HasInvalidCharacters(p.Key) || p.Value.Any(PaperText.HasInvalidCharacters)).Key;
            if (offending is null)
            {
                await next(context);
                return;
            }

            if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/feeds"))
            {
                // Named like every other refused parameter; a key that itself holds such a character is not repeated.
                var name = PaperText.HasInvalidCharacters(offending) ? "query" : offending;
                await ApiSetup.BadParameter(name, Problem).ExecuteAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest; // pages: the site's own 400 page
        });
        return app;
    }
}
