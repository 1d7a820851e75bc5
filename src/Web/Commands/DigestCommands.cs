using System.CommandLine;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Web.Commands;

/// <summary><c>digests send [--now] [--dry-run]</c>: the digest job's code, run by hand.</summary>
internal static class DigestCommands
{
    public static Command Create(IServiceProvider services)
    {
        var now = new Option<bool>("--now") { Description = "Treat every confirmed subscriber's delivery time as reached (an edition is still never sent twice)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print who would get which papers, and why others would get nothing; send and store nothing." };
        var send = new Command("send", "Send the digests that are due, as the recurring job does.");
        send.Options.Add(now);
        send.Options.Add(dryRun);
        send.SetAction((result, cancellationToken) => CommandScope.RunAsync(services, async scope =>
        {
            var options = new DigestRunOptions(IgnoreTime: result.GetValue(now), DryRun: result.GetValue(dryRun));
            var report = await scope.GetRequiredService<DigestService>().RunAsync(options, cancellationToken);
            var output = result.InvocationConfiguration.Output;
            var verb = options.DryRun ? "would get" : "gets";

            foreach (var planned in report.Planned)
            {
                await output.WriteLineAsync($"{planned.Email} {verb} {planned.Edition} with {planned.Papers.Count} paper{(planned.Papers.Count == 1 ? "" : "s")}:");
                foreach (var paper in planned.Papers)
                {
                    await output.WriteLineAsync($"  {paper}");
                }
            }

            foreach (var skipped in report.Skipped)
            {
                await output.WriteLineAsync($"{skipped.Email}: nothing, {skipped.Reason}");
            }

            if (report.Planned.Count == 0 && report.Skipped.Count == 0)
            {
                await output.WriteLineAsync("No confirmed subscribers.");
            }

            if (!options.DryRun)
            {
                if (report.Sent > 0 && scope.GetRequiredService<IMailTransport>() is PickupFolderMailTransport pickup)
                {
                    await output.WriteLineAsync($"No SMTP host is configured (Email:Smtp:Host): the messages are .eml files in {pickup.Folder}");
                }

                await output.WriteLineAsync($"Sent {report.Sent}, to retry {report.Retrying}, failed {report.Failed}.");
            }

            foreach (var problem in report.Problems)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {problem}");
            }

            return report.Failed > 0 || report.Problems.Count > 0 ? 1 : 0;
        }, cancellationToken));

        var digests = new Command("digests", "Email digests to confirmed subscribers.");
        digests.Subcommands.Add(send);
        return digests;
    }
}
