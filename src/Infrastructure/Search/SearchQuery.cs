namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A search as people ask it: words (phrases, prefixes, <c>authors:</c>/<c>title:</c>, OR and NOT welcome), optional
/// filters, a page.
/// </summary>
public sealed record SearchQuery(
    string Text,
    DateOnly? From = null,
    DateOnly? To = null,
    int MinUpvotes = 0,
    int Page = 1,
    int PageSize = 20,
    string? Category = null);
