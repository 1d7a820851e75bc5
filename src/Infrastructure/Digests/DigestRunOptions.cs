namespace PaperFeed.Infrastructure.Digests;

/// <param name="IgnoreTime">Treat every confirmed subscriber's delivery time as reached (<c>digests send --now</c>).</param>
/// <param name="DryRun">Plan and report only: nothing is written or sent.</param>
public sealed record DigestRunOptions(bool IgnoreTime = false, bool DryRun = false);
