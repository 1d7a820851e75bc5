using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace PaperFeed.Infrastructure.Search;

/// <summary>Marks the words of a query in text that is shown: whole titles and names, the best passage of an abstract.</summary>
internal sealed class SearchMarker(Query query, Analyzer analyzer)
{
    private const int SnippetLength = 240;
    private readonly Highlighter _whole = new(new SimpleHTMLFormatter(PaperSearch.MarkStart.ToString(), PaperSearch.MarkEnd.ToString()), new QueryScorer(query))
    {
        TextFragmenter = new NullFragmenter(),
    };

    public string Whole(string field, string text) => _whole.GetBestFragment(analyzer, field, text) ?? text;

    /// <summary>
    /// About <see cref="SnippetLength"/> characters of <paramref name="text"/> around its first match (its start when
    /// nothing matches), cut at spaces where there are any, never inside a mark, with … where text was left out.
    /// </summary>
    public string Snippet(string text)
    {
        var marked = _whole.GetBestFragment(analyzer, SearchFields.Text, text) ?? text;
        var first = marked.IndexOf(PaperSearch.MarkStart, StringComparison.Ordinal);
        var start = first <= SnippetLength / 4 ? 0 : WordStart(marked, first - (SnippetLength / 4));
        var end = Math.Min(marked.Length, start + SnippetLength);
        if (end < marked.Length)
        {
            var space = marked.LastIndexOf(' ', end - 1, end - start);
            end = space > start + (SnippetLength / 2) ? space : end;
            var open = marked.LastIndexOf(PaperSearch.MarkStart, end - 1, end - start);
            var close = open < 0 ? -1 : marked.IndexOf(PaperSearch.MarkEnd, open);
            if (close >= end)
            {
                end = close + 1; // finish the marked word
            }
        }

        return (start > 0 ? "…" : "") + marked[start..end].Trim() + (end < marked.Length ? "…" : "");
    }

    /// <summary>The start of the word at or after <paramref name="index"/> (or <paramref name="index"/> in text without spaces).</summary>
    private static int WordStart(string text, int index)
    {
        var space = text.IndexOf(' ', index);
        return space < 0 || space > index + 40 ? index : space + 1;
    }
}
