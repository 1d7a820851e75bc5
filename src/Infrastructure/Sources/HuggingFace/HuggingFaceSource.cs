using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>
/// Hugging Face's daily papers API: <c>GET {BaseUrl}/api/daily_papers?date=YYYY-MM-DD&amp;limit=N&amp;p=K</c>, one unit per
/// day of the <see cref="ListKey.HuggingFace"/> list. It also reads saved responses of that API (<c>ingest huggingface --file</c>).
/// </summary>
public sealed class HuggingFaceSource(HttpClient http, IOptions<HuggingFaceOptions> options, TimeProvider clock) : IPaperSource
{
    private readonly HuggingFaceOptions _options = options.Value;

    // At most one request per RequestDelay from this source (pages of a day, days of a range or a backfill).
    private readonly RequestSpacing _spacing = new(options.Value.RequestDelay, clock);

    public string Name => SourceNames.HuggingFace;

    public string Section => HuggingFaceOptions.Section;

    public SourceSchedule Schedule => new() { Enabled = _options.Enabled, Cron = _options.Cron };

    public bool Fills(ListKey list) => list == ListKey.HuggingFace;

    /// <summary>
    /// Scheduled: today and yesterday (UTC), since the list of today grows during the day and yesterday's counts keep
    /// moving. Also <see cref="SourceQuery.Days"/> and <see cref="SourceQuery.Saved"/>.
    /// </summary>
    public async IAsyncEnumerable<FetchResult> FetchAsync(SourceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is SourceQuery.Saved saved)
        {
            await foreach (var result in SavedResponses.ReadAsync(saved, cancellationToken))
            {
                yield return result;
            }

            yield break;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (from, to) = query switch
        {
            SourceQuery.ScheduledRun => (today.AddDays(-1), today),
            SourceQuery.Days days => (days.From, days.To),
            _ => throw new NotSupportedException($"{Name} answers days and saved responses, not {query}"),
        };
        var total = to.DayNumber - from.DayNumber + 1;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var current = day;
            yield return await FetchResult.TryAsync(current.DayNumber - from.DayNumber + 1, total, current.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Name, async () =>
            {
                var listing = await FetchDayAsync(current, cancellationToken);
                return IngestionUnit.Of(ListKey.HuggingFace, listing, Name, current.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            });
        }
    }

    /// <summary>Every page of one day's list (until a short page, or one with nothing new).</summary>
    private async Task<ParsedListing> FetchDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var entries = new List<FeaturedRecord>();
        var skipped = new List<SkippedEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pageSize = Math.Max(1, _options.PageSize);

        for (var page = 0; page < Math.Max(1, _options.MaxPages); page++)
        {
            var url = new Uri($"{_options.BaseUrl.TrimEnd('/')}/api/daily_papers?date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&limit={pageSize}&p={page}");
            var body = await GetAsync(url, day, cancellationToken);

            var parsed = await Upstream.CallAsync(Name, day, url, http, () => Task.FromResult(DailyPapersParser.Parse(body, day)), cancellationToken);

            var added = 0;
            foreach (var entry in parsed.Entries.Where(e => seen.Add(e.Paper.ArxivId)))
            {
                entries.Add(entry);
                added++;
            }

            skipped.AddRange(parsed.Skipped.Select(s => s with { Index = s.Index + page * pageSize }));

            // A short page is the last one; a page with nothing new means the upstream ignores paging.
            if (parsed.Entries.Count + parsed.Skipped.Count < pageSize || added == 0)
            {
                break;
            }
        }

        return new ParsedListing(entries, skipped);
    }

    private Task<byte[]> GetAsync(Uri url, DateOnly day, CancellationToken cancellationToken) =>
        _spacing.RunAsync(() => Upstream.GetAsync(Name, day, url, http, content => content.ReadAsByteArrayAsync(cancellationToken), cancellationToken), cancellationToken);
}
