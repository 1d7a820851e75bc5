using System.CommandLine;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using static PaperFeed.Web.Commands.CommandArguments;

namespace PaperFeed.Web.Commands;

/// <summary>
/// <c>ingest huggingface --date D | --from D --to D | --file PATH…</c>, <c>ingest huggingface-html</c>, <c>ingest arxiv-rss</c>,
/// <c>ingest arxiv-html</c> and <c>ingest arxiv</c>: a source asked by hand, stored by the jobs' own path (<see cref="IngestRun"/>).
/// </summary>
internal static class IngestCommands
{
    public static Command Create(IServiceProvider services)
    {
        var ingest = new Command("ingest", "Fetch paper lists from a source into the catalog, as the background job does.");
        ingest.Subcommands.Add(HuggingFace(services));
        ingest.Subcommands.Add(HuggingFaceHtmlCommand.Create(services));
        ingest.Subcommands.Add(ArxivAnnouncements<ArxivRssSource>(
            services, "arxiv-rss", "Ingest the current arXiv announcement of categories (RSS at Sources:Arxiv:RssBaseUrl)."));
        ingest.Subcommands.Add(ArxivAnnouncements<ArxivListingSource>(
            services, "arxiv-html", "Ingest the current arXiv announcement of categories from their new-listing pages (Sources:Arxiv:ListingBaseUrl/list/{category}/new)."));
        ingest.Subcommands.Add(ArxivApiCommand.Create(services));
        return ingest;
    }

    private static Command HuggingFace(IServiceProvider services)
    {
        var date = new Option<string?>("--date") { Description = "One day to ingest (YYYY-MM-DD). With --file: the day of entries that do not say." };
        var from = new Option<string?>("--from") { Description = "First day of a range (YYYY-MM-DD)." };
        var to = new Option<string?>("--to") { Description = "Last day of a range (YYYY-MM-DD); default: today (UTC)." };
        var files = new Option<string[]>("--file")
        {
            Description = "Saved API responses (files or folders of .json files) to import instead of fetching.",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("huggingface", "Ingest Hugging Face's daily papers (API at Sources:HuggingFace:BaseUrl).");
        command.Options.Add(date);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(files);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            if (!TryDay(result.GetValue(date), "--date", error, out var day)
                || !TryDay(result.GetValue(from), "--from", error, out var first)
                || !TryDay(result.GetValue(to), "--to", error, out var last))
            {
                return 2;
            }

            var paths = result.GetValue(files) ?? [];
            if (paths.Length > 0)
            {
                return await IngestRun.RunAsync<HuggingFaceSource>(
                    services, result, new SourceQuery.Saved([.. paths.Select(ResolvePath)], day), $"{paths.Length} file{(paths.Length == 1 ? "" : "s")}", paths.Length,
                    p => p.Stored is { } stored ? $"[{p.Number}/{p.Total}] {p.Label}: {Days(stored.Days)}{(stored.Skipped > 0 ? $", {stored.Skipped} skipped" : "")}" : null,
                    cancellationToken);
            }

            if (day is not null && (first is not null || last is not null))
            {
                await error.WriteLineAsync("error: give either --date or --from/--to, not both");
                return 2;
            }

            if (day is null && first is null)
            {
                await error.WriteLineAsync("error: say what to ingest: --date YYYY-MM-DD, --from YYYY-MM-DD [--to YYYY-MM-DD], or --file PATH");
                return 2;
            }

            var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            var (start, end) = day is { } d ? (d, d) : (first!.Value, last ?? today);
            if (end < start)
            {
                await error.WriteLineAsync($"error: --to {end:yyyy-MM-dd} is before --from {start:yyyy-MM-dd}");
                return 2;
            }

            return await IngestRun.RunAsync<HuggingFaceSource>(
                services, result, new SourceQuery.Days(start, end), $"huggingface {start:yyyy-MM-dd}..{end:yyyy-MM-dd}", end.DayNumber - start.DayNumber + 1,
                p => $"[{p.Number}/{p.Total}] {p.Label}: {(p.Stored is { } stored ? Papers(stored.Days.Sum(s => s.Entries)) : "failed")}",
                cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// <c>ingest arxiv-rss</c> and <c>ingest arxiv-html</c>: the same announcement read from the feed or the listing page,
    /// into the same lists, one category after the other; without <c>--category</c>, the followed ones, as the job does.
    /// </summary>
    private static Command ArxivAnnouncements<TSource>(IServiceProvider services, string name, string description)
        where TSource : ArxivAnnouncementSource
    {
        var categories = new Option<string[]>("--category")
        {
            Description = "arXiv categories (cs.CL, cs.LG, …); default: Sources:Arxiv:Categories.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(name, description);
        command.Options.Add(categories);
        command.SetAction((result, cancellationToken) =>
        {
            if (!TryCategories(result.GetValue(categories) ?? [], result.InvocationConfiguration.Error, out var given))
            {
                return Task.FromResult(2);
            }

            IReadOnlyList<string> wanted = given.Length > 0 ? given : services.GetRequiredService<IOptions<ArxivOptions>>().Value.Followed;
            var query = given.Length > 0 ? new SourceQuery.Categories(given) : SourceQuery.Scheduled;
            return IngestRun.RunAsync<TSource>(
                services, result, query, $"{name} {string.Join(' ', wanted)}", wanted.Count,
                p => $"[{p.Number}/{p.Total}] {p.Label}: " + (p.Stored is not { } stored ? "failed"
                    : stored.Days.Count == 0 ? "no announcement (weekends and holidays have none)"
                    : string.Join(", ", stored.Days.Select(s => $"{s.Day:yyyy-MM-dd}: {s.Entries} announced"))),
                cancellationToken);
        });
        return command;
    }

    /// <summary>"2025-03-14 (26 papers), 2025-03-15 (3 papers)" or "no entries".</summary>
    private static string Days(IReadOnlyList<Infrastructure.Ingestion.StoredDay> days) =>
        days.Count == 0 ? "no entries" : string.Join(", ", days.Select(s => $"{s.Day:yyyy-MM-dd} ({s.Entries} papers)"));

    /// <summary>
    /// <c>dotnet run --project src/Web</c> starts the app in the project folder, so a relative path the user typed is
    /// resolved against the shell's folder (PWD) when it does not exist where the app runs.
    /// </summary>
    private static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var shell = Environment.GetEnvironmentVariable("PWD");
        var candidate = string.IsNullOrEmpty(shell) ? path : Path.Combine(shell, path);
        return File.Exists(candidate) || Directory.Exists(candidate) ? candidate : path;
    }
}
