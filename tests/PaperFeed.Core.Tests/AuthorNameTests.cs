using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Tests;

public sealed class AuthorNameTests
{
    [Theory]
    [InlineData("Jürgen Müller", "jurgen muller")]
    [InlineData("JÜRGEN  MÜLLER", "jurgen muller")]
    [InlineData("J\\\"urgen M\\\"uller", "jurgen muller")]
    [InlineData("Dénes Nagy", "denes nagy")]
    [InlineData("D\\'enes Nagy", "denes nagy")]
    [InlineData("Łukasz Kaiser", "lukasz kaiser")]
    [InlineData("Søren Kierkegaard", "soren kierkegaard")]
    [InlineData("Hans Weiß", "hans weiss")]
    [InlineData("Jean-Pierre Serre", "jean pierre serre")]
    [InlineData("J.-P. Serre", "j p serre")]
    [InlineData(" Ada   Lovelace ", "ada lovelace")]
    [InlineData("李飞飞", "李飞飞")]
    [InlineData("...", "")]
    public void A_name_is_matched_without_accents_case_tex_or_punctuation(string name, string key)
    {
        Assert.Equal(key, AuthorName.Key(name));
    }

    [Fact]
    public void A_key_is_never_longer_than_its_column()
    {
        Assert.Equal(AuthorName.MaxKeyLength, AuthorName.Key(new string('a', 5000)).Length);
    }
}
