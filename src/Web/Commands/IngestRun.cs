using System.CommandLine;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Web.Commands;

/// <summary>
/// What every <c>ingest</c> command does once its arguments are checked: the same <see cref="IngestionService.RunAsync"/>
/// as the jobs, with a progress bar on a terminal (else one line per unit), each failure as one <c>error:</c> line on
/// stderr, and exit code 1 when any unit failed.
/// </summary>
internal static class IngestRun
{
    /// <typeparam name="TSource">The source asked (resolved in the command's scope).</typeparam>
    /// <param name="line">The line printed for a finished unit, or null for none.</param>
    public static Task<int> RunAsync<TSource>(
        IServiceProvider services, ParseResult result, SourceQuery query, string description, int total,
        Func<UnitProgress, string?> line, CancellationToken cancellationToken)
        where TSource : IPaperSource =>
        CommandScope.RunAsync(services, async scope =>
        {
            var ingestion = scope.GetRequiredService<IngestionService>();
            var source = scope.GetRequiredService<TSource>();
            var error = result.InvocationConfiguration.Error;
            var report = await CommandProgress.RunAsync(result.InvocationConfiguration.Output, description, total, bar =>
                ingestion.RunAsync(source, query, new SynchronousProgress<UnitProgress>(p =>
                {
                    if (p.Error is not null)
                    {
                        error.WriteLine($"error: {p.Error.Describe()}");
                    }

                    bar.Report(p.Number, line(p), p.Total);
                }), cancellationToken));
            return report.Failures.Count == 0 ? 0 : 1;
        }, cancellationToken);
}
