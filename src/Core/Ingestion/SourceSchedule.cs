namespace PaperFeed.Core.Ingestion;

/// <summary>Whether a source runs on a schedule, and when (a cron expression in UTC), from its configuration section.</summary>
public sealed class SourceSchedule
{
    public bool Enabled { get; set; }

    public string Cron { get; set; } = "";
}
