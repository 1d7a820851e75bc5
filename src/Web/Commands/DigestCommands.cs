using System.CommandLine;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Web.Commands;

/// <summary><c>digests send [--now] [--dry-run] [--retry-now] [--verbose]</c>: the digest job's code, run by hand.</summary>
internal static class DigestCommands
{
    public static Command Create(IServiceProvider services)
    {
        var now = new Option<bool>("--now") { Description = "Treat every confirmed subscriber's delivery time as reached (an edition is still never sent twice)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print who would get which papers, and why others would get nothing; send and store nothing." };
        var retryNow = new Option<bool>("--retry-now") { Description = "Try the deliveries that wait for their next attempt now (after mending the mail settings)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print each subscriber's digest and papers, or why they get none (the dry run always does)." };
        var send = new Command("send", "Send the digests that are due, as the recurring job does.");
        send.Options.Add(now);
        send.Options.Add(dryRun);
        send.Options.Add(retryNow);
        send.Options.Add(verbose);
        send.SetAction((result, cancellationToken) => CommandScope.RunAsync(services, async scope =>
        {
            var output = result.InvocationConfiguration.Output;
            var dry = result.GetValue(dryRun);
            var report = await CommandProgress.RunAsync(output, "Sending digests", 1, bar => scope.GetRequiredService<DigestService>().RunAsync(
                new DigestRunOptions(result.GetValue(now), dry, result.GetValue(retryNow), new SynchronousProgress<(int Done, int Total)>(p => bar.Report(p.Done, null, p.Total))),
                cancellationToken));

            if (dry || result.GetValue(verbose))
            {
                await PrintEachAsync(output, report, dry);
            }
            else
            {
                await PrintSummaryAsync(output, report);
            }

            if (report.Planned.Count == 0 && report.Skipped.Count == 0)
            {
                await output.WriteLineAsync("No active subscribers: nobody has confirmed a subscription yet, or everybody has unsubscribed.");
            }

            if (!dry)
            {
                if (report.Sent > 0 && scope.GetRequiredService<IMailTransport>() is PickupFolderMailTransport pickup)
                {
                    await output.WriteLineAsync($"No SMTP host is configured (Email:Smtp:Host): the messages are .eml files in {pickup.Folder}");
                }

                if (report.Waiting > 0)
                {
                    await output.WriteLineAsync("Deliveries left to retry are tried again by the next runs; after fixing the mail settings, `digests send --retry-now` tries them at once.");
                }

                if (report.TakenByOthers > 0)
                {
                    await output.WriteLineAsync($"{report.TakenByOthers} {(report.TakenByOthers == 1 ? "was" : "were")} sent by another worker running at the same time.");
                }

                await output.WriteLineAsync($"Sent {report.Sent}, to retry {report.Waiting}, failed {report.Failed}.");
            }

            foreach (var problem in report.Problems)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {problem}");
            }

            // Anything not sent is worth a non-zero exit: a cron wrapper or an operator's script should notice.
            return report.Failed > 0 || report.Waiting > 0 || report.Problems.Count > 0 ? 1 : 0;
        }, cancellationToken));

        var digests = new Command("digests", "Email digests to confirmed subscribers.");
        digests.Subcommands.Add(send);
        return digests;
    }

    /// <summary>Each subscriber: the digest and its papers (and whether it went out), or why they get none.</summary>
    private static async Task PrintEachAsync(TextWriter output, DigestReport report, bool dry)
    {
        foreach (var planned in report.Planned)
        {
            var outcome = dry ? "" : $" ({report.Outcomes.GetValueOrDefault(planned.SubscriptionId, "not sent yet: another worker or a later run sends it")})";
            await output.WriteLineAsync($"{planned.Email} {(dry ? "would get" : "gets")} {planned.Edition} with {CommandArguments.Papers(planned.Papers.Count)}{outcome}:");
            foreach (var paper in planned.Papers)
            {
                await output.WriteLineAsync($"  {paper}");
            }
        }

        foreach (var skipped in report.Skipped)
        {
            await output.WriteLineAsync($"{skipped.Email}: nothing, {skipped.Reason}");
        }
    }

    /// <summary>One line per outcome, however many subscribers there are.</summary>
    private static async Task PrintSummaryAsync(TextWriter output, DigestReport report)
    {
        if (report.Planned.Count > 0)
        {
            var editions = report.Planned.GroupBy(p => p.Edition).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}");
            await output.WriteLineAsync($"Planned {report.Planned.Count} digest{(report.Planned.Count == 1 ? "" : "s")} ({string.Join(", ", editions)}).");
        }

        if (report.Skipped.Count > 0)
        {
            var kinds = report.Skipped.GroupBy(s => s.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            await output.WriteLineAsync($"Nothing for {report.Skipped.Count} subscriber{(report.Skipped.Count == 1 ? "" : "s")}: {string.Join(", ", kinds)} (--verbose says who and why).");
        }
    }
}
