namespace PaperFeed.Infrastructure.Digests;

/// <summary>The <c>Digests</c> configuration section.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Every 15 minutes.</summary>
    public const string DefaultCron = "*/15 * * * *";

    /// <summary>Cron expression (UTC) of the job that sends due digests.</summary>
    public string Cron { get; set; } = DefaultCron;

    /// <summary>A daily digest never carries a day older than this: when ingestion stalls, nothing stale is sent.</summary>
    public int MaxEditionAgeDays { get; set; } = 7;
}
