using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// The key behind manage and unsubscribe links: <c>App:SecretKey</c> (base64, at least 32 bytes) when set, else a
/// random key created once in the data directory (<c>secret.key</c>). Losing it invalidates links in sent emails.
/// </summary>
public static class SecretKey
{
    public const string FileName = "secret.key";

    public const int MinimumBytes = 32;

    public static byte[] Load(IConfiguration configuration, DataPaths paths)
    {
        var configured = configuration["App:SecretKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Decode(configured) ?? throw new InvalidOperationException($"App:SecretKey must be at least {MinimumBytes} bytes, base64-encoded.");
        }

        var path = Path.Combine(paths.DataDirectory, FileName);
        if (File.Exists(path))
        {
            return ReadFile(path);
        }

        paths.EnsureDataDirectory();
        var key = RandomNumberGenerator.GetBytes(MinimumBytes);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // own name: the app and a command may start at once
        // Readable by this user only from the moment it exists (not chmod-ed after the key is in it).
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            file.Write(Convert.ToBase64String(key));
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            // Another process created it first: use theirs.
            File.Delete(temporary);
            return ReadFile(path);
        }

        return key;
    }

    /// <summary>
    /// The problem with the key file in <paramref name="dataDirectory"/>, or null when there is none or it holds a key
    /// (checked before the start, so that a damaged file stops it with one line).
    /// </summary>
    public static string? FileProblem(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) && Decode(File.ReadAllText(path).Trim()) is null
            ? $"{path} is not a base64 key of at least {MinimumBytes} bytes (damaged or edited). Restore it from a backup; " +
              "or delete it, and a new key is made, but every manage, unsubscribe and feed link in mails already sent stops working"
            : null;
    }

    private static byte[] ReadFile(string path) =>
        Decode(File.ReadAllText(path).Trim()) ?? throw new InvalidOperationException(FileProblem(Path.GetDirectoryName(path)!));

    /// <summary>Whether <paramref name="base64"/> is a usable key: base64 of at least <see cref="MinimumBytes"/> bytes.</summary>
    public static bool IsKey(string base64) => Decode(base64) is not null;

    private static byte[]? Decode(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var length) && length >= MinimumBytes ? bytes[..length] : null;
    }
}
