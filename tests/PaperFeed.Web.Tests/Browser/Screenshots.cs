using Microsoft.Playwright;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>
/// Saves each journey's screenshots at desktop (1280 px) and phone (375 px) width into <c>artifacts/screenshots/</c>
/// of the repository; with PAPERFEED_UPDATE_DOCS=1 also into <c>docs/screenshots/</c>, which the README shows.
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var root = RepositoryRoot();
        var folders = new List<string> { Path.Combine(root, "artifacts", "screenshots") };
        if (Environment.GetEnvironmentVariable("PAPERFEED_UPDATE_DOCS") == "1")
        {
            folders.Add(Path.Combine(root, "docs", "screenshots"));
        }

        var original = page.ViewportSize;
        foreach (var (suffix, width) in new[] { ("desktop", 1280), ("mobile", 375) })
        {
            await page.SetViewportSizeAsync(width, width == 375 ? 812 : 900);
            var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false });
            foreach (var folder in folders)
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllBytesAsync(Path.Combine(folder, $"{name}-{suffix}.png"), bytes);
            }
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    /// <summary>Saves what the page shows at its current size into <c>artifacts/screenshots/</c>.</summary>
    public static async Task SaveViewportAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{name}.png"), await page.ScreenshotAsync());
    }

    /// <summary>The folder that holds PaperFeed.sln, found from the test assembly's folder.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found above " + AppContext.BaseDirectory);
    }
}
