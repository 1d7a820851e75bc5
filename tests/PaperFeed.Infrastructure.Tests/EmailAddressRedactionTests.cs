using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Addresses in what gets logged: mail servers quote the recipient in their errors.</summary>
public sealed class EmailAddressRedactionTests
{
    [Theory]
    [InlineData("SMTP 550: 5.1.1 <jane.doe@example.org>: Recipient address rejected", "SMTP 550: 5.1.1 <j***@example.org>: Recipient address rejected")]
    [InlineData("550 No such user bounce@example.org", "550 No such user b***@example.org")]
    [InlineData("to=John+tag@Mail.Example.co.uk, from=papers@example.org", "to=J***@Mail.Example.co.uk, from=p***@example.org")]
    [InlineData("cannot connect to SMTP server 127.0.0.1:25: Connection refused", "cannot connect to SMTP server 127.0.0.1:25: Connection refused")]
    public void Every_address_in_a_server_error_is_redacted(string error, string logged) =>
        Assert.Equal(logged, EmailAddresses.RedactAll(error));
}
