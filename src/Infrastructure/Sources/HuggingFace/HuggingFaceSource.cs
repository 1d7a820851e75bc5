using System.Globalization;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>Hugging Face's daily papers API: <c>GET {BaseUrl}/api/daily_papers?date=YYYY-MM-DD&amp;limit=N&amp;p=K</c>.</summary>
public sealed class HuggingFaceSource(HttpClient http, IOptions<HuggingFaceOptions> options, TimeProvider clock) : IPaperSource, IScheduledSource
{
    private readonly HuggingFaceOptions _options = options.Value;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    public string Name => SourceNames.HuggingFace;

    public string Section => HuggingFaceOptions.Section;

    public SourceSchedule Schedule => new() { Enabled = _options.Enabled, Cron = _options.Cron };

    /// <summary>Today and yesterday (UTC): the list of today grows during the day, yesterday's counts keep moving.</summary>
    public async Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        (await ingestion.IngestRangeAsync(this, today.AddDays(-1), today, progress: null, cancellationToken)).ThrowIfFailed();
    }

    public async Task<ParsedListing> FetchDayAsync(DateOnly day, CancellationToken cancellationToken)
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

    private async Task<byte[]> GetAsync(Uri url, DateOnly day, CancellationToken cancellationToken)
    {
        // At most one request per RequestDelay from this source (pages of a day, days of a range or a backfill).
        var wait = _lastRequest + _options.RequestDelay - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }

        _lastRequest = clock.GetUtcNow();
        return await Upstream.GetAsync(Name, day, url, http, content => content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
    }
}
