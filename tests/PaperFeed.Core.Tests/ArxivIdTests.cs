using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Tests;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2405.15738", "2405.15738")]
    [InlineData("2405.15738v2", "2405.15738")]
    [InlineData("arXiv:2405.15738v1", "2405.15738")]
    [InlineData("https://arxiv.org/abs/2405.15738v3", "2405.15738")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData("astro-ph/0601001", "astro-ph/0601001")]
    [InlineData("astro-ph/0601001v2", "astro-ph/0601001")]
    [InlineData("math.GT/0309136", "math.GT/0309136")]
    [InlineData(" 2608.19880 ", "2608.19880")]
    public void Normalizes_new_and_old_style_ids(string input, string expected)
    {
        Assert.True(ArxivId.TryNormalize(input, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("date")]
    [InlineData("2405.157")]
    [InlineData("2405.15738/../../etc")]
    [InlineData("<script>")]
    [InlineData("astro-ph/06010")]
    [InlineData("2405.15738v")]
    [InlineData("٢٤٠٥.١٥٧٣٨")] // Arabic-Indic digits
    [InlineData("2405.15738v١")]
    public void Rejects_what_is_not_an_id(string? input)
    {
        Assert.False(ArxivId.TryNormalize(input, out _));
    }

    [Theory]
    [InlineData("cs.CL", "cs.CL")]
    [InlineData("CS.cl", "cs.CL")]
    [InlineData(" math.ag ", "math.AG")]
    [InlineData("COND-MAT.STR-EL", "cond-mat.str-el")]
    [InlineData("hep-th", "hep-th")]
    [InlineData("cs", "cs")]
    [InlineData("physics.optics", "physics.optics")]
    public void Categories_are_read_in_any_case_and_spelled_as_arxiv_does(string text, string expected)
    {
        Assert.True(ArxivTaxonomy.TryNormalize(text, out var category));
        Assert.Equal(expected, category);
    }

    [Theory]
    [InlineData("cs.XX")]
    [InlineData("foo")]
    [InlineData("astroph")]
    [InlineData("hep-th.CL")]
    [InlineData("cs.CL.x")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_archives_and_subject_classes_are_refused(string? text)
    {
        Assert.False(ArxivTaxonomy.TryNormalize(text, out var category));
        Assert.Null(category);
    }
}
