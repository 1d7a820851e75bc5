using System.Diagnostics;
using System.Text.Json;
using PaperFeed.Web.Tests.Browser;

namespace PaperFeed.Web.Tests.Markup;

/// <summary>
/// The W3C Nu HTML Checker (vnu-jar from npm, installed by the test project's build; run with Java) over a set of
/// pages in one call, since the JVM's start dominates. Returns every error as "page: line N: message (extract)".
/// </summary>
public static class HtmlValidator
{
    public static async Task<IReadOnlyList<string>> ErrorsAsync(IReadOnlyDictionary<string, string> pages)
    {
        var jar = Path.Combine(Screenshots.RepositoryRoot(), "tests", "PaperFeed.Web.Tests", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.True(File.Exists(jar), $"The HTML checker is missing at {jar} (the test project's build runs npm ci)");
        var folder = Directory.CreateTempSubdirectory("paperfeed-vnu-");
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var (name, html) in pages)
            {
                var file = Path.Combine(folder.FullName, $"page{i++}.html");
                await File.WriteAllTextAsync(file, html);
                files[file] = name;
                names[Path.GetFileName(file)] = name;
            }

            var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-jar", jar, "--errors-only", "--format", "json" }.Concat(files.Keys))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var report = await process.StandardError.ReadToEndAsync(); // vnu writes its JSON report to standard error
            await process.WaitForExitAsync();
            await output;
            using var json = JsonDocument.Parse(report);
            var errors = new List<string>();
            foreach (var message in json.RootElement.GetProperty("messages").EnumerateArray())
            {
                var url = message.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
                // vnu names each file by a file: URL (file:/tmp/…/page0.html); the file names are unique.
                var page = names.GetValueOrDefault(url[(url.LastIndexOf('/') + 1)..], url);
                var line = message.TryGetProperty("lastLine", out var l) ? $"line {l.GetInt32()}: " : "";
                var extract = message.TryGetProperty("extract", out var e) ? $" ({e.GetString()!.Trim()})" : "";
                errors.Add($"{page}: {line}{message.GetProperty("message").GetString()}{extract}");
            }

            // A checker that failed to run reports nothing as JSON: that is no pass.
            Assert.True(process.ExitCode == 0 || errors.Count > 0, $"vnu exited {process.ExitCode} without a report: {report}");
            return errors;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
