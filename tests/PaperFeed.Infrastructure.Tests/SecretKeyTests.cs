using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>The key that signs personal links, kept in the data directory on SQLite.</summary>
public sealed class SecretKeyTests : IDisposable
{
    private readonly string _root = TestHost.NewDataDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix permissions; the suite runs on Linux
    public void A_new_key_and_a_new_data_directory_are_for_this_user_only_and_the_key_is_kept()
    {
        var paths = Paths(Path.Combine(_root, "new-data"));

        var key = SecretKey.Load(new ConfigurationBuilder().Build(), paths);

        Assert.Equal(SecretKey.MinimumBytes, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(paths.DataDirectory));
        var file = Path.Combine(paths.DataDirectory, SecretKey.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(key, SecretKey.Load(new ConfigurationBuilder().Build(), paths));
        Assert.Equal([SecretKey.FileName], Directory.GetFiles(paths.DataDirectory).Select(Path.GetFileName)); // no temporary left
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")] // "short": valid base64, 5 bytes
    [InlineData("not base64 at all!")]
    public void A_damaged_key_file_is_refused_with_what_to_do_never_replaced(string content)
    {
        var paths = Paths(_root);
        var file = Path.Combine(_root, SecretKey.FileName);
        File.WriteAllText(file, content);

        var problem = SecretKey.FileProblem(_root);
        var error = Assert.Throws<InvalidOperationException>(() => SecretKey.Load(new ConfigurationBuilder().Build(), paths));

        Assert.Equal($"{file} is not a base64 key of at least 32 bytes (damaged or edited). Restore it from a backup; or delete it, and a new key is made, but every manage, unsubscribe and feed link in mails already sent stops working", problem);
        Assert.Equal(problem, error.Message);
        Assert.Equal(content, File.ReadAllText(file));
    }

    private static DataPaths Paths(string dataDirectory) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = dataDirectory }).Build(),
        new HostingEnvironment { ContentRootPath = dataDirectory });
}
