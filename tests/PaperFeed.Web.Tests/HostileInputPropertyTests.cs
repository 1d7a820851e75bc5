using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Tests;

/// <summary>
/// Random hostile text (FsCheck) in every form field, query parameter and path segment a visitor can send: digits of
/// other scripts, control characters, lone surrogates and bytes that are no UTF-8, right-to-left marks, header
/// injections, query syntax, very long strings. Whatever arrives, the answer is never a 5xx, and no mail header carries
/// anything of it.
/// </summary>
public sealed class HostileInputPropertyTests : IAsyncLifetime
{
    /// <summary>Cases per address: each is one request with fresh text in every slot of the address.</summary>
    private const int Cases = 60;

    /// <summary>Pieces that have broken web apps; a value is a random run of them (raw text, percent-encoded on the way).</summary>
    private static readonly string[] Pieces =
    [
        "٣", "३", "３", "⁵", "0", "2025", "-", "W", "13", "99999999999999999999", "-1", "1e9",
        "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\t", "\r\n", "\n", "\u2028",
        "\u202e", "\u200f", "\u200b", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "😀", "ﷺ", "Ǆ", "ß", "İ",
        "%", "%00", "%ZZ", "%ff", "+", "&", "=", "#", "?", "/", "\\", "../", "..%2F", ";", ",", ":", "@", "'", "\"", "`",
        "<script>alert(1)</script>", "<b>", "&amp;", "{", "}", "[", "]", "(", ")", "*", "~", "^", "!",
        "Bcc: x@example.org", "Subject: hi", "a@example.org", "a@b", "@", "mailto:", "javascript:",
        "NOT", "OR", "AND", "title:", "authors:", "\"language models\"", "transform*", "*", "?", "~2",
        "cs.CL", "cs.XX", "astro-ph", "2025-03-14", "2025-W11", "2025-03", "2405.15738", "astro-ph/0601001", "v2",
        " ", "  ", "x", "language", "models",
    ];

    private static readonly Gen<string> Hostile = Gen.Frequency(
        (12, Gen.Elements(Pieces).ListOf().Select(p => string.Concat(p))),
        (1, Gen.Elements(Pieces).Select(p => string.Concat(Enumerable.Repeat(p, 3_000)))));

