using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Double opt-in over a real SMTP conversation.</summary>
public sealed class SubscriptionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Subscribing_sends_one_confirmation_with_a_token_stored_only_as_a_hash()
    {
        await using var context = await DigestTestContext.StartAsync(Now);

        var outcome = await SubscribeAsync(context, "new@example.org", "Europe/Berlin");

        Assert.Equal(SubscribeOutcome.ConfirmationSent, outcome);
        var message = Assert.Single(context.Smtp.To("new@example.org")).Message;
        Assert.Equal("Confirm your PaperFeed subscription", message.Subject);
        Assert.Null(message.Headers["List-Unsubscribe"]);
        var token = ConfirmToken(message);
        var subscription = await context.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Email == "new@example.org"));
        Assert.Equal(SubscriptionStatus.Pending, subscription.Status);
        Assert.Equal("Europe/Berlin", subscription.Preferences.TimeZone);
        Assert.Equal(SubscriptionTokens.HashToken(token), subscription.ConfirmationTokenHash);
        Assert.Equal(Now.UtcDateTime.AddDays(7), subscription.ConfirmationExpiresAt);
        var stored = await context.QueryAsync(db => db.Database.SqlQueryRaw<string>("""SELECT "ConfirmationTokenHash" AS "Value" FROM "Subscriptions" """).ToListAsync());
        Assert.DoesNotContain(token, string.Join(' ', stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_requests_send_at_most_one_email_per_ten_minutes()
    {
        await using var context = await DigestTestContext.StartAsync(Now);

        await SubscribeAsync(context, "eager@example.org");
        Assert.Equal(SubscribeOutcome.RateLimited, await SubscribeAsync(context, "eager@example.org"));
        context.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SubscribeOutcome.RateLimited, await SubscribeAsync(context, "eager@example.org"));
        Assert.Single(context.Smtp.To("eager@example.org"));

        context.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SubscribeOutcome.ConfirmationSent, await SubscribeAsync(context, "eager@example.org"));
        var messages = context.Smtp.To("eager@example.org");
        Assert.Equal(2, messages.Count);

        // The newer link replaces the older one.
        var (oldOutcome, _) = await ConfirmAsync(context, ConfirmToken(messages[0].Message));
        Assert.Equal(ConfirmOutcome.Unknown, oldOutcome);
        var (newOutcome, _) = await ConfirmAsync(context, ConfirmToken(messages[1].Message));
        Assert.Equal(ConfirmOutcome.Confirmed, newOutcome);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_address_send_one_email()
    {
        await using var context = await DigestTestContext.StartAsync(Now);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubscribeAsync(context, "twice@example.org")));

        Assert.Single(context.Smtp.To("twice@example.org"));
        Assert.Equal(1, outcomes.Count(o => o == SubscribeOutcome.ConfirmationSent));
        Assert.Equal(1, await context.QueryAsync(db => db.Subscriptions.CountAsync(s => s.Email == "twice@example.org")));
    }

    [Fact]
    public async Task Confirming_activates_and_an_expired_link_does_not()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await SubscribeAsync(context, "late@example.org");
        await SubscribeAsync(context, "ontime@example.org");
        var late = ConfirmToken(context.Smtp.To("late@example.org")[0].Message);
        var onTime = ConfirmToken(context.Smtp.To("ontime@example.org")[0].Message);

        context.Clock.Advance(TimeSpan.FromDays(6));
        var (confirmed, subscription) = await ConfirmAsync(context, onTime);
        Assert.Equal(ConfirmOutcome.Confirmed, confirmed);
        Assert.Equal(SubscriptionStatus.Active, subscription!.Status);
        Assert.Equal(context.Clock.GetUtcNow().UtcDateTime, subscription.ConfirmedAt);
        Assert.StartsWith("double opt-in", subscription.ConsentMethod);
        Assert.Equal(ConfirmOutcome.Unknown, (await ConfirmAsync(context, onTime)).Outcome); // a confirmation link works once
        Assert.Null(subscription.ConfirmationTokenHash);

        context.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(ConfirmOutcome.Expired, (await ConfirmAsync(context, late)).Outcome);
        Assert.Equal(SubscriptionStatus.Pending, (await context.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Email == "late@example.org"))).Status);
    }

    [Fact]
    public async Task An_unconfirmed_address_never_gets_a_digest()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await context.ImportAsync("2026-08-21");
        await SubscribeAsync(context, "pending@example.org");

        var report = await context.RunAsync(now: true);

        Assert.Empty(report.Planned);
        Assert.Single(context.Smtp.To("pending@example.org")); // the confirmation only
    }

    [Fact]
    public async Task A_subscribed_address_gets_its_manage_link_instead_of_a_second_confirmation()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await SubscribeAsync(context, "member@example.org");
        await ConfirmAsync(context, ConfirmToken(context.Smtp.To("member@example.org")[0].Message));
        context.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(SubscribeOutcome.AlreadySubscribedNoticeSent, await SubscribeAsync(context, "member@example.org"));

        var notice = context.Smtp.To("member@example.org")[1].Message;
        Assert.Equal("Your PaperFeed subscription", notice.Subject);
        Assert.Matches(@"https://papers\.example\.org/manage/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}", notice.TextBody);
    }

    [Fact]
    public async Task When_the_mail_server_is_down_the_person_can_try_again_at_once()
    {
        var port = Ports.Free();
        await using var context = await DigestTestContext.StartAsync(Now, smtpPort: port);

        await Assert.ThrowsAsync<MailDeliveryException>(() => SubscribeAsync(context, "unlucky@example.org"));

        await using var server = TestSmtpServer.Start(port);
        Assert.Equal(SubscribeOutcome.ConfirmationSent, await SubscribeAsync(context, "unlucky@example.org"));
        Assert.Single(server.To("unlucky@example.org"));
    }

    private static Task<SubscribeOutcome> SubscribeAsync(DigestTestContext context, string email, string? timeZone = null) =>
        context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().SubscribeAsync(email, timeZone, CancellationToken.None));

    private static Task<(ConfirmOutcome Outcome, Subscription? Subscription)> ConfirmAsync(DigestTestContext context, string token) =>
        context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().ConfirmAsync(token, apply: true, CancellationToken.None));

    private static string ConfirmToken(MimeKit.MimeMessage message) =>
        Regex.Match(message.TextBody!, @"https://papers\.example\.org/confirm/([A-Za-z0-9_-]+)").Groups[1].Value;
}
