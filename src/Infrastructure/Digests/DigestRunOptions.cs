namespace PaperFeed.Infrastructure.Digests;

/// <param name="IgnoreTime">Treat every confirmed subscriber's delivery time as reached (<c>digests send --now</c>).</param>
/// <param name="DryRun">Plan and report only: nothing is written or sent.</param>
/// <param name="RetryNow">Deliveries waiting for their next attempt are tried at once (<c>digests send --retry-now</c>).</param>
/// <param name="Progress">Told after each delivery handed to the mail server: how many of how many.</param>
public sealed record DigestRunOptions(bool IgnoreTime = false, bool DryRun = false, bool RetryNow = false, IProgress<(int Done, int Total)>? Progress = null);
