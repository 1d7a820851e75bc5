using System.Globalization;
using System.Runtime.CompilerServices;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Sources.HuggingFace;

/// <summary>
/// Saved responses of Hugging Face's daily papers API (files, or folders of <c>.json</c> files), read as the API's
/// answers: one unit per file, onto the <see cref="ListKey.HuggingFace"/> list. Files record no state row.
/// </summary>
internal static class SavedResponses
{
    public static async IAsyncEnumerable<FetchResult> ReadAsync(SourceQuery.Saved query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var path in query.Paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        foreach (var path in missing)
        {
            yield return new FetchResult(0, files.Count, path, null, Failure(path, "no such file or folder"), null);
        }

        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            yield return await FetchResult.TryAsync(i + 1, files.Count, file, null, async () => Read(file, await File.ReadAllBytesAsync(file, cancellationToken), query.Day));
        }
    }

    private static IngestionUnit Read(string file, byte[] body, DateOnly? day)
    {
        try
        {
            // Entries before mid-2025 do not say their day: take the given day, else a date in the file name (2025-03-14.json).
            var fallback = day ?? DayFromFileName(file);
            var listing = DailyPapersParser.Parse(body, fallback);
            if (listing.Entries.Count == 0 && listing.Skipped.Count > 0 && fallback is null)
            {
                throw new UpstreamFormatException("its entries do not say their day; pass --date YYYY-MM-DD");
            }

            return IngestionUnit.Of(ListKey.HuggingFace, listing, null, file);
        }
        catch (UpstreamFormatException e)
        {
            throw Failure(file, e.Message, e);
        }
    }

    private static SourceException Failure(string path, string cause, Exception? inner = null) =>
        new($"{SourceNames.HuggingFace} file {path}", null, cause, inner);

    private static DateOnly? DayFromFileName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return Period.TryParseDay(name[..Math.Min(10, name.Length)], out var day) ? day.Start : null;
    }
}
