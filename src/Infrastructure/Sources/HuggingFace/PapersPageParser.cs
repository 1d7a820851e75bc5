using System.Globalization;
using PaperFeed.Core.Listing;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>
/// Reads Hugging Face's papers pages (<c>/papers/date/…</c>, <c>/papers/week/…</c>, <c>/papers/month/…</c>,
/// <c>/papers/trending</c>). The server renders each list into the page as JSON, HTML-escaped in the <c>data-props</c>
/// attribute of the element with <c>data-target="DailyPapers"</c>:
/// <c>{ "periodType": "day" | "week" | "month", "dateString": "2025-03-14", "dailyPapers": [ … ], … }</c>, whose entries
/// have the shape of <c>/api/daily_papers</c> entries and are read by <see cref="DailyPapersParser"/>.
/// A page whose structure changed throws <see cref="UpstreamFormatException"/> naming what is missing: it must never
/// pass for an empty list.
/// </summary>
public static class PapersPageParser
{
    /// <summary>The <c>data-target</c> of the element that carries the list.</summary>
    public const string Target = "DailyPapers";

    /// <param name="html">The page.</param>
    /// <param name="periodType">
    /// "day", "week" or "month" for a period page, checked against the page's own <c>periodType</c> where it has one
    /// (Hugging Face redirects some periods elsewhere); null for trending.
    /// </param>
    /// <param name="day">The day of entries that do not say theirs; on a day page, the page's <c>dateString</c> wins.</param>
    public static ParsedListing Parse(string html, string? periodType, DateOnly? day)
    {
        var element = new HtmlParser().ParseDocument(html).QuerySelector($"[data-target=\"{Target}\"]")
            ?? throw new UpstreamFormatException($"no element with data-target=\"{Target}\"");
        var props = element.GetAttribute("data-props")
            ?? throw new UpstreamFormatException($"the data-target=\"{Target}\" element has no data-props");

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(props);
        }
        catch (JsonException e)
        {
            throw new UpstreamFormatException($"data-props is not JSON: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dailyPapers", out var papers) || papers.ValueKind != JsonValueKind.Array)
            {
                throw new UpstreamFormatException("data-props has no \"dailyPapers\" array");
            }

            var pageType = String(root, "periodType");
            if (periodType is not null && pageType is not null && pageType != periodType)
            {
                throw new UpstreamFormatException($"data-props is for a \"{pageType}\" page, not a \"{periodType}\" page");
            }

            // Only a day page's dateString is its entries' day (a week page's is the Sunday before the week).
            var pageDay = periodType == "day" && Period.TryParseDay(String(root, "dateString"), out var date)
                ? date.Start
                : day;
            var listing = DailyPapersParser.Parse(papers, pageDay);
            if (listing.Entries.Count == 0 && listing.Skipped.Count > 0)
            {
                // Entries the parser could read but not place on a day (a week page of the format before mid-2025).
                var first = listing.Skipped[0];
                throw new UpstreamFormatException($"none of the {listing.Skipped.Count} entries of \"dailyPapers\" could be read (entry {first.Index}: {first.Reason})");
            }

            return listing;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
