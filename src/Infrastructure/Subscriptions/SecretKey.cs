using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// The key behind manage and unsubscribe links: <c>App:SecretKey</c> (base64, at least 32 bytes) when set, else a
/// random key created once in the data directory (<c>secret.key</c>). Losing it invalidates links in sent emails.
/// </summary>
public static class SecretKey
{
    public static byte[] Load(IConfiguration configuration, DataPaths paths)
    {
        var configured = configuration["App:SecretKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("App:SecretKey must be at least 32 bytes, base64-encoded.");
        }

        var path = Path.Combine(paths.DataDirectory, "secret.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(paths.DataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // own name: the app and a command may start at once
        File.WriteAllText(temporary, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            // Another process created it first: use theirs.
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        return key;
    }
}
