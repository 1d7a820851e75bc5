namespace PaperFeed.Testing;

/// <summary>
/// The test's side of the app's rendezvous (<c>Testing:Rendezvous</c>, see PaperFeed.Infrastructure.Rendezvous): a
/// folder of its own; processes started with <see cref="Environment"/> wait at each named point until the test lets
/// them go, so that a race or a kill lands at an exact moment.
/// </summary>
public sealed class Meeting : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("paperfeed-rendezvous-").FullName;

    /// <summary>The setting that makes a process stop at the points.</summary>
    public KeyValuePair<string, string> Setting => new("Testing__Rendezvous", Folder);

    /// <summary>
    /// Waits until <paramref name="processes"/> processes wait at <paramref name="point"/>; fails as soon as
    /// <paramref name="ended"/> describes a process that ended instead, or after two minutes.
    /// </summary>
    public async Task ReachedAsync(string point, int processes, Func<string?> ended)
    {
        for (var waited = 0; Directory.GetFiles(Folder, $"{point}.*").Length < processes; waited++)
        {
            if (ended() is { } why)
            {
                throw new InvalidOperationException($"a process ended before reaching {point}: {why}");
            }

            if (waited >= 1200)
            {
                throw new TimeoutException($"only {Directory.GetFiles(Folder, $"{point}.*").Length} of {processes} processes reached {point} in 2 minutes");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Lets every process waiting at <paramref name="point"/> go on.</summary>
    public Task LetGoAsync(string point) => File.WriteAllTextAsync(Path.Combine(Folder, $"{point}.go"), "");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
