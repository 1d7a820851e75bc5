namespace PaperFeed.Infrastructure.Search;

/// <summary>A search as people ask it: words (FTS5 syntax welcome), optional filters, a page; the total of matches only when asked.</summary>
public sealed record SearchQuery(string Text, DateOnly? From = null, DateOnly? To = null, int MinUpvotes = 0, int Page = 1, int PageSize = 20, bool WithTotal = true);
