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
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Release()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
