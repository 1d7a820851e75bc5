using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>
/// One paper: full abstract, every author, keywords, links, the days it was featured and how to cite it. As Markdown at
/// <c>/papers/{id}.md</c>, or when the request prefers <c>text/markdown</c> (<see cref="PaperMarkdown"/>); as a BibTeX
/// entry at <c>/papers/{id}.bib</c> (<see cref="BibTex"/>).
/// </summary>
[OutputCache(PolicyName = PageCache.Catalog)]
public sealed class PaperModel(PaperFeedDbContext db, LinkBuilder links) : PageModel
{
    public Paper Paper { get; private set; } = null!;

    /// <summary>Every day the paper was on a list, newest first, with the list it was on (null for a name no list has).</summary>
    public IReadOnlyList<(ListKey? List, FeaturedEntry Entry)> Lists { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        var markdown = id?.EndsWith(".md", StringComparison.Ordinal) == true;
        var bibtex = id?.EndsWith(".bib", StringComparison.Ordinal) == true;
        if (markdown || bibtex)
        {
            id = id![..id!.LastIndexOf('.')];
        }

        Response.Headers.Vary = "Accept"; // the same address answers HTML or Markdown
        markdown |= PrefersMarkdown(Request);
        if (!ArxivId.TryNormalize(id, out var arxivId))
        {
            return NotFound();
        }

        var paper = await db.Papers.AsNoTracking()
            .Include(p => p.Featured.OrderByDescending(f => f.Date))
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.ArxivId == arxivId, cancellationToken);
        if (paper is null)
        {
            return NotFound();
        }

        if (id != arxivId)
        {
            // 2405.15738v2 or arXiv:2405.15738: one address per paper.
            return RedirectPermanent($"/papers/{arxivId}{(bibtex ? ".bib" : Request.Path.Value!.EndsWith(".md", StringComparison.Ordinal) ? ".md" : "")}");
        }

        Paper = paper;
        Lists = [.. paper.Featured.Select(f => (ListKey.TryParse(f.Source, out var list) ? list : null, f))];
        if (bibtex)
        {
            Response.Headers.ContentDisposition = $"inline; filename=\"{paper.ArxivId.Replace('/', '_')}.bib\"";
            return Content(BibTex.Write(paper), BibTex.ContentType);
        }

        return markdown ? Content(PaperMarkdown.Write(paper, links.Paper(paper.ArxivId), Lists), PaperMarkdown.ContentType) : Page();
    }

    /// <summary>True when the request's Accept header ranks text/markdown above text/html (curl -H 'Accept: text/markdown').</summary>
    private static bool PrefersMarkdown(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var markdown = Quality("text/markdown");
        return markdown > 0 && markdown > Quality("text/html");
    }
}
