namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// A one-time step on the data that SQL alone cannot do (a migration can add a table, not fill it with keys computed
/// in C#), recorded once it has run to its end, so that it runs again after a crash and never after it finished.
/// </summary>
public sealed class DataStep
{
    public const string AuthorRows = "author-rows";

    public required string Name { get; set; }

    public DateTime CompletedAt { get; set; }
}
