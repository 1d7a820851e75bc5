using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's API (<c>{ApiBaseUrl}/api/query</c>): papers of a category submitted in a date range, and lookups by id to
/// enrich papers another source brought. Follows arXiv's etiquette: one request every <see cref="ArxivOptions.RequestDelay"/>
/// (3 s) from the whole app (<see cref="ArxivRequestSpacing"/>), a User-Agent naming the app, and no more paging once a page brings nothing new.
/// </summary>
public sealed class ArxivApiSource(HttpClient http, IOptions<ArxivOptions> options, ArxivRequestSpacing spacing, TimeProvider clock) : IScheduledSource
{
    public const int PageSize = 100;
    public const int MaxPages = 50;

    public string Name => "arxiv-api";

    public string Section => $"{ArxivOptions.Section}:Api";

    public SourceSchedule Schedule => options.Value.Api;

    /// <summary>A scheduled run adds arXiv's data to the papers of the last <see cref="ArxivOptions.EnrichDays"/> days that lack it.</summary>
    public Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken) =>
        ingestion.EnrichRecentFromArxivAsync(this, Name, clock.GetUtcNow().UtcDateTime.Date.AddDays(-Math.Max(1, options.Value.EnrichDays)), cancellationToken);

    public async Task<IReadOnlyList<ArxivEntry>> CategoryAsync(string category, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var query = $"cat:{category} AND submittedDate:[{from:yyyyMMdd}0000 TO {to:yyyyMMdd}2359]";
        var entries = new List<ArxivEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < MaxPages; page++)
        {
            var feed = await GetAsync(
                $"search_query={Uri.EscapeDataString(query)}&sortBy=submittedDate&sortOrder=descending&start={page * PageSize}&max_results={PageSize}",
                SourceName(category), cancellationToken);
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
    public async Task<IReadOnlyList<ArxivEntry>> LookupAsync(IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        var entries = new List<ArxivEntry>();
        foreach (var chunk in arxivIds.Distinct(StringComparer.Ordinal).Chunk(PageSize))
        {
            var feed = await GetAsync($"id_list={string.Join(',', chunk.Select(Uri.EscapeDataString))}&max_results={PageSize}", "arxiv", cancellationToken);
            entries.AddRange(feed.Entries);
        }

        return entries;
    }

    public static string SourceName(string category) => $"arxiv:{category}";

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
