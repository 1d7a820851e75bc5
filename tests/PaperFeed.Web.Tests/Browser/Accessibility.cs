using System.Text.Json;
using Microsoft.Playwright;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>
/// Runs axe-core (installed from npm by the test project's build) in the page and returns serious and critical
/// violations. The page must be one that lets a test inject script (<c>NewPageAsync(bypassCsp: true)</c>).
/// </summary>
public static class Accessibility
{
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var axe = Path.Combine(Screenshots.RepositoryRoot(), "tests", "PaperFeed.Web.Tests", "node_modules", "axe-core", "axe.min.js");
        // The pages' Content-Security-Policy refuses inline script, axe's included: the page must come from a context
        // made with BrowserSession.NewPageAsync(bypassCsp: true).
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const results = await axe.run(document, { resultTypes: ['violations'] });
                return results.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        return [.. result.EnumerateArray().Select(v => v.GetString()!)];
    }
}
