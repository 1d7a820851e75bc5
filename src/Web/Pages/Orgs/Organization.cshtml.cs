using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PaperFeed.Core.Papers;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Pages.Orgs;

/// <summary>
/// An organization's papers (<c>/orgs/{handle}</c>, Hugging Face's handle such as <c>google</c>): every paper in the
/// catalog that the organization claimed on Hugging Face, newest first, paged, with a feed.
/// </summary>
[OutputCache(PolicyName = PageCache.Catalog)]
public sealed class OrganizationModel(PaperListings listings) : PageModel
{
    public OrganizationList List { get; private set; } = null!;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (!HuggingFaceNames.IsValid(name) || !ModelState.IsValid || PageNumber < 1)
        {
            return NotFound();
        }

        var list = await listings.OrganizationAsync(name, PageNumber, cancellationToken);
        if (list is null || list.Items.Count == 0)
        {
            return NotFound(); // no such organization here, or past its last page
        }

        List = list;
        return Page();
    }

    public string Link(int page) => page > 1 ? $"/orgs/{List.Organization.Handle}?page={page}" : $"/orgs/{List.Organization.Handle}";
}
