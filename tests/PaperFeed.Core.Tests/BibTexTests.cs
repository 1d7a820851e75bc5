using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Tests;

public sealed class BibTexTests
{
    [Fact]
    public void A_paper_with_everything_arxiv_knows_is_an_e_print_entry_with_its_doi_and_journal()
    {
        var paper = new Paper
        {
            ArxivId = "1706.03762",
            Title = "Attention Is All You Need",
            Authors = ["Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"],
            PublishedAt = new DateTime(2017, 6, 12, 17, 57, 34, DateTimeKind.Utc),
            Categories = ["cs.CL", "cs.LG"],
            PrimaryCategory = "cs.CL",
            Doi = "10.5555/3295222.3295349",
            JournalRef = "Advances in Neural Information Processing Systems 30 (2017)",
        };

        Assert.Equal(
            """
            @misc{vaswani2017attention,
              title         = {{Attention Is All You Need}},
              author        = {Ashish Vaswani and Noam Shazeer and Łukasz Kaiser},
              year          = {2017},
              eprint        = {1706.03762},
              archivePrefix = {arXiv},
              primaryClass  = {cs.CL},
              doi           = {10.5555/3295222.3295349},
              journal       = {Advances in Neural Information Processing Systems 30 (2017)},
              url           = {https://arxiv.org/abs/1706.03762},
            }

            """.ReplaceLineEndings("\n"),
            BibTex.Write(paper));
    }

    [Fact]
    public void Latex_s_special_characters_are_literal_so_no_title_opens_a_group_or_a_command()
    {
        var paper = new Paper { ArxivId = "2501.00001", Title = @"100% of {GPUs} & $x_1^2$ \emph #1 ~ok}", Authors = ["A. Author"] };

        var title = BibTex.Write(paper).Split('\n')[1];

        Assert.Equal(@"  title         = {{100\% of \{GPUs\} \& \$x\_1\textasciicircum{}2\$ \textbackslash{}emph \#1 \textasciitilde{}ok\}}},", title);
        Assert.Equal(title.Count(c => c == '{') - Escaped(title, '{'), title.Count(c => c == '}') - Escaped(title, '}'));
    }

    [Theory]
    [InlineData("Jürgen Müller", "Über große Modelle", "2501.00001", "muller2025uber")]
    [InlineData("Ada Lovelace", "On LLMs", "2501.00001", "lovelace2025llms")]
    [InlineData(null, "A Paper", "2501.00001", "arxiv2501_00001")]
    [InlineData("Old Timer", "Strings and branes", "hep-th/9901001", "timer1999strings")]
    public void The_key_is_the_first_author_s_family_name_the_year_and_the_title_s_first_long_word_in_ascii(string? author, string title, string id, string key)
    {
        var paper = new Paper { ArxivId = id, Title = title, Authors = author is null ? [] : [author] };

        Assert.Equal(key, BibTex.Key(paper));
        Assert.StartsWith($"@misc{{{key},", BibTex.Write(paper));
    }

    private static int Escaped(string text, char brace) => text.Split("\\" + brace).Length - 1;
}
