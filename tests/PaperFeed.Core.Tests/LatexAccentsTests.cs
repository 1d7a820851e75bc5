using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Core.Tests;

/// <summary>TeX accents in arXiv's names and titles become the letters they stand for.</summary>
public sealed class LatexAccentsTests
{
    [Theory]
    [InlineData(@"D\'enes Berta", "Dénes Berta")]
    [InlineData(@"P\'eter Dus\'an Isp\'anovity", "Péter Dusán Ispánovity")]
    [InlineData(@"Schr\""odinger bridges", "Schrödinger bridges")]
    [InlineData(@"{\""o}zg{\""u}r", "özgür")]
    [InlineData(@"\v{S}koda and \v Cech", "Škoda and Čech")]
    [InlineData(@"Fran\c{c}ois, Fran\c cois", "François, François")]
    [InlineData(@"Gau\ss, {\o}stergaard, \L{}ukasz, J\""{\i}ri", "Gauß, østergaard, Łukasz, Jïri")]
    [InlineData(@"Erd\H{o}s", "Erdős")]
    [InlineData(@"$\alpha$-stable laws and \textbf{bold}", @"$\alpha$-stable laws and \textbf{bold}")] // not accents: left alone
    [InlineData("Ivan Vulić", "Ivan Vulić")]
    [InlineData(@"{Schr\""o}dinger", "{Schrö}dinger")] // braces that are not the accent's stay
    [InlineData(@"{\'ecole}", "{école}")]
    [InlineData(@"\textit{Stra\ss}e", @"\textit{Straß}e")]
    [InlineData(@"The \"" best", @"The \"" best")] // no letter right after the accent: nothing to accent
    [InlineData(@"$\O(n)$ and $\L_2$ with \O", @"$\O(n)$ and $\L_2$ with Ø")] // math is left alone
    public void Accents_become_letters_and_everything_else_stays(string tex, string expected) =>
        Assert.Equal(expected, LatexAccents.Decode(tex));

    [Fact]
    public void The_recorded_feed_has_no_accent_command_left_in_any_author_name()
    {
        using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var records = ArxivRssParser.Parse(stream).Entries.Select(e => e.ToRecord()).ToList();

        Assert.Contains(records, r => r.Authors.Contains("Dénes Berta"));
        Assert.Contains(records, r => r.Authors.Contains("José Roberto Castilho Piqueira"));
        Assert.DoesNotContain(records.SelectMany(r => r.Authors), a => System.Text.RegularExpressions.Regex.IsMatch(a, @"\\['`^""~]"));
    }
}
