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

        var outcome = await RequestAsync(context, "new@example.org", "Europe/Berlin");
        Assert.Equal(SubscribeOutcome.NoticeRequested, outcome);
        Assert.Equal(0, context.Smtp.Connections); // the request itself sends nothing
        Assert.Equal([NoticeOutcome.ConfirmationSent], await SendDueAsync(context));

        var message = Assert.Single(context.Smtp.To("new@example.org")).Message;
        Assert.Equal("Confirm your PaperFeed subscription", message.Subject);
        Assert.Null(message.Headers["List-Unsubscribe"]);
        var token = ConfirmToken(message);
        var subscription = await context.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Email == "new@example.org"));
        Assert.Equal(SubscriptionStatus.Pending, subscription.Status);
        Assert.Equal("Europe/Berlin", subscription.Preferences.TimeZone);
        Assert.Equal(SubscriptionTokens.HashToken(token), subscription.ConfirmationTokenHash);
        Assert.Equal(Now.UtcDateTime.AddDays(7), subscription.ConfirmationExpiresAt);
        // Not in any column of any table of the catalog (the hash is only the hash).
        var everything = await context.QueryAsync(AllValuesAsync);
        Assert.Contains(SubscriptionTokens.HashToken(token), everything);
        Assert.DoesNotContain(everything, value => value.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repeated_requests_send_at_most_one_email_per_ten_minutes()
    {
        await using var context = await DigestTestContext.StartAsync(Now);

        Assert.Equal(SubscribeOutcome.NoticeRequested, await RequestAsync(context, "eager@example.org"));
        Assert.Equal(SubscribeOutcome.RateLimited, await RequestAsync(context, "eager@example.org")); // due, not sent yet
        Assert.Equal([NoticeOutcome.ConfirmationSent], await SendDueAsync(context));
        Assert.Equal(SubscribeOutcome.RateLimited, await RequestAsync(context, "eager@example.org"));
        context.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SubscribeOutcome.RateLimited, await RequestAsync(context, "eager@example.org"));
        Assert.Empty(await SendDueAsync(context));
        Assert.Single(context.Smtp.To("eager@example.org"));

        context.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SubscribeOutcome.NoticeRequested, await SubscribeAsync(context, "eager@example.org"));
        Assert.Equal(2, context.Smtp.To("eager@example.org").Count);
    }

    [Fact]
    public async Task A_request_again_while_the_link_is_pending_sends_the_same_link_and_after_it_expired_a_new_one()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await SubscribeAsync(context, "again@example.org");
        await SubscribeAsync(context, "late@example.org");

        // Six days on, someone subscribes the address again: the same link, and the first email's still confirms.
        context.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(SubscribeOutcome.NoticeRequested, await SubscribeAsync(context, "again@example.org"));
        var again = context.Smtp.To("again@example.org");
        Assert.Equal(2, again.Count);
        var token = ConfirmToken(again[0].Message);
        Assert.Equal(token, ConfirmToken(again[1].Message));
        Assert.All(again, m => Assert.Contains("(it works until Saturday, August 29, 2026, 09:00 UTC)", m.Message.TextBody));
        Assert.Equal(SubscriptionTokens.HashToken(token), (await SubscriptionAsync(context, "again@example.org")).ConfirmationTokenHash);
        Assert.DoesNotContain(await context.QueryAsync(AllValuesAsync), value => value.Contains(token, StringComparison.Ordinal));
        Assert.Equal(ConfirmOutcome.Confirmed, (await ConfirmAsync(context, token)).Outcome);

        // Once the link expired, a request gets a new one, valid for 7 days; the old one is forgotten.
        context.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(SubscribeOutcome.NoticeRequested, await SubscribeAsync(context, "late@example.org"));
        var late = context.Smtp.To("late@example.org");
        Assert.Equal(2, late.Count);
        var (expired, renewed) = (ConfirmToken(late[0].Message), ConfirmToken(late[1].Message));
        Assert.NotEqual(expired, renewed);
        Assert.Contains("(it works until Saturday, September 5, 2026, 09:01 UTC)", late[1].Message.TextBody);
        Assert.Equal(ConfirmOutcome.Unknown, (await ConfirmAsync(context, expired)).Outcome);
        Assert.Equal(ConfirmOutcome.Confirmed, (await ConfirmAsync(context, renewed)).Outcome);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_address_send_one_email()
    {
        await using var context = await DigestTestContext.StartAsync(Now);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RequestAsync(context, "twice@example.org")));
        // Two senders at once, as two processes would: the claim lets one of them send.
        var sent = await Task.WhenAll(SendDueAsync(context), SendDueAsync(context));

        Assert.Single(context.Smtp.To("twice@example.org"));
        Assert.Equal(1, outcomes.Count(o => o == SubscribeOutcome.NoticeRequested));
        Assert.Equal([NoticeOutcome.ConfirmationSent], sent.SelectMany(s => s));
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

        Assert.Equal(SubscribeOutcome.NoticeRequested, await RequestAsync(context, "member@example.org"));
        Assert.Equal([NoticeOutcome.AlreadySubscribedNoticeSent], await SendDueAsync(context));

        var notice = context.Smtp.To("member@example.org")[1].Message;
        Assert.Equal("Your PaperFeed subscription", notice.Subject);
        Assert.Matches(@"https://papers\.example\.org/manage/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}", notice.TextBody);
    }

    [Fact]
    public async Task When_the_mail_server_is_down_the_notice_waits_and_is_tried_again_after_1_2_4_and_8_minutes()
    {
        using var refused = Ports.Refused();
        var port = refused.Port;
        await using var context = await DigestTestContext.StartAsync(Now, smtpPort: port);

        Assert.Equal(SubscribeOutcome.NoticeRequested, await RequestAsync(context, "unlucky@example.org"));
        Assert.Equal([NoticeOutcome.WillRetry], await SendDueAsync(context));
        foreach (var wait in new[] { 1, 2, 4 })
        {
            context.Clock.Advance(TimeSpan.FromMinutes(wait) - TimeSpan.FromSeconds(1));
            Assert.Empty(await SendDueAsync(context)); // not due yet
            context.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal([NoticeOutcome.WillRetry], await SendDueAsync(context));
        }

        Assert.Equal(4, (await SubscriptionAsync(context, "unlucky@example.org")).NoticeAttempts);
        Assert.Equal(SubscribeOutcome.RateLimited, await RequestAsync(context, "unlucky@example.org")); // it is still due

        refused.Dispose();
        await using var server = TestSmtpServer.Start(port);
        context.Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal([NoticeOutcome.ConfirmationSent], await SendDueAsync(context));
        var message = Assert.Single(server.To("unlucky@example.org")).Message;
        Assert.Equal(ConfirmOutcome.Confirmed, (await ConfirmAsync(context, ConfirmToken(message))).Outcome);
    }

    [Fact]
    public async Task After_five_failed_attempts_the_notice_is_dropped_and_the_person_can_ask_again_at_once()
    {
        using var refused = Ports.Refused();
        var port = refused.Port;
        await using var context = await DigestTestContext.StartAsync(Now, smtpPort: port);
        await RequestAsync(context, "unlucky@example.org");

        var outcomes = new List<NoticeOutcome>();
        for (var attempt = 1; attempt <= SubscriptionNotices.MaxAttempts; attempt++)
        {
            outcomes.AddRange(await SendDueAsync(context));
            context.Clock.Advance(SubscriptionNotices.Backoff(attempt));
        }

        Assert.Equal([NoticeOutcome.WillRetry, NoticeOutcome.WillRetry, NoticeOutcome.WillRetry, NoticeOutcome.WillRetry, NoticeOutcome.GaveUp], outcomes);
        var dropped = await SubscriptionAsync(context, "unlucky@example.org");
        Assert.Null(dropped.NoticeDueAt);
        Assert.Null(dropped.LastNoticeSentAt);
        Assert.Equal(SubscribeOutcome.NoticeRequested, await RequestAsync(context, "unlucky@example.org"));
    }

    [Fact]
    public async Task A_claim_left_by_a_sender_that_stopped_is_taken_over_after_five_minutes_and_not_before()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await RequestAsync(context, "orphan@example.org");
        var claimedAt = Now.UtcDateTime;
        await context.QueryAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.NoticeClaimedAt, claimedAt)));

        context.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await SendDueAsync(context));
        context.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal([NoticeOutcome.ConfirmationSent], await SendDueAsync(context));
        Assert.Single(context.Smtp.To("orphan@example.org"));
    }

    [Fact]
    public async Task A_suppressed_address_gets_nothing_and_a_refused_recipient_is_not_retried()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        context.Smtp.Reject("bounce@example.org", "550 5.1.1 No such user bounce@example.org");
        await RequestAsync(context, "bounce@example.org");
        await RequestAsync(context, "quiet@example.org");
        await context.QueryAsync(db => db.Subscriptions.Where(s => s.Email == "quiet@example.org").ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Suppressed)));

        Assert.Equal([NoticeOutcome.Dropped, NoticeOutcome.Dropped], await SendDueAsync(context));
        Assert.Equal(SubscribeOutcome.Suppressed, await RequestAsync(context, "quiet@example.org"));
        context.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await SendDueAsync(context));
        Assert.Empty(context.Smtp.Messages);
    }

    [Fact]
    public async Task Never_confirmed_requests_are_deleted_30_days_after_their_link_expired_and_nothing_else_is()
    {
        await using var context = await DigestTestContext.StartAsync(Now);
        await SubscribeAsync(context, "forgot@example.org");
        await SubscribeAsync(context, "member@example.org");
        await ConfirmAsync(context, ConfirmToken(context.Smtp.To("member@example.org")[0].Message));
        context.Clock.Advance(TimeSpan.FromDays(10));
        await SubscribeAsync(context, "later@example.org");

        context.Clock.Advance(TimeSpan.FromDays(27) - TimeSpan.FromMinutes(1)); // forgot@: 7 + 30 days less a minute
        Assert.Equal(0, await PurgeAsync(context));
        context.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await PurgeAsync(context));

        Assert.Equal(["later@example.org", "member@example.org"], await context.QueryAsync(db => db.Subscriptions.Select(s => s.Email).OrderBy(e => e).ToListAsync()));
    }

    private static Task<int> PurgeAsync(DigestTestContext context) =>
        context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().PurgeUnconfirmedAsync(CancellationToken.None));

    /// <summary>Every value of every column of every table the model maps, as text.</summary>
    private static async Task<List<string>> AllValuesAsync(PaperFeed.Infrastructure.Data.PaperFeedDbContext db)
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        Assert.NotEmpty(values);
        return values;
    }

    /// <summary>A subscribe request, and the sending it asks for.</summary>
    private static async Task<SubscribeOutcome> SubscribeAsync(DigestTestContext context, string email, string? timeZone = null)
    {
        var outcome = await RequestAsync(context, email, timeZone);
        await SendDueAsync(context);
        return outcome;
    }

    private static Task<SubscribeOutcome> RequestAsync(DigestTestContext context, string email, string? timeZone = null) =>
        context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().SubscribeAsync(email, timeZone, CancellationToken.None));

    private static async Task<IReadOnlyList<NoticeOutcome>> SendDueAsync(DigestTestContext context) =>
        [.. (await context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionNotices>().SendDueAsync(CancellationToken.None))).Select(r => r.Outcome)];

    private static Task<Subscription> SubscriptionAsync(DigestTestContext context, string email) =>
        context.QueryAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Email == email));

    private static Task<(ConfirmOutcome Outcome, Subscription? Subscription)> ConfirmAsync(DigestTestContext context, string token) =>
        context.Host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().ConfirmAsync(token, apply: true, CancellationToken.None));

    private static string ConfirmToken(MimeKit.MimeMessage message)
    {
        var link = new Uri(MailLinks.Confirm(message.TextBody!));
        Assert.Equal("https://papers.example.org", link.GetLeftPart(UriPartial.Authority));
        return link.Segments[^1];
    }
}
