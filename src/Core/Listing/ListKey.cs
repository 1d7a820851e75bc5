using System.Diagnostics.CodeAnalysis;
using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Listing;

/// <summary>
/// Which list a featured entry is on: Hugging Face's daily papers, Hugging Face's trending papers, or an arXiv
/// category's announcements. It formats and parses its stored name (<c>huggingface</c>, <c>huggingface-trending</c>,
/// <c>arxiv:cs.CL</c>) and knows where its pages and feeds are, so that nothing else builds or splits those strings.
/// </summary>
public sealed record ListKey
{
    private const string ArxivPrefix = "arxiv:";

    private ListKey(ListKind kind, string? category)
    {
        Kind = kind;
        Category = category;
    }

    /// <summary>Hugging Face's Daily Papers: one list a day, ranked by upvotes.</summary>
    public static ListKey HuggingFace { get; } = new(ListKind.HuggingFace, null);

    /// <summary>Hugging Face's trending papers: a list with no day of its own, stored under the day it was read.</summary>
    public static ListKey Trending { get; } = new(ListKind.Trending, null);

    public ListKind Kind { get; }

    /// <summary>The arXiv category of an <see cref="ListKind.Arxiv"/> list (cs.CL), else null.</summary>
    public string? Category { get; }

    /// <summary>The name stored in <see cref="FeaturedEntry.Source"/> and on the list's state row.</summary>
    public string Name => Kind switch
    {
        ListKind.HuggingFace => SourceNames.HuggingFace,
        ListKind.Trending => SourceNames.HuggingFaceTrending,
        _ => ArxivPrefix + Category,
    };

    /// <summary>Who publishes the list, for messages about it.</summary>
    public string Upstream => Kind == ListKind.Arxiv ? "arXiv" : "Hugging Face";

    /// <summary>Whether the entries carry votes (arXiv's announcements have none, and are shown without ranks).</summary>
    public bool HasVotes => Kind != ListKind.Arxiv;

    /// <summary>How the list is ordered unless asked otherwise: by upvotes, or in its source's own order (trending, arXiv).</summary>
    public ListSort DefaultSort => Kind == ListKind.HuggingFace ? ListSort.Upvotes : ListSort.Source;

    /// <summary>An arXiv category's list; the category must be valid (<see cref="ArxivCategory.IsValid"/>).</summary>
    public static ListKey Arxiv(string category) =>
        ArxivCategory.IsValid(category) ? new ListKey(ListKind.Arxiv, category) : throw new ArgumentException($"\"{category}\" is not an arXiv category", nameof(category));

    /// <summary>Reads a stored name back; false for a name no list has.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ListKey? key)
    {
        key = name switch
        {
            SourceNames.HuggingFace => HuggingFace,
            SourceNames.HuggingFaceTrending => Trending,
            not null when name.StartsWith(ArxivPrefix, StringComparison.Ordinal) && ArxivCategory.IsValid(name[ArxivPrefix.Length..]) => new ListKey(ListKind.Arxiv, name[ArxivPrefix.Length..]),
            _ => null,
        };
        return key is not null;
    }

    /// <summary>The address of the list's latest view (<c>/</c>, <c>/trending</c>, <c>/arxiv/cs.CL</c>).</summary>
    public string Home => Kind switch
    {
        ListKind.HuggingFace => "/",
        ListKind.Trending => "/trending",
        _ => $"/arxiv/{Category}",
    };

    /// <summary>The address of one period of the list (<c>/papers/date/2025-03-14</c>, <c>/trending/week/2025-W11</c>, <c>/arxiv/cs.CL/month/2025-03</c>).</summary>
    public string PagePath(Period period) => Kind switch
    {
        ListKind.HuggingFace => period.Path,
        _ => Home + period.Path["/papers".Length..],
    };

    /// <summary>The list's feed of its latest day (<c>/feeds/daily.atom</c>, <c>/feeds/trending.rss</c>, <c>/feeds/arxiv/cs.CL.atom</c>).</summary>
    public string FeedPath(string format) => Kind switch
    {
        ListKind.HuggingFace => $"/feeds/daily.{format}",
        ListKind.Trending => $"/feeds/trending.{format}",
        _ => $"/feeds/arxiv/{Category}.{format}",
    };

    public override string ToString() => Name;
}
