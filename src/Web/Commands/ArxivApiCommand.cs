using System.CommandLine;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Sources.Arxiv;
using static PaperFeed.Web.Commands.CommandArguments;

namespace PaperFeed.Web.Commands;

/// <summary><c>ingest arxiv --category C [--from D] [--to D] | --id ID…</c>: arXiv's API, one request every 3 s as arXiv asks.</summary>
internal static class ArxivApiCommand
{
    public static Command Create(IServiceProvider services)
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

            if (name is not null)
            {
                if (!TryCategories([name], error, out var known))
                {
                    return 2;
                }

                name = known[0];
            }

            if (first is not null && last is not null && last < first)
            {
                await error.WriteLineAsync($"error: --to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
                return 2;
            }

            if (name is not null)
            {
                var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                return await IngestRun.RunAsync<ArxivApiSource>(
                    services, result, new SourceQuery.Categories([name], first ?? today.AddDays(-1), last ?? today), $"arxiv {name}", 1,
                    p => p.Stored is { } stored
                        ? stored.Days.Count == 0 ? $"{name}: no papers" : string.Join(Environment.NewLine, stored.Days.Select(s => $"{name} {s.Day:yyyy-MM-dd}: {s.Entries} papers"))
                        : null,
                    cancellationToken);
            }

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

            return await IngestRun.RunAsync<ArxivApiSource>(
                services, result, new SourceQuery.Ids(normalized), $"arxiv {normalized.Count} ids", 1,
                p => p.Stored is { } stored ? $"{normalized.Count} asked: {stored.NewPapers} new, {stored.UpdatedPapers} updated" : null,
                cancellationToken);
        });
        return command;
    }
}
