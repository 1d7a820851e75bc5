namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// One result. <see cref="TitleMarked"/> and <see cref="Snippet"/> mark matches between <see cref="PaperSearch.MarkStart"/>
/// and <see cref="PaperSearch.MarkEnd"/> (control characters, so that the page can encode the text and then add highlights);
/// so do <see cref="Authors"/> that matched.
/// </summary>
public sealed record SearchHit(
    string ArxivId,
    string Title,
    string TitleMarked,
    IReadOnlyList<string> Authors,
    string Snippet,
    int Upvotes,
    DateOnly? LastFeatured,
    int Position);
