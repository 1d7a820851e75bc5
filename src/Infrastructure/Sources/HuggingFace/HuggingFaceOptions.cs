using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>The <c>Sources:HuggingFace</c> configuration section.</summary>
public sealed class HuggingFaceOptions
{
    public const string Section = "Sources:HuggingFace";

    /// <summary>Every 30 minutes.</summary>
    public const string DefaultCron = "*/30 * * * *";

    public bool Enabled { get; set; } = true;

    public string BaseUrl { get; set; } = "https://huggingface.co";

    /// <summary>Where the papers pages (<c>/papers/date/…</c>, <c>/papers/week/…</c>, <c>/papers/month/…</c>, <c>/papers/trending</c>) are read.</summary>
    public string WebBaseUrl { get; set; } = "https://huggingface.co";

    /// <summary>Cron expression (UTC) of the recurring ingestion of today and yesterday.</summary>
    public string Cron { get; set; } = DefaultCron;

    /// <summary>Entries asked for per request (<c>limit</c>); more pages (<c>p</c>) are fetched while pages come back full.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>A bound on pages per day, so a misbehaving upstream cannot keep us paging forever.</summary>
    public int MaxPages { get; set; } = 20;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A pause between requests (pages of a day, days of a range): be polite upstream.</summary>
    public TimeSpan RequestDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The trending list (<c>{WebBaseUrl}/papers/trending</c>), read from the web page: off by default, every six hours when on.</summary>
    public SourceSchedule Trending { get; set; } = new() { Enabled = false, Cron = "15 */6 * * *" };

    /// <summary>Days ingested at once on first start with an empty database.</summary>
    public int BackfillDays { get; set; } = 7;
}
