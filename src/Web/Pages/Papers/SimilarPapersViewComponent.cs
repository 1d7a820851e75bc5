using Microsoft.AspNetCore.Mvc;
using PaperFeed.Infrastructure.Search;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>
/// The "Similar papers" section at the end of a paper page (<see cref="SimilarPapers"/>; the markup is
/// Pages/Shared/Components/SimilarPapers/Default.cshtml). It asks its own query, so that the page model stays one query;
/// the page is output-cached per catalog version, so the list is made once per version.
/// </summary>
public sealed class SimilarPapersViewComponent(SimilarPapers similar) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string arxivId) =>
        View(await similar.FindAsync(arxivId, SimilarPapers.Count, HttpContext.RequestAborted) ?? new SimilarResults([], false));
}
