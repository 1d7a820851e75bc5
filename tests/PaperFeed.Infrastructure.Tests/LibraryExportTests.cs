using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Library;

namespace PaperFeed.Infrastructure.Tests;

public sealed class LibraryExportTests
{
    private static readonly DateTime SavedAt = new(2026, 12, 7, 6, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void The_csv_quotes_what_needs_it_and_defuses_cells_a_spreadsheet_would_run()
    {
        SavedPaper[] papers =
        [
            new(new Paper { ArxivId = "2608.00001", Title = "=HYPERLINK(\"http://evil.example\",\"click\")", Authors = ["-2+3", "Smith, J."] }, SavedAt),
            new(new Paper { ArxivId = "2608.00002", Title = "Line one\nline \"two\"", Authors = ["@admin"], PublishedAt = new DateTime(2026, 8, 20) }, SavedAt),
        ];

        var lines = LibraryService.Csv(papers, id => $"https://papers.example.org/papers/{id}").Split("\r\n");

        Assert.Equal("arxiv_id,title,authors,published,saved_at,arxiv_url,paper_url", lines[0]);
        Assert.Equal("2608.00001,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"'-2+3; Smith, J.\",,2026-12-07T06:30:00Z,https://arxiv.org/abs/2608.00001,https://papers.example.org/papers/2608.00001", lines[1]);
        Assert.Equal("2608.00002,\"Line one\nline \"\"two\"\"\",'@admin,2026-08-20,2026-12-07T06:30:00Z,https://arxiv.org/abs/2608.00002,https://papers.example.org/papers/2608.00002", lines[2]);
        Assert.Equal([""], lines[3..]);
    }

    [Fact]
    public void Entries_whose_keys_clash_get_a_letter_each()
    {
        var a = new Paper { ArxivId = "2608.00001", Title = "Attention models", Authors = ["Ada Vaswani"], PublishedAt = new DateTime(2026, 1, 1) };
        var b = new Paper { ArxivId = "2608.00002", Title = "Attention again", Authors = ["Ada Vaswani"], PublishedAt = new DateTime(2026, 2, 1) };
        var c = new Paper { ArxivId = "2608.00003", Title = "Attention, third", Authors = ["Ada Vaswani"], PublishedAt = new DateTime(2026, 3, 1) };

        var bib = LibraryService.BibTeX([new(a, SavedAt), new(b, SavedAt), new(c, SavedAt)]);

        Assert.Equal(["vaswani2026attention", "vaswani2026attentiona", "vaswani2026attentionb"],
            System.Text.RegularExpressions.Regex.Matches(bib, @"@misc\{([^,]+),").Select(m => m.Groups[1].Value));
    }
}
