using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>The <c>Sources:Arxiv</c> configuration section.</summary>
public sealed class ArxivOptions
{
    public const string Section = "Sources:Arxiv";

    // Each way of reading arXiv is its own scheduled source, off by default (Hugging Face's list is the product's front
    // page). arXiv announces once a day, around 00:00-01:00 UTC on weekdays.

    /// <summary>The categories' announcements by RSS (<c>arxiv-rss</c>).</summary>
    public SourceSchedule Rss { get; set; } = new() { Enabled = false, Cron = "30 1 * * 1-5" };

    /// <summary>The same announcements from the new-listing pages (<c>arxiv-html</c>): an alternative to <see cref="Rss"/>.</summary>
    public SourceSchedule Listing { get; set; } = new() { Enabled = false, Cron = "45 1 * * 1-5" };

    /// <summary>The API (<c>arxiv-api</c>): adds arXiv's bibliographic data (categories, DOI, journal reference) to recent papers that lack it.</summary>
    public SourceSchedule Api { get; set; } = new() { Enabled = false, Cron = "0 4 * * *" };

    /// <summary>How far back <see cref="Api"/> looks for papers without arXiv's data, by the day they were first seen.</summary>
    public int EnrichDays { get; set; } = 7;

    public string ApiBaseUrl { get; set; } = "https://export.arxiv.org";

    public string RssBaseUrl { get; set; } = "https://rss.arxiv.org";

    /// <summary>arXiv's web site, for the new-listing pages (<c>/list/{category}/new</c>): the same announcement as the RSS feed.</summary>
    public string ListingBaseUrl { get; set; } = "https://arxiv.org";

    /// <summary>The categories whose announcements are followed, e.g. cs.CL, cs.LG.</summary>
    /// <remarks>
    /// Empty here and defaulted in <see cref="Followed"/>: the configuration binder adds configured items to a list's
    /// initial items, so a default list would make "Categories: [cs.CL]" follow five categories.
    /// </remarks>
    public List<string> Categories { get; set; } = [];

    /// <summary>The configured <see cref="Categories"/>, or cs.CL, cs.CV, cs.LG and cs.AI when none are.</summary>
    public IReadOnlyList<string> Followed => Categories.Count > 0 ? Categories : ["cs.CL", "cs.CV", "cs.LG", "cs.AI"];

    /// <summary>arXiv asks for at most one request every 3 seconds.</summary>
    public TimeSpan RequestDelay { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Who runs this instance, for the User-Agent arXiv asks for (an email address or a URL).</summary>
    public string Contact { get; set; } = "";
}
