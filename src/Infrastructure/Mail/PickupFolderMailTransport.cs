using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>
/// The embedded default: each message becomes an .eml file in the pickup folder, so the app runs with no mail server.
/// The files hold addresses and personal links, so they are kept only <see cref="EmailOptions.PickupRetentionDays"/>
/// and go with "delete all my data".
/// </summary>
public sealed class PickupFolderMailTransport(IOptions<EmailOptions> options, DataPaths paths, TimeProvider clock, ILogger<PickupFolderMailTransport> logger) : IMailTransport
{
    public string Folder => Path.GetFullPath(options.Value.PickupDirectory, paths.DataDirectory);

    /// <summary>Deletes the messages written more than <see cref="EmailOptions.PickupRetentionDays"/> ago; returns how many.</summary>
    public int DeleteExpired()
    {
        var days = options.Value.PickupRetentionDays;
        var before = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(days);
        var deleted = Delete(file => file.LastWriteTimeUtc < before);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} messages older than {Days} days from {Folder}", deleted, days, Folder);
        }

        return deleted;
    }

    /// <summary>Deletes the messages to <paramref name="address"/>, whatever their age; returns how many.</summary>
    public int DeleteAddressedTo(string address) => Delete(file => ToAddresses(file).Contains(address, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the folder holds any message.</summary>
    public bool HasMessages() => Directory.Exists(Folder) && Directory.EnumerateFiles(Folder, "*.eml").Any();

    /// <summary>Deletes the messages to none of <paramref name="known"/>; returns how many.</summary>
    public int DeleteAddressedToNoneOf(IReadOnlySet<string> known) => Delete(file => !ToAddresses(file).Any(known.Contains));

    private static List<string> ToAddresses(FileInfo file)
    {
        using var message = MimeMessage.Load(file.FullName);
        return [.. message.To.Mailboxes.Select(m => m.Address)];
    }

    private int Delete(Func<FileInfo, bool> which)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles("*.eml"))
        {
            try
            {
                if (which(file))
                {
                    file.Delete();
                    deleted++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone meanwhile (another process of this data directory deleted it), or not a message: the rest goes on.
                logger.LogWarning("Could not read or delete {Path}: {Error}", file.FullName, e.Message);
            }
        }

        return deleted;
    }

    private void Written(MimeMessage message, string path) =>
        logger.LogInformation("No SMTP host configured: wrote {Subject} to {Path}", message.Subject, path);

    public Task<IMailBatch> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailBatch>(new Batch(this));
    }

    private sealed class Batch(PickupFolderMailTransport transport) : IMailBatch
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml";
            var path = Path.Combine(transport.Folder, name);
            var temporary = path + ".tmp";
            try
            {
                await message.WriteToAsync(temporary, cancellationToken);
                File.Move(temporary, path);
            }
            catch
            {
                // A full disk or a stop halfway: the part written holds an address and links, and no retention would
                // ever delete it (it is no .eml file).
                File.Delete(temporary);
                throw;
            }

            transport.Written(message, path);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
