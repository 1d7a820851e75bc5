using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Library;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Library;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests.Markup;

/// <summary>Every main page is valid HTML by the W3C Nu HTML Checker: no errors, with the checker's message on failure.</summary>
public sealed class HtmlValidationTests : IDisposable
{
    private readonly PaperFeedFactory _app = new(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "http://localhost" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_main_page_is_valid_html()
    {
        // Hugging Face days (2026-08-21 has organizations and submitters), an arXiv announcement and a trending list.
        await _app.ImportAsync("2025-03-14", "2026-08-21");
        using (var rss = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml")))
        {
            var announced = ArxivRssParser.Parse(rss).Entries.Where(e => e.AnnounceType == "new" && e.Categories.Contains("cs.CL")).Take(40)
                .Select(e => new FeaturedRecord(e.ToRecord(), new DateOnly(2024, 11, 28), 0, 0)).ToList();
            await _app.StoreAsync(new ParsedListing(announced, []), "arxiv:cs.CL");
        }

        var trending = new PaperRecord("2503.09669", "Silent Branding Attack", "Trending.", ["A. Author"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(trending, new DateOnly(2025, 3, 15), 120, 3)], []), SourceNames.HuggingFaceTrending);
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task GetAsync(string path)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            pages[path] = await response.Content.ReadAsStringAsync();
        }

        // The confirmation page while the subscription is pending, then the pages of the confirmed subscription.
        var (confirm, confirmAsync) = await SubscribeAsync("reader@example.org");
        await GetAsync(confirm);
        var (manage, unsubscribe, mark) = await confirmAsync();

        var paths = new[]
        {
            "/", "/papers/date/2026-08-21", "/papers/week/2026-W34", "/papers/month/2026-08", "/papers/date/2026-08-22",
            "/papers/date/2026-08-21?category=cs.CL", "/papers/2608.19880", "/papers/2503.10480",
            "/search", "/search?q=language+models", "/search?q=zzzzqqq", "/search?q=%22unclosed",
            "/subscribe", "/subscribe/sent", "/subscribe/deleted", "/confirm/not-a-token", manage, unsubscribe, "/manage/abc.def", mark, $"{mark}?done=marked", "/library/abc.def/save/2608.19880",
            "/arxiv/cs.CL", "/arxiv/math.AG", "/trending", "/orgs/google", "/authors/Chengsong%20Huang", "/papers/9999.99999", "/no/such/page",
        };
        foreach (var path in paths)
        {
            await GetAsync(path);
        }

        var errors = await HtmlValidator.ErrorsAsync(pages);

        Assert.True(errors.Count == 0, $"{errors.Count} HTML errors:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public async Task The_checker_reports_an_error_it_is_shown()
    {
        // The check can fail: the markup this issue fixed (aria-label on a div with no role) is reported with its message.
        var errors = await HtmlValidator.ErrorsAsync(new Dictionary<string, string>
        {
            ["broken"] = "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><div aria-label=\"Rank 1\">#1</div></body></html>",
        });

        var error = Assert.Single(errors);
        Assert.StartsWith("broken: line 1: The “aria-label” attribute must not be specified on any “div” element unless", error);
    }

    /// <summary>Subscribes: the confirmation link from the email, and a step that confirms it and gives the manage and unsubscribe links.</summary>
    private async Task<(string ConfirmPath, Func<Task<(string Manage, string Unsubscribe, string Mark)>> Confirm)> SubscribeAsync(string email)
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync(email, "Europe/Berlin", CancellationToken.None);
        }

        // The confirmation is sent in the background (written whole, then moved in place).
        var folder = _app.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        for (var waited = 0; waited < 100 && !(Directory.Exists(folder) && Directory.GetFiles(folder, "*.eml").Length > 0); waited++)
        {
            await Task.Delay(100);
        }

        var mail = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(folder, "*.eml")));
        var confirm = new Uri(MailLinks.Confirm(mail.TextBody ?? ""));
        var token = confirm.Segments[^1];
        return (confirm.PathAndQuery, async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var (_, subscription) = await scope.ServiceProvider.GetRequiredService<SubscriptionService>().ConfirmAsync(token, apply: true, CancellationToken.None);
            var builder = scope.ServiceProvider.GetRequiredService<LinkBuilder>();
            var links = builder.Subscription(subscription!.PublicId);
            // A library of two papers (the preferences page lists it), and a third paper's Save page.
            var db = scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>();
            foreach (var id in new[] { "2608.18580", "2608.20335" })
            {
                var paperId = await db.Papers.Where(p => p.ArxivId == id).Select(p => p.Id).SingleAsync();
                await scope.ServiceProvider.GetRequiredService<LibraryService>().MarkAsync(subscription.Id, paperId, MarkKind.Saved, CancellationToken.None);
            }

            return (links.ManagePath, links.UnsubscribePath, new Uri(builder.Mark(subscription.PublicId, "2608.19880", MarkKind.Saved)).PathAndQuery);
        });
    }
}
