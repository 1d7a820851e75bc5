using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Search;

namespace PaperFeed.Web.Commands;

/// <summary><c>search rebuild</c>: rebuilds the search index from the stored papers.</summary>
internal static class SearchCommands
{
    public static Command Create(IServiceProvider services)
    {
        var rebuild = new Command("rebuild", "Rebuild the search index from the stored papers (the running app keeps it up to date by itself).");
        rebuild.SetAction((result, cancellationToken) => CommandScope.RunAsync(services, async scope =>
        {
            var index = scope.GetRequiredService<SearchIndex>();
            var output = result.InvocationConfiguration.Output;
            if (!index.IsOwner)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {index.WhyNotOwner}");
                return 1;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var total = await scope.GetRequiredService<PaperFeedDbContext>().Papers.CountAsync(cancellationToken);
            var papers = await CommandProgress.RunAsync(output, "Indexing papers", total, bar => index.RebuildAsync(
                new SynchronousProgress<int>(n => bar.Report(n, n % 100_000 == 0 || n == total ? $"  {n:N0} of {total:N0} papers indexed" : null)), cancellationToken));
            await output.WriteLineAsync($"Search index rebuilt: {papers:N0} papers in {started.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }, cancellationToken));

        var search = new Command("search", "Maintain the search index.");
        search.Subcommands.Add(rebuild);
        return search;
    }
}
