using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// arXiv's new-listing pages end to end: pages built from real recorded entries (not captured pages; see
/// tests/testdata/BUILT-PAGES.md) served by a real HTTP listener on 127.0.0.1, stored in a real, migrated SQLite file
/// through the same path as the RSS feed.
/// </summary>
public sealed class ArxivListingIngestionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 11, 28, 9, 30, 0, TimeSpan.Zero));
    private RecordedUpstream _upstream = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        var upstream = _upstream.BaseAddress.ToString().TrimEnd('/');
        _host = await TestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Sources:Arxiv:ListingBaseUrl"] = upstream, ["Sources:Arxiv:RssBaseUrl"] = upstream },
            clock: _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task An_arxiv_listing_fills_the_same_list_as_the_rss_feed_and_replacements_only_refresh_papers()
    {
        _upstream.ServeHtml("/list/cs.CL/new", "arxiv-listing/cs.CL-new-2024-11-28.html");
        _upstream.ServeFile("/rss/cs.CL", Fixtures.Bytes("arxiv-rss/2024-11-28_all-archives.rss.xml"), "application/rss+xml");
        await StoreKnownAsync("2403.14427"); // a replacement of a paper the catalog has; the page's other replacements it has not

        var fromPage = await IngestListingAsync("cs.CL");

        Assert.Equal(new StoredDay("arxiv:cs.CL", new DateOnly(2024, 11, 28), 52, 52, 0), Assert.Single(fromPage)); // 42 new + 10 cross-lists
        Assert.Equal("/list/cs.CL/new?skip=0&show=2000", _upstream.Requests[^1]);
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            Assert.Equal(53, await db.Papers.CountAsync()); // the 52 announced and the known one: unknown replacements are not added
            var replaced = await db.Papers.Include(p => p.Featured).SingleAsync(p => p.ArxivId == "2403.14427");
            Assert.Equal([SourceNames.HuggingFace], replaced.Featured.Select(f => f.Source)); // on no arXiv list
            Assert.True(replaced.HasArxivBibliography);
            Assert.Equal("Language Development Research 5(1), 116-143 (2024)", replaced.JournalRef);
            var state = await db.SourceStates.SingleAsync(s => s.Source == "arxiv:cs.CL");
            Assert.Equal(("2024-11-28", 102), (state.Cursor, state.ItemsSeen));
        });

        // The RSS feed of the same announcement adds its other items to the same list of the same day, and nothing twice.
        await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<ArxivRssSource>(), new SourceQuery.Categories(["cs.CL"])));
        Assert.Equal(935, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync(f => f.Source == "arxiv:cs.CL" && f.Date == new DateOnly(2024, 11, 28))));
    }

    [Fact]
    public async Task A_listing_of_replacements_only_announces_nothing_and_refreshes_the_old_style_paper()
    {
        _upstream.ServeHtml("/list/cond-mat.str-el/new", "arxiv-listing/cond-mat.str-el-new-2006-11-08.html");
        await StoreKnownAsync("cond-mat/0607501");

        Assert.Empty(await IngestListingAsync("cond-mat.str-el"));

        var paper = await _host.QueryAsync(db => db.Papers.Include(p => p.Featured).SingleAsync(p => p.ArxivId == "cond-mat/0607501"));
        Assert.Equal([SourceNames.HuggingFace], paper.Featured.Select(f => f.Source));
        Assert.Equal(["cond-mat.str-el"], paper.Categories);
        Assert.Equal("Phys. Rev. B 74, 214517 (2006)", paper.JournalRef);
        Assert.Equal("no announcement", await _host.QueryAsync(db => db.SourceStates.Where(s => s.Source == "arxiv:cond-mat.str-el").Select(s => s.Cursor).SingleAsync()));
    }

    [Fact]
    public async Task Names_with_non_ascii_letters_survive_a_page_served_without_a_charset()
    {
        _upstream.ServeFile("/list/cs.SE/new", Fixtures.Bytes("arxiv-listing/cs.SE-new-2024-05-23.html"), "text/html");

        var stored = await IngestListingAsync("cs.SE");

        Assert.Equal((new DateOnly(2024, 5, 23), 1), (Assert.Single(stored).Day, stored[0].Entries));
        var paper = await _host.QueryAsync(db => db.Papers.SingleAsync(p => p.ArxivId == "2405.13786"));
        Assert.Equal(["Aurora Ramírez", "Mario Berrios", "José Raúl Romero", "Robert Feldt"], paper.Authors);
    }

    [Fact]
    public async Task A_day_without_updates_is_a_success_with_nothing_stored()
    {
        _upstream.ServeHtml("/list/cs.CL/new", "arxiv-listing/cs.CL-new-no-updates.html");

        Assert.Empty(await IngestListingAsync("cs.CL"));

        var state = await _host.QueryAsync(db => db.SourceStates.SingleAsync(s => s.Source == "arxiv:cs.CL"));
        Assert.Equal(("no announcement", false), (state.Cursor, state.IsFailing));
    }

    [Fact]
    public async Task An_arxiv_listing_whose_structure_changed_is_a_clear_error_and_leaves_the_stored_list_intact()
    {
        _upstream.ServeHtml("/list/cs.CL/new", "arxiv-listing/cs.CL-new-2024-11-28.html");
        await IngestListingAsync("cs.CL");
        var changed = File.ReadAllText(Fixtures.Path("arxiv-listing/cs.CL-new-2024-11-28.html")).Replace("<dl", "<ol", StringComparison.Ordinal).Replace("</dl>", "</ol>", StringComparison.Ordinal);
        _upstream.ServeFile("/list/cs.CL/new", Encoding.UTF8.GetBytes(changed), "text/html; charset=utf-8");
        _clock.Advance(TimeSpan.FromDays(1));

        var error = await Assert.ThrowsAsync<SourceException>(() => IngestListingAsync("cs.CL"));

        Assert.Equal($"arxiv:cs.CL: unreadable response from {_upstream.BaseAddress}list/cs.CL/new?skip=0&show=2000: arXiv listing has no <dl> of papers", error.Describe());
        Assert.Equal(52, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync(f => f.Source == "arxiv:cs.CL")));
        Assert.True((await _host.QueryAsync(db => db.SourceStates.SingleAsync(s => s.Source == "arxiv:cs.CL"))).IsFailing);
    }


    private Task<IReadOnlyList<StoredDay>> IngestListingAsync(string category) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<ArxivListingSource>(), new SourceQuery.Categories([category])));

    /// <summary>A paper another source brought before (as Hugging Face would), with none of arXiv's data.</summary>
    private Task StoreKnownAsync(string arxivId) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing([new FeaturedRecord(new PaperRecord(arxivId, "Known paper", "Known.", ["A. Author"], null), new DateOnly(2024, 11, 1), 1, 0)], [])));

}
