using System.CommandLine;
using System.Globalization;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Web.Commands;

/// <summary>
/// <c>ingest huggingface --date D | --from D --to D | --file PATH…</c>, <c>ingest huggingface-html</c>, <c>ingest arxiv-rss</c>,
/// <c>ingest arxiv-html</c> and <c>ingest arxiv</c>: the ingestion job's code, run by hand.
/// </summary>
internal static class IngestCommands
{
    public static Command Create(IServiceProvider services)
    {
        var date = new Option<string?>("--date") { Description = "One day to ingest (YYYY-MM-DD). With --file: the day of entries that do not say." };
        var from = new Option<string?>("--from") { Description = "First day of a range (YYYY-MM-DD)." };
        var to = new Option<string?>("--to") { Description = "Last day of a range (YYYY-MM-DD); default: today (UTC)." };
        var files = new Option<string[]>("--file")
        {
            Description = "Saved API responses (files or folders of .json files) to import instead of fetching.",
            AllowMultipleArgumentsPerToken = true,
        };

        var huggingFace = new Command("huggingface", "Ingest Hugging Face's daily papers (API at Sources:HuggingFace:BaseUrl).");
        huggingFace.Options.Add(date);
        huggingFace.Options.Add(from);
        huggingFace.Options.Add(to);
        huggingFace.Options.Add(files);
        huggingFace.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            var ingestion = scope.ServiceProvider.GetRequiredService<IngestionService>();
            var source = scope.ServiceProvider.GetRequiredService<HuggingFaceSource>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var output = result.InvocationConfiguration.Output;
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
                return await ImportAsync(ingestion, paths, day, output, error, cancellationToken);
            }

