using PaperFeed.Core.Ingestion;

namespace PaperFeed.Core.Tests;

public sealed class PaperTextTests
{
    [Theory]
    [InlineData("Plain title", "Plain title")]
    [InlineData("Tabs\tand\nlines\r stay", "Tabs\tand\nlines\r stay")]
    [InlineData("Bell\u0007 and null\u0000", "Bell and null")]
    [InlineData("Vertical\u000Btab and form\u000Cfeed", "Vertical tab and form feed")]
    [InlineData("Emoji \uD83D\uDE00 kept", "Emoji \uD83D\uDE00 kept")] // a surrogate pair is one character
    [InlineData("Non-characters \uFFFE\uFFFF", "Non-characters ")]
    public void Clean_removes_what_XML_cannot_carry_and_keeps_everything_else(string text, string expected)
    {
        Assert.Equal(expected, PaperText.Clean(text));
        Assert.Equal(text != expected, PaperText.HasInvalidCharacters(text));
    }

    [Fact]
    public void Clean_removes_lone_surrogates()
    {
        // Built here: an attribute's string argument is stored as UTF-8, which turns a lone surrogate into U+FFFD.
        var text = "Lone " + '\uD800' + "high and " + '\uDC00' + "low, reversed " + '\uDC00' + '\uD800' + "pair";

        Assert.True(PaperText.HasInvalidCharacters(text));
        Assert.Equal("Lone high and low, reversed pair", PaperText.Clean(text));
    }

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
