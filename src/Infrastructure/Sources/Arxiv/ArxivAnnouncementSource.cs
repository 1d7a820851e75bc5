using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// A category's current arXiv announcement, however it is read (the RSS feed or the <c>/list/{category}/new</c> page):
/// one unit per category. New submissions and cross-lists become the category's list (<see cref="ListKey.Arxiv"/>) of the
/// announcement day; replacements only refresh papers the catalog has. Each category's list has its own state row.
/// </summary>
public abstract class ArxivAnnouncementSource(IOptions<ArxivOptions> options) : IPaperSource
{
    public abstract string Name { get; }

    public abstract string Section { get; }

    public abstract SourceSchedule Schedule { get; }

    /// <summary>The <c>Sources:Arxiv</c> section.</summary>
    protected ArxivOptions Options => options.Value;

    public bool Fills(ListKey list) => list.Kind == ListKind.Arxiv;

    /// <summary>Scheduled: every followed category (<see cref="ArxivOptions.Followed"/>); or the <see cref="SourceQuery.Categories"/> named.</summary>
    public async IAsyncEnumerable<FetchResult> FetchAsync(SourceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var categories = query switch
        {
            SourceQuery.ScheduledRun => Options.Followed,
            SourceQuery.Categories { From: null, To: null } named => named.Names,
            _ => throw new NotSupportedException($"{Name} answers categories, not {query}"),
        };

        for (var i = 0; i < categories.Count; i++)
        {
            var list = ListKey.Arxiv(categories[i]);
            yield return await FetchResult.TryAsync(i + 1, categories.Count, list.Category!, list.Name, async () => Unit(list, await FetchAnnouncementAsync(list, cancellationToken)));
        }
    }

    /// <summary>Fetches the current announcement of the list's category. Throws a <see cref="SourceException"/> naming the list and cause.</summary>
    protected abstract Task<ArxivAnnouncement> FetchAnnouncementAsync(ListKey list, CancellationToken cancellationToken);

    private static IngestionUnit Unit(ListKey list, ArxivAnnouncement announcement)
    {
        var announced = announcement.Announced.Entries.Select(e => e.Paper.ArxivId).ToHashSet(StringComparer.Ordinal);
        var days = announcement.Announced.Entries.Select(e => e.Date).ToList();
        return new IngestionUnit
        {
            List = list,
            Entries = announcement.Announced.Entries,
            Skipped = announcement.Announced.Skipped,
            Refreshes = [.. announcement.Papers.Where(p => !announced.Contains(p.ArxivId))],
            StateKey = list.Name,
            Cursor = days.Count == 0 ? "no announcement" : days.Max().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ItemsSeen = announcement.Papers.Count,
            Origin = list.Category!,
        };
    }
}
