using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// Exactly once under real concurrency: several <c>digests send</c> processes on one database (a SQLite file here, one
/// PostgreSQL database in the PostgreSQL assembly) and one SMTP server. The app's test rendezvous
/// (<see cref="Rendezvous"/>) holds every process at the same step and lets them go at once, so the races are certain:
/// all of them have read the due subscribers before any writes a delivery (only the unique (subscription, edition)
/// key can stop a second one), and all of them have read the same claimable deliveries before any claims one (only the
/// guarded claim can stop a second send).
/// </summary>
public sealed class DigestRaceTests : IAsyncLifetime
{
    private const int Workers = 3;
    private const int Readers = 12;
    private readonly Meeting _meeting = new();
    private DueReaders _readers = null!;

    public async Task InitializeAsync() => _readers = await DueReaders.PrepareAsync(Readers);

    public async Task DisposeAsync()
    {
        await _readers.DisposeAsync();
        _meeting.Dispose();
    }

    [Fact]
    public async Task Three_processes_let_go_at_the_same_moment_plan_and_send_each_edition_once()
    {
        var environment = _readers.SendingEnvironment();
        environment.Add(_meeting.Setting.Key, _meeting.Setting.Value);
        var runs = Enumerable.Range(0, Workers).Select(_ => AppProcess.RunAsync(_readers.Data, environment, "digests", "send", "--now")).ToList();

        await LetGoAsync(Rendezvous.DigestsPlanned, runs);
        await LetGoAsync(Rendezvous.DigestsClaimable, runs);
        var results = await Task.WhenAll(runs);

        var output = string.Join("\n---\n", results.Select(r => $"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}"));
        Assert.True(results.All(r => r.ExitCode == 0), output);
        // The races are outcomes the app expects, not failures: stderr holds nothing but the rendezvous's own warning.
        Assert.All(results, r => Assert.All(
            r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            line => Assert.StartsWith("WRN: Testing:Rendezvous is set", line)));
        // Each subscriber's delivery row was written by one process; the two others hit the unique key ...
        Assert.True((Readers, (Workers - 1) * Readers) == (Sum(results, @"^Planned (\d+) digest"), Sum(results, @"(\d+) planned by another worker")), output);
        // ... and every process tried every delivery: one claim won, the two others found it taken.
        Assert.True((Readers, (Workers - 1) * Readers) == (Sum(results, @"^Sent (\d+),"), Sum(results, @"^(\d+) (?:was|were) sent by another worker")), output);
        Assert.Equal(Readers, _readers.Smtp.Messages.Count);
        Assert.All(Enumerable.Range(1, Readers), i => Assert.Single(_readers.Smtp.To($"reader{i}@example.org")));
    }

    /// <summary>Waits until every run waits at <paramref name="point"/>, then lets them all go at once.</summary>
    private async Task LetGoAsync(string point, IReadOnlyList<Task<(int ExitCode, string Stdout, string Stderr)>> runs)
    {
        await _meeting.ReachedAsync(point, Workers, () => runs.FirstOrDefault(r => r.IsCompleted) is { } ended
            ? $"exit {ended.Result.ExitCode}:\n{ended.Result.Stdout}{ended.Result.Stderr}"
            : null);
        await _meeting.LetGoAsync(point);
    }

    private static int Sum(IEnumerable<(int ExitCode, string Stdout, string Stderr)> results, string pattern) =>
        results.Sum(r => Regex.Matches(r.Stdout, pattern, RegexOptions.Multiline).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
}
