using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Listing;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's API (<c>{ApiBaseUrl}/api/query</c>): papers of a category submitted in a date range, and lookups by id to
/// enrich papers another source brought. Follows arXiv's etiquette: one request every <see cref="ArxivOptions.RequestDelay"/>
/// (3 s) from the whole app (<see cref="ArxivRequestSpacing"/>), a User-Agent naming the app, and no more paging once a page brings nothing new.
/// </summary>
public sealed class ArxivApiSource(HttpClient http, IOptions<ArxivOptions> options, ArxivRequestSpacing spacing, EnrichmentCandidates candidates, TimeProvider clock) : IPaperSource
{
    public const int PageSize = 100;
    public const int MaxPages = 50;

    public string Name => "arxiv-api";

    public string Section => $"{ArxivOptions.Section}:Api";

    public SourceSchedule Schedule => options.Value.Api;

    /// <summary>Its scheduled runs only add arXiv's data to papers; <c>ingest arxiv --category</c> fills a category's list by hand.</summary>
    public bool Fills(ListKey list) => false;

    /// <summary>
    /// Scheduled: arXiv's data (categories, DOI, journal reference) for the papers first seen in the last
    /// <see cref="ArxivOptions.EnrichDays"/> days that lack it, recorded on this source's state row. Also
    /// <see cref="SourceQuery.Categories"/> with a range (each category's list of its papers' submission days) and
    /// <see cref="SourceQuery.Ids"/>.
    /// </summary>
    public async IAsyncEnumerable<FetchResult> FetchAsync(SourceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (query)
        {
            case SourceQuery.ScheduledRun:
                var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-Math.Max(1, options.Value.EnrichDays));
                var cursor = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                yield return await FetchResult.TryAsync(1, 1, cursor, Name, async () =>
                {
                    var ids = await candidates.RecentWithoutBibliographyAsync(since, cancellationToken);
                    var entries = ids.Count == 0 ? [] : await LookupAsync(ids, cancellationToken);
                    return new IngestionUnit { Papers = [.. entries.Select(e => e.ToRecord())], StateKey = Name, Cursor = cursor, ItemsSeen = ids.Count, Origin = cursor };
                });
                break;
            case SourceQuery.Ids wanted:
                yield return await FetchResult.TryAsync(1, 1, "ids", null, async () =>
                    new IngestionUnit { Papers = [.. (await LookupAsync(wanted.ArxivIds, cancellationToken)).Select(e => e.ToRecord())], Origin = "ids" });
                break;
            case SourceQuery.Categories { From: { } from, To: { } to } categories:
                for (var i = 0; i < categories.Names.Count; i++)
                {
                    var list = ListKey.Arxiv(categories.Names[i]);
                    yield return await FetchResult.TryAsync(i + 1, categories.Names.Count, list.Category!, list.Name, async () =>
                    {
                        var entries = await CategoryAsync(list, from, to, cancellationToken);
                        return new IngestionUnit
                        {
                            // Each paper joins the category's list of its submission day.
                            List = list,
                            Entries = [.. entries.Where(e => e.Paper.PublishedAt is not null).Select(e => new FeaturedRecord(e.ToRecord(), DateOnly.FromDateTime(e.Paper.PublishedAt!.Value), 0, 0))],
                            StateKey = list.Name,
                            Cursor = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            ItemsSeen = entries.Count,
                            Origin = $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
                        };
                    });
                }

                break;
            default:
                throw new NotSupportedException($"{Name} answers ids and categories with a range, not {query}");
        }
    }

    private async Task<IReadOnlyList<ArxivEntry>> CategoryAsync(ListKey list, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var query = $"cat:{list.Category} AND submittedDate:[{from:yyyyMMdd}0000 TO {to:yyyyMMdd}2359]";
        var entries = new List<ArxivEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < MaxPages; page++)
        {
            var feed = await GetAsync(
                $"search_query={Uri.EscapeDataString(query)}&sortBy=submittedDate&sortOrder=descending&start={page * PageSize}&max_results={PageSize}",
                list.Name, cancellationToken);
            var fresh = feed.Entries.Where(e => seen.Add(e.Paper.ArxivId)).ToList();
            entries.AddRange(fresh);
            if (fresh.Count == 0 || (page + 1) * PageSize >= feed.TotalResults)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>The papers with these ids (versions ignored), asked 100 at a time.</summary>
    private async Task<IReadOnlyList<ArxivEntry>> LookupAsync(IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        var entries = new List<ArxivEntry>();
        foreach (var chunk in arxivIds.Distinct(StringComparer.Ordinal).Chunk(PageSize))
        {
            var feed = await GetAsync($"id_list={string.Join(',', chunk.Select(Uri.EscapeDataString))}&max_results={PageSize}", "arxiv", cancellationToken);
            entries.AddRange(feed.Entries);
        }

        return entries;
    }

    private async Task<ArxivFeed> GetAsync(string query, string source, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.ApiBaseUrl.TrimEnd('/')}/api/query?{query}");
        return await spacing.RunAsync(() => Upstream.CallAsync(source, null, url, http, async () =>
        {
            using var response = await http.GetAsync(url, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            // arXiv answers a bad query with HTTP 400 and an error feed whose entry says what was wrong.
            var feed = ArxivAtomParser.Parse(body);
            return response.IsSuccessStatusCode ? feed : throw Upstream.Status(source, null, url, response);
        }, cancellationToken), cancellationToken);
    }
}
