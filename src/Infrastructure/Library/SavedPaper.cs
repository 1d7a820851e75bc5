using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Library;

/// <summary>A paper in a subscriber's library and when they saved it (UTC).</summary>
public sealed record SavedPaper(Paper Paper, DateTime SavedAt);
