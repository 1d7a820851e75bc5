using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>Builds PaperFeed's emails: a real plain-text part and an HTML part with inline CSS, as multipart/alternative.</summary>
public sealed class MailComposer(IOptions<EmailOptions> options)
{
    /// <summary>The look of every message, written into each element's <c>style</c> (mail clients ignore style sheets).</summary>
    public const string Stylesheet = """
        body { margin: 0; padding: 0; background: #f6f7f9; }
        .page { max-width: 640px; margin: 0 auto; padding: 24px 16px; font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2937; line-height: 1.5; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        .intro { color: #4b5563; margin: 0 0 20px; font-size: 14px; }
        .paper { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 14px 16px; margin: 0 0 12px; }
        .title { font-size: 16px; font-weight: bold; margin: 0 0 4px; }
        .title a { color: #111827; text-decoration: none; }
        .authors { color: #4b5563; font-size: 13px; margin: 0 0 6px; }
        .summary { font-size: 14px; margin: 0 0 8px; }
        .links { font-size: 13px; margin: 0; }
        .links a { color: #1d4ed8; margin-right: 12px; }
        .votes { color: #92400e; font-weight: bold; }
        .why { color: #065f46; font-size: 13px; margin: 0 0 6px; }
        .button { display: inline-block; background: #1d4ed8; color: #ffffff; padding: 10px 18px; border-radius: 6px; text-decoration: none; font-weight: bold; }
        .footer { color: #6b7280; font-size: 12px; margin-top: 24px; }
        .footer a { color: #4b5563; }
        """;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <param name="expiresAt">When the link stops working (UTC): a link sent again keeps its first expiry.</param>
    public MimeMessage Confirmation(string to, string confirmUrl, DateTime expiresAt)
    {
        const string subject = "Confirm your PaperFeed subscription";
        var until = expiresAt.ToString("dddd, MMMM d, yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"""
            Hello,

            Someone, hopefully you, asked to receive PaperFeed's digest of trending research papers at this address.
            To confirm, open this link (it works until {until}):

            {confirmUrl}

            If you did not ask for this, ignore this email: without confirmation nothing else is ever sent to you.
            """;
        var html = Page(subject, $"""
            <h1{S("h1")}>Confirm your subscription</h1>
            <p class="intro"{S("intro")}>Someone, hopefully you, asked to receive PaperFeed's digest of trending research papers at this address.</p>
            <p><a class="button"{S("button")} href="{Attr(confirmUrl)}">Confirm my subscription</a></p>
            <p class="summary"{S("summary")}>The link works until {Encode(until)}. If you did not ask for this, ignore this email: without confirmation nothing else is ever sent to you.</p>
            """);
        return Message(to, subject, text, html);
    }

    public MimeMessage AlreadySubscribed(string to, string manageUrl)
    {
        const string subject = "Your PaperFeed subscription";
        var text = $"""
            Hello,

            Someone asked to subscribe this address to PaperFeed, and it is already subscribed.
            To change your preferences or unsubscribe, open:

            {manageUrl}
            """;
        var html = Page(subject, $"""
            <h1{S("h1")}>You are already subscribed</h1>
            <p class="intro"{S("intro")}>Someone asked to subscribe this address to PaperFeed, and it is already subscribed.</p>
            <p><a class="button"{S("button")} href="{Attr(manageUrl)}">Manage my subscription</a></p>
            """);
        return Message(to, subject, text, html);
    }

    public MimeMessage Digest(DigestContent digest)
    {
        var top = digest.Papers[0];
        var subject = $"{digest.PeriodTitle}: {PaperText.Shorten(top.Title, 90)}{(digest.Papers.Count > 1 ? $" and {digest.Papers.Count - 1} more" : "")}";
        var kind = digest.Weekly ? "weekly" : "daily";

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"PaperFeed {kind} digest: {digest.PeriodTitle}");
        text.AppendLine(CultureInfo.InvariantCulture, $"The {digest.Papers.Count} top paper{(digest.Papers.Count == 1 ? "" : "s")} that match your preferences.");
        if (digest.Note is { } note)
        {
            text.AppendLine(note);
        }

        text.AppendLine();
        foreach (var (paper, index) in digest.Papers.Select((p, i) => (p, i)))
        {
            if (Heading(digest, index) is { } heading)
            {
                text.AppendLine(heading).AppendLine();
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{paper.Rank}. {paper.Title}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   {Authors(paper.Authors)} · {paper.Upvotes} upvote{(paper.Upvotes == 1 ? "" : "s")}");
            if (paper.Reason is { } reason)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   Why: {reason}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"   {paper.Summary}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   Paper: {paper.PageUrl}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   arXiv: {ArxivId.AbstractUrl(paper.ArxivId)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   PDF:   {ArxivId.PdfUrl(paper.ArxivId)}");
            if (paper.SaveUrl is { } save && paper.NotForMeUrl is { } notForMe)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   Save to your library: {save}");
                text.AppendLine(CultureInfo.InvariantCulture, $"   Not for me: {notForMe}");
            }
            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"The whole {(digest.Weekly ? "week's" : "day's")} list: {digest.ListUrl}");
        text.AppendLine();
        text.AppendLine("--");
        text.AppendLine(CultureInfo.InvariantCulture, $"Change your preferences: {digest.ManageUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Unsubscribe: {digest.UnsubscribeUrl}");

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1{S("h1")}>{Encode(digest.PeriodTitle)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"intro\"{S("intro")}>Your PaperFeed {kind} digest: the {digest.Papers.Count} top paper{(digest.Papers.Count == 1 ? "" : "s")} that match your preferences.</p>");
        if (digest.Note is { } htmlNote)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"intro\"{S("intro")}>{Encode(htmlNote)}</p>");
        }

        foreach (var (paper, index) in digest.Papers.Select((p, i) => (p, i)))
        {
            if (Heading(digest, index) is { } heading)
            {
                body.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(heading)}</h2>");
            }

            body.Append(CultureInfo.InvariantCulture, $"""
                <div class="paper"{S("paper")}>
                <p class="title"{S("title")}>{paper.Rank}. <a{S("title a")} href="{Attr(paper.PageUrl)}">{Encode(paper.Title)}</a></p>
                <p class="authors"{S("authors")}>{Encode(Authors(paper.Authors))} · <span class="votes"{S("votes")}>▲ {paper.Upvotes}</span></p>
                {(paper.Reason is { } why ? $"<p class=\"why\"{S("why")}>{Encode(why)}</p>" : "")}
                <p class="summary"{S("summary")}>{Encode(paper.Summary)}</p>
                <p class="links"{S("links")}><a{S("links a")} href="{Attr(paper.PageUrl)}">Paper page</a><a{S("links a")} href="{Attr(ArxivId.AbstractUrl(paper.ArxivId).ToString())}">arXiv</a><a{S("links a")} href="{Attr(ArxivId.PdfUrl(paper.ArxivId).ToString())}">PDF</a>{(paper.SaveUrl is { } saveUrl && paper.NotForMeUrl is { } notUrl ? $"<a{S("links a")} href=\"{Attr(saveUrl)}\">Save</a><a{S("links a")} href=\"{Attr(notUrl)}\">Not for me</a>" : "")}</p>
                </div>
                """);
        }

        body.Append(CultureInfo.InvariantCulture, $"""<p><a class="button"{S("button")} href="{Attr(digest.ListUrl)}">See the whole {(digest.Weekly ? "week's" : "day's")} list</a></p>""");
        body.Append(CultureInfo.InvariantCulture, $"""
            <p class="footer"{S("footer")}>You get this email because you subscribed at <a{S("footer a")} href="{Attr(digest.HomeUrl)}">PaperFeed</a> and confirmed it.
            <a{S("footer a")} href="{Attr(digest.ManageUrl)}">Change your preferences</a> · <a{S("footer a")} href="{Attr(digest.UnsubscribeUrl)}">Unsubscribe</a></p>
            """);

        var message = Message(digest.To, subject, text.ToString(), Page(subject, body.ToString()));
        message.MessageId = digest.MessageId;
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button and POST "List-Unsubscribe=One-Click" to the link.
        message.Headers.Add("List-Unsubscribe", $"<{digest.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"PaperFeed {kind} digest <{kind}.{new Uri(digest.HomeUrl).Host}>");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    /// <summary>
    /// The heading before the paper at <paramref name="index"/> when a digest has more than the top by upvotes: one
    /// before the first paper of each section ("From authors you follow", "Picked for you", then the top papers).
    /// </summary>
    private static string? Heading(DigestContent digest, int index)
    {
        var section = digest.Papers[index].Section;
        if (digest.Papers.All(p => p.Section == DigestSection.Top) || (index > 0 && digest.Papers[index - 1].Section == section))
        {
            return null;
        }

        return section switch
        {
            DigestSection.Followed => "From authors you follow",
            DigestSection.ForYou => "Picked for you",
            _ => digest.Papers.Any(p => p.Section == DigestSection.ForYou) ? "Top by upvotes" : "Top papers for you",
        };
    }

    private MimeMessage Message(string to, string subject, string text, string html)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = DateTimeOffset.UtcNow;
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = text },
            new TextPart("html") { Text = html },
        };
        message.Body = alternative;
        return message;
    }

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)}</title></head>
        <body{S("body")}><div class="page"{S("page")}>{body}</div></body></html>
        """;

    /// <summary>
    /// The inline style of each styled element of our mail, by <see cref="Stylesheet"/>'s selector ("title a" for a link
    /// in a paper's title). Mail clients ignore style sheets, so every element carries its own; the styles are worked
    /// out once, by PreMailer on a specimen holding one element of each, not once per message: inlining each digest
    /// cost about 2.6 ms, a sixth of a digest run's CPU (docs/PERFORMANCE.md).
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Styles = new(() =>
    {
        const string specimen = """
            <body id="body"><div class="page" id="page"><h1 id="h1">x</h1><p class="intro" id="intro">x</p>
            <div class="paper" id="paper"><p class="title" id="title"><a id="title a" href="#">x</a></p>
            <p class="authors" id="authors"><span class="votes" id="votes">x</span></p><p class="why" id="why">x</p>
            <p class="summary" id="summary">x</p><p class="links" id="links"><a id="links a" href="#">x</a></p></div>
            <p><a class="button" id="button" href="#">x</a></p><p class="footer" id="footer"><a id="footer a" href="#">x</a></p></div></body>
            """;
        var inlined = PreMailer.Net.PreMailer.MoveCssInline($"<html><head><style>{Stylesheet}</style></head>{specimen}</html>", removeStyleElements: true).Html;
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(inlined);
        return document.All.Where(e => e.Id is not null && e.GetAttribute("style") is { Length: > 0 })
            .ToDictionary(e => e.Id!, e => e.GetAttribute("style")!, StringComparer.Ordinal);
    });

    /// <summary>The <c>style</c> attribute of the element <paramref name="selector"/> names, with its leading space.</summary>
    private static string S(string selector) =>
        Styles.Value.TryGetValue(selector, out var style) ? $" style=\"{Attr(style)}\"" : "";

    private static string Authors(IReadOnlyList<string> authors) =>
        authors.Count <= 3 ? string.Join(", ", authors) : $"{string.Join(", ", authors.Take(3))} and {authors.Count - 3} more";

    private static string Encode(string text) => Html.Encode(text);

    private static string Attr(string url) => Html.Encode(url);
}
