namespace PaperFeed.Infrastructure.Search;

/// <summary>Whether this process owns the search index: it holds the exclusive lock on <c>search-index.lock</c>.</summary>
/// <remarks>
/// Lucene's own write lock does not exclude other processes on Linux, so the owner holds this file open unshared; the
/// operating system lets go of it when the process ends, however it ends. Not thread-safe: the index calls it under
/// its own lock.
/// </remarks>
internal sealed class SearchIndexOwnership(string lockPath)
{
    private FileStream? _lock;

    public bool IsHeld => _lock is not null;

    /// <summary>Takes the lock unless another process holds it: true when this process holds it (already or now).</summary>
    public bool TryAcquire()
    {
        if (_lock is not null)
        {
            return true;
        }

        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            WriteHolder();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Which process holds the lock, as it wrote when it took it ("process 1234: PaperFeed.Web search rebuild, since
    /// 10:20:01 UTC"), so that a refused operator learns what to stop or wait for; null when it is not known.
    /// </summary>
    public string? Holder()
    {
        try
        {
            return File.Exists(HolderPath) ? File.ReadAllText(HolderPath).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether the holder is an operator's <c>search rebuild</c> rather than the app.</summary>
    public bool HeldByRebuild() => Holder()?.Contains(" search rebuild", StringComparison.Ordinal) == true;

    private string HolderPath => lockPath + ".owner";

    private void WriteHolder()
    {
        var command = string.Join(' ', Environment.GetCommandLineArgs().Select(Path.GetFileNameWithoutExtension).Take(1).Concat(Environment.GetCommandLineArgs().Skip(1)));
        try
        {
            File.WriteAllText(HolderPath, $"process {Environment.ProcessId}: {command}, since {DateTime.UtcNow:HH:mm:ss} UTC");
        }
        catch (IOException)
        {
            // Only a help for a refused operator: the lock itself is what excludes other processes.
        }
    }

    public void Release()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
