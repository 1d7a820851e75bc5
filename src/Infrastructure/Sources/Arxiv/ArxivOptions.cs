namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>The <c>Sources:Arxiv</c> configuration section.</summary>
public sealed class ArxivOptions
{
    public const string Section = "Sources:Arxiv";

    /// <summary>Schedule the announcement job (off by default: Hugging Face's list is the product's front page).</summary>
    public bool Enabled { get; set; }

    /// <summary>Cron (UTC) of the announcement job; arXiv announces once a day, around 00:00-01:00 UTC on weekdays.</summary>
    public string Cron { get; set; } = "30 1 * * 1-5";

    public string ApiBaseUrl { get; set; } = "https://export.arxiv.org";

    public string RssBaseUrl { get; set; } = "https://rss.arxiv.org";

    /// <summary>arXiv's web site, for the new-listing pages (<c>/list/{category}/new</c>): the same announcement as the RSS feed.</summary>
    public string ListingBaseUrl { get; set; } = "https://arxiv.org";

    /// <summary>The categories whose announcements are followed, e.g. cs.CL, cs.LG.</summary>
    public List<string> Categories { get; set; } = ["cs.CL", "cs.CV", "cs.LG", "cs.AI"];

    /// <summary>arXiv asks for at most one request every 3 seconds.</summary>
    public TimeSpan RequestDelay { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Who runs this instance, for the User-Agent arXiv asks for (an email address or a URL).</summary>
    public string Contact { get; set; } = "";
}
