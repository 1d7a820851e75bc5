namespace PaperFeed.Web.Commands;

/// <summary>Reports on the caller's thread, so progress lines come out in order (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
