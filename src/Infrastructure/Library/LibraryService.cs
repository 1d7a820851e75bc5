using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Library;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Library;

/// <summary>
/// A subscriber's library: the papers they saved from a digest or their feed, and those they marked "not for me";
/// both train their "for you" ranking. One mark per paper: marking it again replaces the mark.
/// </summary>
public sealed class LibraryService(PaperFeedDbContext db, TimeProvider clock, ILogger<LibraryService> logger)
{
    /// <summary>How many saved papers the preferences page lists at a time.</summary>
    public const int PageSize = 25;

    /// <summary>The paper with <paramref name="arxivId"/> and the subscriber's mark on it, or null when the catalog has no such paper.</summary>
    public async Task<(Paper Paper, MarkKind? Mark)?> FindAsync(int subscriptionId, string arxivId, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking().FirstOrDefaultAsync(p => p.ArxivId == arxivId, cancellationToken);
        if (paper is null)
        {
            return null;
        }

        var mark = await db.PaperMarks.Where(m => m.SubscriptionId == subscriptionId && m.PaperId == paper.Id).Select(m => (MarkKind?)m.Kind).FirstOrDefaultAsync(cancellationToken);
        return (paper, mark);
    }

    /// <summary>Marks the paper (one statement, so two clicks at once leave one mark: the later one).</summary>
    public async Task MarkAsync(int subscriptionId, int paperId, MarkKind kind, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PaperMarks" ("SubscriptionId", "PaperId", "Kind", "MarkedAt") VALUES ({subscriptionId}, {paperId}, {(int)kind}, {now})
            ON CONFLICT ("SubscriptionId", "PaperId") DO UPDATE SET "Kind" = excluded."Kind", "MarkedAt" = excluded."MarkedAt"
            """, cancellationToken);
        logger.LogInformation("Subscription {SubscriptionId} marked paper {PaperId} {Kind}", subscriptionId, paperId, kind);
    }

    /// <summary>Takes the mark off the paper (it leaves the library, or may be sent again). Idempotent.</summary>
    public async Task UnmarkAsync(int subscriptionId, int paperId, CancellationToken cancellationToken)
    {
        var removed = await db.PaperMarks.Where(m => m.SubscriptionId == subscriptionId && m.PaperId == paperId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Subscription {SubscriptionId} took the mark off paper {PaperId}", subscriptionId, paperId);
        }
    }

    /// <summary>How many papers the subscriber has saved and marked "not for me".</summary>
    public async Task<(int Saved, int NotForMe)> CountsAsync(int subscriptionId, CancellationToken cancellationToken)
    {
        var counts = await db.PaperMarks.Where(m => m.SubscriptionId == subscriptionId).GroupBy(m => m.Kind)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return (counts.FirstOrDefault(c => c.Key == MarkKind.Saved)?.Count ?? 0, counts.FirstOrDefault(c => c.Key == MarkKind.NotForMe)?.Count ?? 0);
    }

    /// <summary>Saved papers, newest first; <paramref name="take"/> null for all of them (the exports).</summary>
    public async Task<IReadOnlyList<SavedPaper>> SavedAsync(int subscriptionId, int skip, int? take, CancellationToken cancellationToken)
    {
        var query = db.PaperMarks.AsNoTracking()
            .Where(m => m.SubscriptionId == subscriptionId && m.Kind == MarkKind.Saved)
            .OrderByDescending(m => m.MarkedAt).ThenByDescending(m => m.PaperId)
            .Join(db.Papers, m => m.PaperId, p => p.Id, (m, p) => new { Paper = p, m.MarkedAt })
            .Skip(skip);
        var rows = await (take is { } t ? query.Take(t) : query).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SavedPaper(r.Paper, DateTime.SpecifyKind(r.MarkedAt, DateTimeKind.Utc)))];
    }

    /// <summary>Every saved paper as one BibTeX file; entries whose keys clash get a, b, c… added.</summary>
    public static string BibTeX(IReadOnlyList<SavedPaper> papers)
    {
        var text = new StringBuilder();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            var key = BibTex.Key(paper.Paper);
            var entry = BibTex.Write(paper.Paper);
            var seen = used.GetValueOrDefault(key);
            used[key] = seen + 1;
            if (seen > 0)
            {
                var unique = key + (char)('a' + Math.Min(seen, 25) - 1) + (seen > 26 ? seen.ToString(CultureInfo.InvariantCulture) : "");
                entry = ReplaceFirst(entry, "{" + key + ",", "{" + unique + ",");
            }

            text.Append(entry).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Every saved paper as CSV (RFC 4180, a header row). A cell that a spreadsheet would run as a formula (starting
    /// with =, +, -, @, tab or return) is written with a leading apostrophe: titles come from upstream sources.
    /// </summary>
    public static string Csv(IReadOnlyList<SavedPaper> papers, Func<string, string> pageUrl)
    {
        var text = new StringBuilder("arxiv_id,title,authors,published,saved_at,arxiv_url,paper_url\r\n");
        foreach (var (paper, savedAt) in papers)
        {
            string[] cells =
            [
                paper.ArxivId,
                paper.Title,
                string.Join("; ", paper.Authors),
                paper.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                savedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ArxivId.AbstractUrl(paper.ArxivId).ToString(),
                pageUrl(paper.ArxivId),
            ];
            text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
