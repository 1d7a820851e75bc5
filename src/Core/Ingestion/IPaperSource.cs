using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Ingestion;

/// <summary>
/// An upstream (Hugging Face's API, its papers pages, arXiv's RSS, listing pages or API) as the rest of the app sees it:
/// a name, when it runs, which lists it fills, and what it answers to a query. A source only fetches and parses: it
/// returns normalized units and never stores anything; <c>IngestionService</c> stores what it returns.
/// Adding a source is one class that implements this, plus its options section.
/// </summary>
public interface IPaperSource
{
    /// <summary>Its name in job ids (<c>ingest-{Name}</c>), logs and on <c>/admin/sources</c>.</summary>
    string Name { get; }

    /// <summary>The configuration keys that enable and time it, for operators (e.g. <c>Sources:Arxiv:Rss</c>).</summary>
    string Section { get; }

    SourceSchedule Schedule { get; }

    /// <summary>Whether this source's runs fill <paramref name="list"/> (a list page tells when the next run is due).</summary>
    bool Fills(ListKey list);

    /// <summary>
    /// Answers <paramref name="query"/> with one result per unit (a day, a page, a category, a file), in order. A unit that
    /// cannot be fetched is a failed result naming the cause, and the next unit is still fetched. A query this source
    /// does not answer throws <see cref="NotSupportedException"/> before any request.
    /// </summary>
    IAsyncEnumerable<FetchResult> FetchAsync(SourceQuery query, CancellationToken cancellationToken);
}
