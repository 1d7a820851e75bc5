using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>Sends through an SMTP server with MailKit, one connection per batch.</summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public async Task<IMailBatch> OpenAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var client = new TrackingSmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            // Our own socket with Nagle's algorithm off: MailKit's own connect stalls ~40 ms per message on delayed ACKs.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(smtp.Timeout);
                await socket.ConnectAsync(smtp.Host!, smtp.Port, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, smtp.Host!, smtp.Port, smtp.EffectiveSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            return new Batch(client);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException or SmtpProtocolException or SmtpCommandException or AuthenticationException or SslHandshakeException or NotSupportedException)
        {
            client.Dispose();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            // MailKit says NotSupported when StartTls is required and the server (or something in between) does not offer it.
            var hint = e is NotSupportedException && smtp.EffectiveSecurity == SecureSocketOptions.StartTls
                ? $" (Email:Smtp:Security is {smtp.EffectiveSecurity}{(smtp.Security is null ? " by default" : "")}: nothing is sent unencrypted; set it to None only for a relay on this machine or a network you trust)"
                : "";
            throw new MailDeliveryException($"cannot connect to SMTP server {smtp.Host}:{smtp.Port}: {e.Message}{hint}", permanent: false, connectionLost: true, e);
        }
    }

    /// <summary>MailKit's client, noting whether the server accepted a recipient of the message being sent.</summary>
    private sealed class TrackingSmtpClient : SmtpClient
    {
        public bool RecipientAccepted { get; set; }

        protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            RecipientAccepted = true;
            base.OnRecipientAccepted(message, mailbox, response);
        }
    }

    private sealed class Batch(TrackingSmtpClient client) : IMailBatch
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            client.RecipientAccepted = false;
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException e)
            {
                // 5xx on the recipient: that address does not take mail. 5xx elsewhere (sender, data) is our side's
                // problem, not the recipient's: retry later rather than suppress the address.
                var permanent = (int)e.StatusCode >= 500 && e.ErrorCode == SmtpErrorCode.RecipientNotAccepted;
                throw new MailDeliveryException($"SMTP {(int)e.StatusCode}: {e.Message}", permanent, connectionLost: !client.IsConnected, e);
            }
            catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or TimeoutException or ServiceNotConnectedException)
            {
                // Once the server took the recipient, the message may be on its way (the connection can die, or the
                // server stop answering within Email:Smtp:Timeout, after the final "." and before the "250"): a retry
                // could deliver it twice. Before that, nothing was delivered. Either way this connection is done.
                if (e is TimeoutException && client.IsConnected)
                {
                    await client.DisconnectAsync(quit: false, CancellationToken.None);
                }

                throw client.RecipientAccepted
                    ? new MailDeliveryException($"connection lost while the message was being sent; the server may have it: {e.Message}", permanent: false, connectionLost: true, e, ambiguous: true)
                    : new MailDeliveryException($"connection lost: {e.Message}", permanent: false, connectionLost: true, e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException or SmtpCommandException)
            {
                // The batch is done; a failed QUIT changes nothing that was sent.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
