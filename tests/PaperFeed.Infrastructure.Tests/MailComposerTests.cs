using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Infrastructure.Tests;

public sealed class MailComposerTests
{
    private static readonly MailComposer Composer = new(Options.Create(new EmailOptions()));
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void Every_element_of_a_digest_carries_the_style_the_stylesheet_gives_it()
    {
        DigestPaper Paper(int rank, DigestSection section, string? reason) =>
            new(rank, $"2608.0000{rank}", $"Paper {rank} <b>&</b>", ["Ada Lovelace", "Alan Turing"], 10 - rank, "A summary.", $"https://papers.example.org/papers/2608.0000{rank}",
                section, reason, $"https://papers.example.org/library/t/save/2608.0000{rank}", $"https://papers.example.org/library/t/not-for-me/2608.0000{rank}");
        var digest = Composer.Digest(new DigestContent(
            "reader@example.org", "digest-1@papers.example.org", "Friday, August 21, 2026", false,
            [Paper(1, DigestSection.Followed, null), Paper(2, DigestSection.ForYou, "Like “A saved paper” in your library"), Paper(3, DigestSection.Top, null)],
            "https://papers.example.org/manage/t", "https://papers.example.org/unsubscribe/t", "https://papers.example.org/", "https://papers.example.org/papers/date/2026-08-21")
        {
            Note = "A note.",
        });

        AssertStyledAsThePremailerWould(digest.HtmlBody);
        Assert.Contains("<h2>Picked for you</h2>", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Paper 1 &lt;b&gt;&amp;&lt;/b&gt;", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_notices_are_styled_alike()
    {
        AssertStyledAsThePremailerWould(Composer.Confirmation("reader@example.org", "https://papers.example.org/confirm/t", new DateTime(2026, 12, 14, 0, 0, 0, DateTimeKind.Utc)).HtmlBody);
        AssertStyledAsThePremailerWould(Composer.AlreadySubscribed("reader@example.org", "https://papers.example.org/manage/t").HtmlBody);
    }

    /// <summary>
    /// The message's inline styles equal what PreMailer makes of the same markup with the stylesheet in its head (the
    /// way every message was styled before the styles were worked out once): element by element, in document order.
    /// </summary>
    private static void AssertStyledAsThePremailerWould(string? html)
    {
        Assert.NotNull(html);
        var ours = Parser.ParseDocument(html);
        var bare = Parser.ParseDocument(html);
        foreach (var element in bare.All)
        {
            element.RemoveAttribute("style");
        }

        var sheet = bare.CreateElement("style");
        sheet.TextContent = MailComposer.Stylesheet;
        bare.Head!.AppendChild(sheet);
        var oracle = Parser.ParseDocument(PreMailer.Net.PreMailer.MoveCssInline(bare.DocumentElement.OuterHtml, removeStyleElements: true).Html);

        static List<string> Styles(IDocument document) => [.. document.Body!.QuerySelectorAll("*").Prepend(document.Body).Select(e => $"{e.LocalName}.{e.ClassName}: {e.GetAttribute("style")}")];
        Assert.Equal(Styles(oracle), Styles(ours));
        Assert.Contains(Styles(ours), s => s.StartsWith("div.paper: background", StringComparison.Ordinal) || s.StartsWith("h1.: font-size", StringComparison.Ordinal));
        Assert.Empty(ours.QuerySelectorAll("style"));
    }
}
