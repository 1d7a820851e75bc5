using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>
/// Hugging Face's papers pages on its web site (<c>{WebBaseUrl}/papers/date/2025-03-14</c>, <c>/papers/week/2025-W11</c>,
/// <c>/papers/month/2025-03</c>, <c>/papers/trending</c>): the lists of whole weeks and months in one request, and the
/// trending list, which the API does not serve. One request per call.
/// </summary>
public sealed class HuggingFaceHtmlSource(HttpClient http, IOptions<HuggingFaceOptions> options) : IScheduledSource
{
    public string Name => SourceNames.HuggingFaceTrending;

    public string Section => $"{HuggingFaceOptions.Section}:Trending";

    public SourceSchedule Schedule => options.Value.Trending;

    /// <summary>A scheduled run reads the trending list (the one list the API does not serve).</summary>
    public Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken) =>
        ingestion.IngestHuggingFaceTrendingAsync(this, cancellationToken);

    /// <summary>
    /// A day, week or month page: each entry keeps the day it was featured (<c>paper.submittedOnDailyAt</c>; on a day
    /// page, entries that do not say take the page's day), so its entries join the daily lists the API fills.
    /// </summary>
    public Task<ParsedListing> FetchPeriodAsync(Period period, CancellationToken cancellationToken)
    {
        var day = period.Kind == PeriodKind.Day ? period.Start : (DateOnly?)null;
        var type = period.Kind switch
        {
            PeriodKind.Day => "day",
            PeriodKind.Week => "week",
            _ => "month",
        };
        return GetAsync(SourceNames.HuggingFaceHtml, day, period.Path, html => PapersPageParser.Parse(html, type, day), cancellationToken);
    }

    /// <summary>The trending list as it stands on <paramref name="day"/>: it has no day of its own, so every entry is dated that day.</summary>
    public async Task<ParsedListing> FetchTrendingAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var listing = await GetAsync(SourceNames.HuggingFaceTrending, day, "/papers/trending", html => PapersPageParser.Parse(html, null, day), cancellationToken);
        return listing with { Entries = [.. listing.Entries.Select(e => e with { Date = day })] };
    }

    private Task<ParsedListing> GetAsync(string source, DateOnly? day, string path, Func<string, ParsedListing> parse, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.WebBaseUrl.TrimEnd('/')}{path}");
        return Upstream.GetAsync(source, day, url, http, async content => parse(await content.ReadAsStringAsync(cancellationToken)), cancellationToken);
    }
}
