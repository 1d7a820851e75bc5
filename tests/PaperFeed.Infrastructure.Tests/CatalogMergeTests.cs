using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Two sources report the same paper: one paper, fields merged by precedence.</summary>
public sealed class CatalogMergeTests
{
    // An arXiv API answer for a paper Hugging Face also listed, written in the current Atom format (no capture of
    // this exact paper exists; the structure follows the recorded 2026 responses).
    private const string ArxivAnswer = """
        <?xml version='1.0' encoding='UTF-8'?>
        <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
          <title>arXiv Query: id_list=2503.10480v2</title>
          <opensearch:totalResults>1</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex><opensearch:itemsPerPage>1</opensearch:itemsPerPage>
          <entry>
            <id>http://arxiv.org/abs/2503.10480v2</id>
            <title>World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task
          Planning</title>
            <updated>2025-03-20T10:00:00Z</updated>
            <summary>Recent advances in large vision-language models (LVLMs) have shown promise for embodied task planning (revised).</summary>
            <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
            <published>2025-03-13T15:49:56Z</published>
            <arxiv:comment>Project page: https://example.org/d2po</arxiv:comment>
            <arxiv:primary_category term="cs.CV"/>
            <arxiv:journal_ref>Proceedings of an example venue (2025)</arxiv:journal_ref>
            <arxiv:doi>10.0000/example.2503.10480</arxiv:doi>
            <author><name>Siyin Wang</name></author>
            <author><name>Zhaoye Fei</name></author>
          </entry>
        </feed>
        """;

    [Fact]
    public async Task Arxiv_and_hugging_face_reports_of_one_paper_make_one_paper_with_merged_fields()
    {
        await using var host = await TestHost.StartAsync();
        var hf = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2025-03-14.json"), new DateOnly(2025, 3, 14));
        await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, hf));
        var arxiv = ArxivAtomParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(ArxivAnswer)));

        await host.InScopeAsync(sp => sp.GetRequiredService<CatalogWriter>().StorePapersAsync([.. arxiv.Entries.Select(e => e.ToRecord())], CancellationToken.None));
        // Hugging Face again, later: its counts move, the bibliographic fields stay arXiv's.
        await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, hf));

        var papers = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.Include(p => p.Featured).Where(p => p.ArxivId == "2503.10480").ToListAsync());
        var paper = Assert.Single(papers);
        Assert.Equal("World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task Planning", paper.Title);
        Assert.Equal("Recent advances in large vision-language models (LVLMs) have shown promise for embodied task planning (revised).", paper.Abstract);
        Assert.Equal(["Siyin Wang", "Zhaoye Fei"], paper.Authors);
        Assert.Equal(["cs.CV", "cs.AI"], paper.Categories);
        Assert.Equal(("cs.CV", "10.0000/example.2503.10480", "Proceedings of an example venue (2025)"), (paper.PrimaryCategory, paper.Doi, paper.JournalRef));
        Assert.True(paper.HasArxivBibliography);
        // Hugging Face's own fields and counts are untouched by arXiv.
        var featured = Assert.Single(paper.Featured);
        Assert.Equal((SourceNames.HuggingFace, 24), (featured.Source, featured.Upvotes));
        Assert.Equal(26, await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.CountAsync()));
    }
}
