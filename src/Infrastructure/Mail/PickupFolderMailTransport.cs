using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>The embedded default: each message becomes an .eml file in the pickup folder, so the app runs with no mail server.</summary>
public sealed class PickupFolderMailTransport(IOptions<EmailOptions> options, DataPaths paths, ILogger<PickupFolderMailTransport> logger) : IMailTransport
{
    public string Folder => Path.GetFullPath(options.Value.PickupDirectory, paths.DataDirectory);

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
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path);
            transport.Written(message, path);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
