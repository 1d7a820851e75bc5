using System.Globalization;
using System.Text.Json;
using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Ingestion.HuggingFace;

/// <summary>
/// Reads the JSON of Hugging Face's <c>/api/daily_papers</c> (every schema variant from 2024 on) into featured records.
/// Optional fields are absent, never null, in real responses; this parser accepts both. A malformed entry is skipped
/// with a reason; a body that is not a JSON array throws <see cref="UpstreamFormatException"/>, and so does an array in
/// which a renamed field shows: no entry readable at all, or not one with its vote count (storing those would set every
/// vote of the day to 0).
/// </summary>
public static class DailyPapersParser
{
    /// <param name="json">The response body.</param>
    /// <param name="defaultDay">The day an entry belongs to when it has no <c>paper.submittedOnDailyAt</c> (before mid-2025).</param>
    public static ParsedListing Parse(ReadOnlySpan<byte> json, DateOnly? defaultDay)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new UpstreamFormatException($"response is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                var detail = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                    ? $": \"{error.GetString()}\""
                    : "";
                throw new UpstreamFormatException($"expected a JSON array of papers, got a JSON {root.ValueKind.ToString().ToLowerInvariant()}{detail}");
            }

            return Parse(root, defaultDay);
        }
    }

    /// <summary>
    /// Reads an array of daily_papers entries found inside another document: Hugging Face's papers pages carry the
    /// same entries as the API, in the <c>dailyPapers</c> of their embedded JSON.
    /// </summary>
    /// <param name="papers">A JSON array of entries.</param>
    /// <param name="defaultDay">The day an entry belongs to when it has no <c>paper.submittedOnDailyAt</c>.</param>
    public static ParsedListing Parse(JsonElement papers, DateOnly? defaultDay)
    {
        if (papers.ValueKind != JsonValueKind.Array)
        {
            throw new UpstreamFormatException($"expected a JSON array of papers, got a JSON {papers.ValueKind.ToString().ToLowerInvariant()}");
        }

        var entries = new List<FeaturedRecord>();
        var skipped = new List<SkippedEntry>();
        var index = 0;
        var withVotes = 0;
        var unreadable = 0;
        foreach (var element in papers.EnumerateArray())
        {
            try
            {
                entries.Add(ParseEntry(element, defaultDay));
                withVotes += Int(element.GetProperty("paper"), "upvotes") is null ? 0 : 1;
            }
            catch (EntryException e)
            {
                skipped.Add(new SkippedEntry(index, e.Id, e.Message));
                unreadable += e.Placeless ? 0 : 1;
            }

            index++;
        }

        // One odd entry is the upstream's slip and is skipped; every entry failing the same way is a changed format.
        if (entries.Count == 0 && unreadable > 0 && unreadable == skipped.Count)
        {
            throw new UpstreamFormatException(
                $"none of the {unreadable} entries could be read (entry {skipped[0].Index}: {skipped[0].Reason}): the format may have changed, so nothing was stored");
        }

        if (entries.Count > 0 && withVotes == 0)
        {
            throw new UpstreamFormatException(
                $"none of the {entries.Count} entries has a number in paper.upvotes: the format may have changed, so nothing was stored rather than every vote set to 0");
        }

        return new ParsedListing(entries, skipped);
    }

    private static FeaturedRecord ParseEntry(JsonElement entry, DateOnly? defaultDay)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new EntryException(null, $"entry is a JSON {entry.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        if (!entry.TryGetProperty("paper", out var paper) || paper.ValueKind != JsonValueKind.Object)
        {
            throw new EntryException(null, "entry has no \"paper\" object");
        }

        var rawId = String(paper, "id");
        if (!ArxivId.TryNormalize(rawId, out var id))
        {
            throw new EntryException(rawId, rawId is null ? "paper has no \"id\"" : $"paper id \"{Truncate(rawId)}\" is not an arXiv id");
        }

        // From 2025 both titles may keep arXiv's hard line breaks; in 2024 the top-level one was the cleaned one.
        var title = PaperText.Title(String(entry, "title") ?? String(paper, "title"));
        if (title.Length == 0)
        {
            throw new EntryException(id, "paper has no title");
        }

        var day = Date(paper, "submittedOnDailyAt") ?? defaultDay
            ?? throw new EntryException(id, "entry has no paper.submittedOnDailyAt and no day was given for it", placeless: true);

        var record = new PaperRecord(
            id,
            title,
            PaperText.Abstract(String(paper, "summary")),
            Authors(paper),
            Timestamp(paper, "publishedAt"))
        {
            AiSummary = NullIfEmpty(PaperText.Title(String(paper, "ai_summary"))),
            Keywords = Strings(paper, "ai_keywords"),
            GithubRepo = Url(paper, "githubRepo"),
            GithubStars = Int(paper, "githubStars"),
            ProjectPage = Url(paper, "projectPage"),
            ThumbnailUrl = Url(entry, "thumbnail") ?? Url(entry, "mediaUrl"),
            Organization = OrganizationName(entry) ?? OrganizationName(paper),
            OrganizationHandle = Handle(entry, "organization", "name") ?? Handle(paper, "organization", "name"),
            // The entry's submittedBy (2024 files have none); the paper's submittedOnDailyBy names the user as "user".
            Submitter = Handle(entry, "submittedBy", "name") ?? Handle(paper, "submittedOnDailyBy", "user") ?? Handle(paper, "submittedOnDailyBy", "name"),
            SubmitterName = FullName(entry, "submittedBy") ?? FullName(paper, "submittedOnDailyBy"),
        };

        return new FeaturedRecord(record, day, Math.Max(0, Int(paper, "upvotes") ?? 0), Math.Max(0, Int(entry, "numComments") ?? 0));
    }

    private static List<string> Authors(JsonElement paper)
    {
        var authors = new List<string>();
        if (paper.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in list.EnumerateArray())
            {
                var name = author.ValueKind switch
                {
                    JsonValueKind.Object => String(author, "name"),
                    JsonValueKind.String => author.GetString(),
                    _ => null,
                };
                name = PaperText.Title(name);
                if (name.Length > 0)
                {
                    authors.Add(name);
                }
            }
        }

        return authors;
    }

    private static string? OrganizationName(JsonElement element) =>
        element.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object
            ? NullIfEmpty(String(org, "fullname") ?? String(org, "name"))
            : null;

    /// <summary>
    /// A Hugging Face user or organization name (<c>google</c>, <c>MiniMax-AI</c>) from an object property: only the
    /// characters Hugging Face allows in names, since it becomes part of an address (<c>/orgs/{name}</c>).
    /// </summary>
    private static string? Handle(JsonElement element, string objectName, string property) =>
        element.TryGetProperty(objectName, out var owner) && owner.ValueKind == JsonValueKind.Object
        && String(owner, property) is { } name && HuggingFaceNames.IsValid(name)
            ? name
            : null;

    private static string? FullName(JsonElement element, string objectName) =>
        element.TryGetProperty(objectName, out var owner) && owner.ValueKind == JsonValueKind.Object
            ? NullIfEmpty(PaperText.Title(String(owner, "fullname")))
            : null;

    private static List<string> Strings(JsonElement element, string name)
    {
        var values = new List<string>();
        if (element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? PaperText.Title(item.GetString()) : "";
                if (text.Length > 0 && !values.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>Only absolute http(s) links are kept (these end up in href and src attributes), as the upstream wrote them.</summary>
    private static string? Url(JsonElement element, string name)
    {
        var text = String(element, name)?.Trim();
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? text : null;
    }

    private static DateTime? Timestamp(JsonElement element, string name) =>
        DateTimeOffset.TryParse(String(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.UtcDateTime
            : null;

    private static DateOnly? Date(JsonElement element, string name) =>
        Timestamp(element, name) is { } value ? DateOnly.FromDateTime(value) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private sealed class EntryException(string? id, string message, bool placeless = false) : Exception(message)
    {
        public string? Id { get; } = id;

        /// <summary>Readable, but on no day: the caller gave none and the entry (from before mid-2025) names none.</summary>
        public bool Placeless { get; } = placeless;
    }
}
