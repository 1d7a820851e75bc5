using System.Runtime.CompilerServices;

namespace PaperFeed.Testing;

/// <summary>
/// Settings of the test process itself, made when this assembly loads: before any app host is built, since every test
/// host starts from <see cref="TestHost"/> (the web tests' factory takes its data directory from it).
/// </summary>
internal static class TestProcessSetup
{
    /// <summary>
    /// Every app host watches its configuration and web root for changes, each watcher one inotify instance, and a
    /// host's watchers outlive it until finalization: over a few hundred hosts the test process ran into Linux's
    /// default limit of 128 instances per user (fs.inotify.max_user_instances), and CI failed with "The configured user
    /// limit (128) on the number of inotify instances has been reached". Polling watchers use no instances; tests never
    /// edit the files they would watch. Processes the tests start inherit it.
    /// </summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any host is built, in every test runner.")]
    public static void Initialize() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "1");
}
