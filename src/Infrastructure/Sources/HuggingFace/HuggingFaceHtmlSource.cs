using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>
/// Hugging Face's papers pages on its web site (<c>{WebBaseUrl}/papers/date/2025-03-14</c>, <c>/papers/week/2025-W11</c>,
/// <c>/papers/month/2025-03</c>, <c>/papers/trending</c>): the lists of whole weeks and months in one request, and the
/// trending list, which the API does not serve. One request per query.
/// </summary>
public sealed class HuggingFaceHtmlSource(HttpClient http, IOptions<HuggingFaceOptions> options, TimeProvider clock) : IPaperSource
{
    public string Name => SourceNames.HuggingFaceTrending;

    public string Section => $"{HuggingFaceOptions.Section}:Trending";

    public SourceSchedule Schedule => options.Value.Trending;

    public bool Fills(ListKey list) => list == ListKey.Trending;

    /// <summary>
    /// Scheduled, and <see cref="SourceQuery.Page"/> without a period: the trending list, as today's (UTC)
    /// <see cref="ListKey.Trending"/> list. A page of a day, week or month: each entry joins the
    /// <see cref="ListKey.HuggingFace"/> list of the day it was featured, as the API's entries do, so the daily lists merge;
    /// the page's state is its own (<see cref="SourceNames.HuggingFaceHtml"/>), so one failing does not report the API as down.
    /// </summary>
    public async IAsyncEnumerable<FetchResult> FetchAsync(SourceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var period = query switch
        {
            SourceQuery.ScheduledRun => null,
            SourceQuery.Page page => page.Period,
            _ => throw new NotSupportedException($"{Name} answers pages, not {query}"),
        };

        if (period is null)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            yield return await FetchResult.TryAsync(1, 1, "trending", SourceNames.HuggingFaceTrending, async () =>
            {
                // Trending has no day of its own: every entry is dated the day it was read.
                var listing = await GetAsync(SourceNames.HuggingFaceTrending, today, "/papers/trending", html => PapersPageParser.Parse(html, null, today), cancellationToken);
                return IngestionUnit.Of(ListKey.Trending, listing with { Entries = [.. listing.Entries.Select(e => e with { Date = today })] }, SourceNames.HuggingFaceTrending, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            });
            yield break;
        }

        yield return await FetchResult.TryAsync(1, 1, period.Slug, SourceNames.HuggingFaceHtml, async () =>
        {
            // On a day page, entries that do not say their day (paper.submittedOnDailyAt) take the page's.
            var day = period.Kind == PeriodKind.Day ? period.Start : (DateOnly?)null;
            var type = period.Kind switch
            {
                PeriodKind.Day => "day",
                PeriodKind.Week => "week",
                _ => "month",
            };
            var listing = await GetAsync(SourceNames.HuggingFaceHtml, day, period.Path, html => PapersPageParser.Parse(html, type, day), cancellationToken);
            return IngestionUnit.Of(ListKey.HuggingFace, listing, SourceNames.HuggingFaceHtml, period.Slug);
        });
    }

    private Task<ParsedListing> GetAsync(string source, DateOnly? day, string path, Func<string, ParsedListing> parse, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.WebBaseUrl.TrimEnd('/')}{path}");
        return Upstream.GetAsync(source, day, url, http, async content => parse(await content.ReadAsStringAsync(cancellationToken)), cancellationToken);
    }
}
