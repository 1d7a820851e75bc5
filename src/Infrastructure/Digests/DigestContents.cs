using Microsoft.EntityFrameworkCore;
using MimeKit;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Library;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Recommendations;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>Composes a planned delivery's email from the papers stored with it, so that every attempt sends the same digest.</summary>
public sealed class DigestContents(PaperFeedDbContext db, MailComposer composer, LinkBuilder links)
{
    /// <summary>The emails for <paramref name="deliveries"/>, each loaded with its subscription, by delivery id: their papers in one read.</summary>
    public async Task<Dictionary<int, MimeMessage>> MessagesAsync(IReadOnlyCollection<Delivery> deliveries, CancellationToken cancellationToken)
    {
        var ids = deliveries.Select(d => d.Id).ToList();
        var papers = (await db.DeliveryPapers.AsNoTracking()
                .Where(dp => ids.Contains(dp.DeliveryId))
                .Join(db.Papers, dp => dp.PaperId, p => p.Id, (dp, p) => new StoredPaper(dp.DeliveryId, dp.Rank, dp.Upvotes, dp.Section, dp.Reason, p.ArxivId, p.Title, p.Authors, p.AiSummary, p.Abstract))
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.DeliveryId);
        return deliveries.ToDictionary(d => d.Id, d => Message(d, [.. papers[d.Id].OrderBy(p => p.Rank)]));
    }

    /// <summary>A paper as stored with a delivery, with what the email shows of it.</summary>
    private sealed record StoredPaper(int DeliveryId, int Rank, int Upvotes, DigestSection Section, string? Reason, string ArxivId, string Title, List<string> Authors, string? AiSummary, string Abstract);

    private MimeMessage Message(Delivery delivery, List<StoredPaper> papers)
    {
        var edition = Edition.Parse(delivery.Edition);
        var subscription = delivery.Subscription;
        var own = links.Subscription(subscription.PublicId);
        return composer.Digest(new DigestContent(
            subscription.Email,
            // Stable across attempts: a mail server or client that sees a retry can tell it is the same message.
            $"digest-{delivery.Id}-{edition.Period.Slug}@{links.BaseUrl.Host}",
            edition.Period.Title,
            edition.IsWeekly,
            [.. papers.Select(p => new DigestPaper(p.Rank, p.ArxivId, p.Title, p.Authors, p.Upvotes, PaperText.Blurb(p.AiSummary, p.Abstract, 300), links.Paper(p.ArxivId),
                p.Section, p.Reason, links.Mark(subscription.PublicId, p.ArxivId, MarkKind.Saved), links.Mark(subscription.PublicId, p.ArxivId, MarkKind.NotForMe)))],
            own.ManageUrl,
            own.UnsubscribeUrl,
            links.Home,
            // The whole list of the day or week, beyond the subscriber's filter.
            links.Absolute(ListKey.HuggingFace.PagePath(edition.Period).TrimStart('/')))
        {
            // Asked for, not there yet: say how it starts.
            Note = subscription.Preferences.Ranking != DigestRanking.Top && !papers.Any(p => p.Section == DigestSection.ForYou)
                ? $"Papers picked for you start once your library has {InterestModel.MinSaved} saved papers: use the “Save” link under a paper you like."
                : null,
        });
    }
}
