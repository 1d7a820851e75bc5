namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A search as people ask it: words (phrases, prefixes, <c>authors:</c>/<c>title:</c>, OR and NOT welcome), optional
/// filters, a page. <see cref="Highlight"/>: whether hits carry marked titles, authors and snippets (pages do, the API does not).
/// </summary>
public sealed record SearchQuery(
    string Text,
    DateOnly? From = null,
    DateOnly? To = null,
    int MinUpvotes = 0,
    int Page = 1,
    int PageSize = 20,
    string? Category = null,
    bool Highlight = true);
