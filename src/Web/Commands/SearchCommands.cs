using System.CommandLine;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Search;

namespace PaperFeed.Web.Commands;

/// <summary><c>search rebuild</c>: rebuilds the full-text index from the stored papers.</summary>
internal static class SearchCommands
{
    public static Command Create(IServiceProvider services)
    {
        var rebuild = new Command("rebuild", "Rebuild the full-text search index from the stored papers (it is kept in sync on every ingest).");
        rebuild.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<PaperSearch>().RebuildAsync(cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync($"Search index rebuilt in {started.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        });

        var search = new Command("search", "Maintain the full-text search index.");
        search.Subcommands.Add(rebuild);
        return search;
    }
}
