using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources;

/// <summary>
/// An upstream as the scheduler sees it: a name, whether and when it runs (from its configuration section), and what
/// one run does. Each source class implements it, and each enabled source gets its own recurring job,
/// <c>ingest-{Name}</c>, so one failing or slow source never holds up the others.
/// </summary>
public interface IScheduledSource
{
    /// <summary>Its name in job ids, logs and on <c>/admin/sources</c>.</summary>
    string Name { get; }

    /// <summary>The configuration keys that enable and time it, for operators (e.g. <c>Sources:Arxiv:Rss</c>).</summary>
    string Section { get; }

    SourceSchedule Schedule { get; }

    /// <summary>
    /// One scheduled run: fetches what is new and stores it through <paramref name="ingestion"/>. Stores what it can and
    /// then throws a <see cref="Core.Ingestion.SourceException"/> (already logged and recorded on the state row) when
    /// any part failed, so that the job is retried.
    /// </summary>
    Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken);
}

/// <summary>Whether a source runs on a schedule, and when (a cron expression in UTC).</summary>
public sealed class SourceSchedule
{
    public bool Enabled { get; set; }

    public string Cron { get; set; } = "";
}