            if (day is not null && (first is not null || last is not null))
            {
                await error.WriteLineAsync("error: give either --date or --from/--to, not both");
                return 2;
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var (start, end) = day is { } d ? (d, d) : (first ?? today, last ?? today);
            if (day is null && first is null)
            {
                await error.WriteLineAsync("error: say what to ingest: --date YYYY-MM-DD, --from YYYY-MM-DD [--to YYYY-MM-DD], or --file PATH");
                return 2;
            }

            if (end < start)
            {
                await error.WriteLineAsync($"error: --to {end:yyyy-MM-dd} is before --from {start:yyyy-MM-dd}");
                return 2;
            }

            var range = await CommandProgress.RunAsync(output, $"{SourceNames.HuggingFace} {start:yyyy-MM-dd}..{end:yyyy-MM-dd}", end.DayNumber - start.DayNumber + 1, bar =>
                ingestion.IngestRangeAsync(source, start, end, new SynchronousProgress<DayProgress>(p => bar.Report(p.Number, p.Error is null
                    ? $"[{p.Number}/{p.Total}] {p.Day:yyyy-MM-dd}: {p.Entries} paper{(p.Entries == 1 ? "" : "s")}"
                    : $"[{p.Number}/{p.Total}] {p.Day:yyyy-MM-dd}: failed")), cancellationToken));
            foreach (var failure in range.Failures)
            {
                await error.WriteLineAsync($"error: {failure.Describe()}");
            }

            return range.Failures.Count == 0 ? 0 : 1;
        });

        var ingest = new Command("ingest", "Fetch paper lists from a source into the catalog, as the background job does.");
        ingest.Subcommands.Add(huggingFace);
        ingest.Subcommands.Add(HuggingFaceHtmlCommand.Create(services));
        ingest.Subcommands.Add(ArxivAnnouncements<ArxivRssSource>(
            services, "arxiv-rss", "Ingest the current arXiv announcement of categories (RSS at Sources:Arxiv:RssBaseUrl)."));
        ingest.Subcommands.Add(ArxivAnnouncements<ArxivListingSource>(
            services, "arxiv-html", "Ingest the current arXiv announcement of categories from their new-listing pages (Sources:Arxiv:ListingBaseUrl/list/{category}/new)."));
        ingest.Subcommands.Add(ArxivApi(services));
        return ingest;
    }

    private static Command ArxivApi(IServiceProvider services)
    {
        var category = new Option<string?>("--category") { Description = "An arXiv category (cs.CL, …): its papers submitted from --from to --to." };
        var from = new Option<string?>("--from") { Description = "First submission day (YYYY-MM-DD); default: yesterday (UTC)." };
        var to = new Option<string?>("--to") { Description = "Last submission day (YYYY-MM-DD); default: today (UTC)." };
        var ids = new Option<string[]>("--id") { Description = "arXiv ids to look up and enrich (categories, DOI, journal reference).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("arxiv", "Ingest from arXiv's API (Sources:Arxiv:ApiBaseUrl), one request every 3 s as arXiv asks.");
        command.Options.Add(category);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(ids);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var output = result.InvocationConfiguration.Output;
            if (!TryDay(result.GetValue(from), "--from", error, out var first) || !TryDay(result.GetValue(to), "--to", error, out var last))
            {
                return 2;
            }

            var wanted = result.GetValue(ids) ?? [];
            var name = result.GetValue(category);
            if ((name is null) == (wanted.Length == 0))
            {
                await error.WriteLineAsync("error: give either --category (with --from/--to) or --id");
                return 2;
            }

            if (name is not null && !ArxivCategory.IsValid(name))
            {
                await error.WriteLineAsync($"error: --category \"{name}\" is not an arXiv category like cs.CL or hep-th");
                return 2;
            }

            if (first is not null && last is not null && last < first)
            {
                await error.WriteLineAsync($"error: --to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
                return 2;
            }

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            var ingestion = scope.ServiceProvider.GetRequiredService<IngestionService>();
            var source = scope.ServiceProvider.GetRequiredService<ArxivApiSource>();
            try
            {
                if (name is not null)
                {
                    var today = DateOnly.FromDateTime(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                    var stored = await ingestion.IngestArxivCategoryAsync(source, name, first ?? today.AddDays(-1), last ?? today, cancellationToken);
                    await output.WriteLineAsync(stored.Count == 0 ? $"{name}: no papers" : string.Join(Environment.NewLine, stored.Select(s => $"{name} {s.Day:yyyy-MM-dd}: {s.Entries} papers")));
                }
                else
                {
                    var normalized = new List<string>();
                    foreach (var id in wanted)
                    {
                        if (!ArxivId.TryNormalize(id, out var arxivId))
                        {
                            await error.WriteLineAsync($"error: --id \"{id}\" is not an arXiv id");
                            return 2;
                        }

                        normalized.Add(arxivId);
                    }

                    var (added, updated) = await ingestion.EnrichFromArxivAsync(source, normalized, cancellationToken);
                    await output.WriteLineAsync($"{normalized.Count} asked: {added} new, {updated} updated");
                }

                return 0;
            }
            catch (SourceException e)
            {
                await error.WriteLineAsync($"error: {e.Describe()}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>ingest arxiv-rss</c> and <c>ingest arxiv-html</c>: the same announcement read from the feed or the listing page,
    /// into the same lists, one category after the other.
    /// </summary>
    private static Command ArxivAnnouncements<TSource>(IServiceProvider services, string name, string description)
        where TSource : IArxivAnnouncementSource
    {
        var categories = new Option<string[]>("--category")
        {
            Description = "arXiv categories (cs.CL, cs.LG, …); default: Sources:Arxiv:Categories.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(name, description);
        command.Options.Add(categories);
        command.SetAction(async (result, cancellationToken) =>
        {
            if ((result.GetValue(categories) ?? []).FirstOrDefault(c => !ArxivCategory.IsValid(c)) is { } invalid)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: --category \"{invalid}\" is not an arXiv category like cs.CL or hep-th");
                return 2;
            }

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            var ingestion = scope.ServiceProvider.GetRequiredService<IngestionService>();
            var source = scope.ServiceProvider.GetRequiredService<TSource>();
            var wanted = result.GetValue(categories) is { Length: > 0 } given
                ? given
                : [.. scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ArxivOptions>>().Value.Followed];
            return await CommandProgress.RunAsync(result.InvocationConfiguration.Output, $"{name} {string.Join(' ', wanted)}", wanted.Length, async bar =>
            {
                var failed = 0;
                for (var i = 0; i < wanted.Length; i++)
                {
                    try
                    {
                        var stored = await ingestion.IngestArxivAnnouncementAsync(source, wanted[i], cancellationToken);
                        var days = stored.Count == 0 ? "no announcement (weekends and holidays have none)" : string.Join(", ", stored.Select(s => $"{s.Day:yyyy-MM-dd}: {s.Entries} announced"));
                        bar.Report(i + 1, $"[{i + 1}/{wanted.Length}] {wanted[i]}: {days}");
                    }
                    catch (SourceException e)
                    {
                        await result.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Describe()}");
                        bar.Report(i + 1);
                        failed++;
                    }
                }

                return failed == 0 ? 0 : 1;
            });
        });
        return command;
    }

    private static async Task<int> ImportAsync(IngestionService ingestion, string[] paths, DateOnly? day, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var failed = 0;
        var files = new List<string>();
        foreach (var given in paths)
        {
            var path = ResolvePath(given);
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await error.WriteLineAsync($"error: {SourceNames.HuggingFace} file {path}: no such file or folder");
                failed++;
            }
        }

        return await CommandProgress.RunAsync(output, $"{files.Count} file{(files.Count == 1 ? "" : "s")}", files.Count, async bar =>
        {
            for (var i = 0; i < files.Count; i++)
            {
                failed += await ImportFileAsync(ingestion, files[i], $"[{i + 1}/{files.Count}]", day, bar, i + 1, error, cancellationToken);
            }

            return failed == 0 ? 0 : 1;
        });
    }

    /// <summary>Imports one saved response; 1 when it could not be read (already reported), else 0.</summary>
    private static async Task<int> ImportFileAsync(
        IngestionService ingestion, string file, string number, DateOnly? day, ICommandProgress bar, int done, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            // Entries before mid-2025 do not say their day: take --date, else a date in the file name (2025-03-14.json).
            var fallback = day ?? DayFromFileName(file);
            var listing = DailyPapersParser.Parse(await File.ReadAllBytesAsync(file, cancellationToken), fallback);
            if (listing.Entries.Count == 0 && listing.Skipped.Count > 0 && fallback is null)
            {
                throw new UpstreamFormatException("its entries do not say their day; pass --date YYYY-MM-DD");
            }

            var stored = await ingestion.StoreAsync(SourceNames.HuggingFace, listing, file, cancellationToken);
            var days = stored.Count == 0 ? "no entries" : string.Join(", ", stored.Select(s => $"{s.Day:yyyy-MM-dd} ({s.Entries} papers)"));
            var skipped = listing.Skipped.Count > 0 ? $", {listing.Skipped.Count} skipped" : "";
            bar.Report(done, $"{number} {file}: {days}{skipped}");
            return 0;
        }
        catch (UpstreamFormatException e)
        {
            await error.WriteLineAsync($"error: {SourceNames.HuggingFace} file {file}: {e.Message}");
            bar.Report(done);
            return 1;
        }
    }

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

    private static DateOnly? DayFromFileName(string file) =>
        DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(file).AsSpan(0, Math.Min(10, Path.GetFileNameWithoutExtension(file).Length)), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;

    private static bool TryDay(string? text, string option, TextWriter error, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            day = value;
            return true;
        }

        error.WriteLine($"error: {option} \"{text}\" is not a date like 2025-03-14");
        return false;
    }
}
