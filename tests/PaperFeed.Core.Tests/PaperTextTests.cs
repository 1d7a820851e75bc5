using PaperFeed.Core.Ingestion;

namespace PaperFeed.Core.Tests;

public sealed class PaperTextTests
{
    [Fact]
    public void Titles_lose_hard_line_breaks() =>
        Assert.Equal("Large Multimodal Models", PaperText.Title("Large Multimodal\n  Models "));

    [Fact]
    public void Abstracts_join_wrapped_lines_and_keep_indented_paragraphs()
    {
        const string text = "  First line\nsecond line.\n  New paragraph\nhere.\n\nThird.";

        Assert.Equal("First line second line.\n\nNew paragraph here.\n\nThird.", PaperText.Abstract(text));
    }

    [Fact]
    public void Shorten_cuts_at_a_word_and_marks_the_cut()
    {
        Assert.Equal("one two…", PaperText.Shorten("one two three four", 10));
        Assert.Equal("short", PaperText.Shorten("short", 10));
    }
}
