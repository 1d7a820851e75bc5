using MimeKit;

namespace PaperFeed.Testing;

/// <summary>The messages an app without a mail server wrote to its pickup folder, read as a person would read them.</summary>
public static class PickupFiles
{
    /// <summary>Each .eml file in <paramref name="folder"/> (full path) with the one address it is to.</summary>
    public static Dictionary<string, string> ByFile(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*.eml").ToDictionary(path => path, path =>
        {
            using var message = MimeMessage.Load(path);
            return message.To.Mailboxes.Single().Address;
        })
        : [];

    /// <summary>The files once <paramref name="count"/> are there (the app writes them in the background); throws when they do not come.</summary>
    public static async Task<Dictionary<string, string>> WaitForAsync(string folder, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (ByFile(folder) is var files && files.Count < count)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"expected {count} messages in {folder} within 15 s, found {files.Count}");
            }

            await Task.Delay(20);
        }

        return ByFile(folder);
    }
}