    private readonly PaperFeedFactory _app = new(new Dictionary<string, string?>
    {
        // The limits would answer 429 after a few requests; this run is about what the handlers do.
        ["Api:RequestsPerMinute"] = "1000000",
        ["Api:PageRequestsPerMinute"] = "1000000",
        ["Api:SubscribeRequestsPerHour"] = "1000000",
        ["Api:SubscribeMailsPerHour"] = "1000000",
    }, realServer: true); // Kestrel parses what arrives, as for a visitor (the in-memory test server refuses some of it itself)

    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app.StartServer();
        await _app.ImportAsync("2025-03-14");
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _app.ClientOptions.BaseAddress };
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    // One parameter at a time, the others valid, so that the text reaches the handler's depths (a hostile filter
    // beside it would be refused first)...
    [InlineData("/search?q={0}")]
    [InlineData("/search?q=model&min_upvotes={0}")]
    [InlineData("/search?q=model&from={0}&to={0}")]
    [InlineData("/search?q=model&category={0}")]
    [InlineData("/search?q=model&page={0}")]
    [InlineData("/papers/date/2025-03-14?sort={0}")]
    [InlineData("/papers/date/2025-03-14?category={0}")]
    [InlineData("/papers/date/2025-03-14?page={0}")]
    [InlineData("/api/daily_papers?date={0}")]
    [InlineData("/api/daily_papers?week={0}")]
    [InlineData("/api/daily_papers?month={0}")]
    [InlineData("/api/daily_papers?date=2025-03-14&sort={0}")]
    [InlineData("/api/daily_papers?date=2025-03-14&p={0}&limit={0}")]
    [InlineData("/api/daily_papers?date=2025-03-14&submitter={0}")]
    [InlineData("/api/papers/search?q={0}")]
    [InlineData("/api/papers/search?q=model&limit={0}")]
    [InlineData("/feeds/search.atom?q={0}")]
    [InlineData("/feeds/search.rss?q=model&min_upvotes={0}&category={0}")]
    // ...and all of them at once.
    [InlineData("/search?q={0}&min_upvotes={1}&from={2}&to={3}&category={4}&page={5}")]
    [InlineData("/papers/date/{0}?sort={1}&category={2}&page={3}")]
    [InlineData("/papers/week/{0}?page={1}")]
    [InlineData("/papers/month/{0}")]
    [InlineData("/papers/{0}")]
    [InlineData("/papers/{0}.md")]
    [InlineData("/arxiv/{0}/date/{1}")]
    [InlineData("/orgs/{0}?page={1}")]
    [InlineData("/api/daily_papers?date={0}&week={1}&month={2}&sort={3}&p={4}&limit={5}&submitter={6}")]
    [InlineData("/api/papers/search?q={0}&limit={1}")]
    [InlineData("/api/papers/{0}")]
    [InlineData("/feeds/search.atom?q={0}&min_upvotes={1}&category={2}")]
    [InlineData("/feeds/orgs/{0}.rss")]
    [InlineData("/confirm/{0}")]
    [InlineData("/manage/{0}?done={1}")]
    [InlineData("/unsubscribe/{0}")]
    [InlineData("/feeds/personal/{0}/papers.atom")]
    [InlineData("/library/{0}/save/{1}")]
    [InlineData("/library/{0}/not-for-me/{1}?done={2}")]
    [InlineData("/library/{0}/papers.bib")]
    [InlineData("/library/{0}/papers.csv")]
    [InlineData("/feeds/library/{0}/papers.rss")]
    [InlineData("/manage/{0}?library={1}")]
    [InlineData("/{0}")]
    public void No_address_answers_a_server_error_whatever_its_parameters_hold(string template)
    {
        var slots = template.Split('{').Skip(1).Select(part => part[0]).Distinct().Count();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(Hostile.ArrayOf(slots).ToArbitrary(), values =>
        {
            var address = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, [.. values.Select(Encode)]);
            var status = Status(HttpMethod.Get, address, null);
            return Prop.Label(status < 500, $"{status} for GET {address}");
        }));
    }

    [Fact]
    public async Task No_form_answers_a_server_error_and_no_mail_header_carries_what_was_typed()
    {
        var manage = await _app.ConfirmedManagePathAsync("reader@example.org");
        // The client keeps the form's antiforgery cookie; the token goes with every post.
        var page = PaperFeedFactory.Html.ParseDocument(await _client.GetStringAsync(manage));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var count = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases * 2), Prop.ForAll(Hostile.ArrayOf(9).ToArbitrary(), v =>
        {
            // A valid address every time (so that mail is written); then a local part of the hostile text, with a
            // time zone of it; then an address field of nothing but that text.
            var plain = Status(HttpMethod.Post, "/subscribe", Form(("email", $"case{++count}@example.org"), ("timezone", "Europe/Berlin")));
            var subscribe = Status(HttpMethod.Post, "/subscribe", Form(("email", v[0] + "@example.org"), ("timezone", v[1])));
            var typed = Status(HttpMethod.Post, "/subscribe", Form(("email", v[2]), ("timezone", v[3])));
            var saved = Status(HttpMethod.Post, $"{manage}?handler=Save", Form(
                ("__RequestVerificationToken", token), ("Input.Frequency", v[4]), ("Input.WeeklyDay", v[5]), ("Input.DeliveryHour", v[6]),
                ("Input.TimeZone", v[7]), ("Input.MaxPapers", v[8]), ("Input.MinUpvotes", v[0]), ("Input.IncludeKeywords", v[1]),
                ("Input.ExcludeKeywords", v[2]), ("Input.FollowedAuthors", v[3]), ("Input.Ranking", v[4])));
            return Prop.Label(plain < 400 && subscribe < 500 && typed < 500 && saved < 500, $"subscribe {plain}, {subscribe}, typed address {typed}, preferences {saved}: {string.Join(" | ", v)}");
        }));

        // Every notice those requests asked for is written (the app's background sender, and this one), and each mail
        // has only the app's own headers, with one recipient that is a plain address and a subject of the app's.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubscriptionNotices>().SendDueAsync(CancellationToken.None);
        }

        var folder = _app.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        var messages = Directory.EnumerateFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        Assert.True(messages.Count >= Cases * 2, $"{messages.Count} messages");
        string[] allowed = ["From", "Date", "Subject", "Message-Id", "To", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted", "Precedence", "X-Auto-Response-Suppress"];
        foreach (var message in messages)
        {
            Assert.All(message.Headers, h => Assert.Contains(h.Field, allowed, StringComparer.OrdinalIgnoreCase));
            Assert.All(message.Headers, h => Assert.DoesNotMatch("[\\u0000-\\u0008\\u000a-\\u001f]", h.Value)); // Value is unfolded: no line of its own
            var to = Assert.Single(message.To.Mailboxes);
            Assert.DoesNotMatch("[\\s\\p{C},;<>]", to.Address); // one plain address: what the form accepted, nothing more
            Assert.Empty(message.Cc);
            Assert.Empty(message.Bcc);
            Assert.Contains(message.Subject, new[] { "Confirm your PaperFeed subscription", "Your PaperFeed subscription" });
        }
    }

    /// <summary>Percent-encodes text as UTF-8, and a lone surrogate as the bytes a careless client would send.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        foreach (var rune in Split(text))
        {
            builder.Append(rune is { } r ? Uri.EscapeDataString(r.ToString()) : "%ED%A0%80");
        }

        return builder.ToString();
    }

    private static IEnumerable<Rune?> Split(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                yield return rune;
                i += rune.Utf16SequenceLength;
            }
            else
            {
                yield return null;
                i++;
            }
        }
    }

    private static HttpContent Form(params (string Name, string Value)[] fields) =>
        new StringContent(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Encode(f.Value)}")), Encoding.ASCII, "application/x-www-form-urlencoded");

    /// <summary>One request, waited for: FsCheck's properties are synchronous.</summary>
    private int Status(HttpMethod method, string address, HttpContent? body)
    {
        using var request = new HttpRequestMessage(method, address) { Content = body };
        using var response = _client.SendAsync(request).GetAwaiter().GetResult();
        return (int)response.StatusCode;
    }
}
