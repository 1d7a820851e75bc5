using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PaperFeed.Core.Papers;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Pages.Authors;

/// <summary>
/// An author's papers (<c>/authors/{name}</c>): every paper in the catalog with an author of that name after
/// normalization (<see cref="AuthorName.Key"/>: accents, case and TeX accents do not matter), newest first, paged,
/// with a feed. Other spellings of the same name redirect to the usual one.
/// </summary>
[OutputCache(PolicyName = PageCache.Catalog)]
public sealed class AuthorModel(PaperListings listings) : PageModel
{
    public AuthorList List { get; private set; } = null!;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var key = AuthorName.Key(name);
        if (key.Length == 0 || !ModelState.IsValid || PageNumber < 1)
        {
            return NotFound();
        }

        var list = await listings.AuthorAsync(key, PageNumber, cancellationToken);
        if (list is null || list.Items.Count == 0)
        {
            return NotFound(); // nobody of that name here, or past the last page
        }

        List = list;
        return Page();
    }

    /// <summary>The address of an author's page: the name as written, so that it reads in the address bar.</summary>
    public static string PathOf(string name) => $"/authors/{Uri.EscapeDataString(name)}";

    public string Link(int page) => page > 1 ? $"{PathOf(List.Name)}?page={page}" : PathOf(List.Name);
}
