using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// Full-text search over titles, abstracts, author names and keywords with SQLite FTS5, ranked by bm25 with the title
/// weighted above the rest. Phrases ("language model"), prefixes (transform*), column filters (authors:hinton) and
/// boolean operators work as FTS5 defines them; a query FTS5 cannot parse is searched again as plain words.
/// </summary>
public sealed class PaperSearch(PaperFeedDbContext db)
{
    public const char MarkStart = '\u0001';
    public const char MarkEnd = '\u0002';

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var text = query.Text.Trim();
        if (text.Length == 0)
        {
            return new SearchResults(query, [], 0, false);
        }

        try
        {
            return await RunAsync(query, text, plain: false, cancellationToken);
        }
        catch (SqliteException e) when (IsQueryError(e))
        {
            var words = PlainWords(text);
            if (words.Length == 0)
            {
                return new SearchResults(query, [], 0, true);
            }

            try
            {
                return await RunAsync(query, words, plain: true, cancellationToken);
            }
            catch (SqliteException again) when (IsQueryError(again))
            {
                return new SearchResults(query, [], 0, true);
            }
        }
    }

    /// <summary>Rebuilds the index from the stored papers (the operator's <c>search rebuild</c>).</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        // FTS5's own 'rebuild' cannot read the PaperSearchSource view (it uses json_each): empty and refill instead.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO PaperSearch(PaperSearch) VALUES ('delete-all');", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO PaperSearch(rowid, Title, Abstract, Authors, Keywords) SELECT Id, Title, Abstract, Authors, Keywords FROM PaperSearchSource;", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every word as a quoted FTS5 string: "graph" "neural" "networks" (all must match, nothing is syntax).</summary>
    public static string PlainWords(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(c => char.IsLetterOrDigit(c) || c is '-' or '\'' or '.')]).Trim('-', '\'', '.'))
            .Where(w => w.Length > 0)
            .Select(w => $"\"{w.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        return string.Join(' ', words);
    }

    private async Task<SearchResults> RunAsync(SearchQuery query, string match, bool plain, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var filters = new StringBuilder();
        if (query.From is not null || query.To is not null)
        {
            filters.Append(" AND EXISTS (SELECT 1 FROM FeaturedEntries fe WHERE fe.PaperId = PaperSearch.rowid AND fe.Date >= $from AND fe.Date <= $to)");
        }

        if (query.MinUpvotes > 0)
        {
            filters.Append(" AND (SELECT MAX(fe.Upvotes) FROM FeaturedEntries fe WHERE fe.PaperId = PaperSearch.rowid) >= $min");
        }

        var total = -1;
        if (query.WithTotal)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM PaperSearch WHERE PaperSearch MATCH $match{filters}";
            AddParameters(count, query, match);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        // Step 1: the page's ids in bm25 order (title 10, abstract 1, authors and keywords 3), with nothing else
        // computed per match. (ORDER BY the configured rank column measured slower than naming bm25 here.)
        var ids = new List<long>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT PaperSearch.rowid FROM PaperSearch WHERE PaperSearch MATCH $match{filters} ORDER BY bm25(PaperSearch, 10.0, 1.0, 3.0, 3.0) LIMIT $limit OFFSET $offset";
            AddParameters(select, query, match);
            AddParameter(select, "$limit", query.PageSize);
            AddParameter(select, "$offset", (Math.Max(1, query.Page) - 1) * query.PageSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        if (ids.Count == 0)
        {
            return new SearchResults(query, [], Math.Max(total, 0), plain);
        }

        // Step 2: highlights, snippets and counts for those rows only.
        var hits = new Dictionary<long, SearchHit>();
        await using (var details = connection.CreateCommand())
        {
            details.CommandText = $"""
                SELECT PaperSearch.rowid, p.ArxivId, p.Title,
                       highlight(PaperSearch, 0, char(1), char(2)),
                       highlight(PaperSearch, 2, char(1), char(2)),
                       snippet(PaperSearch, 1, char(1), char(2), '…', 32),
                       (SELECT MAX(fe.Upvotes) FROM FeaturedEntries fe WHERE fe.PaperId = p.Id),
                       (SELECT MAX(fe.Date) FROM FeaturedEntries fe WHERE fe.PaperId = p.Id)
                FROM PaperSearch JOIN Papers p ON p.Id = PaperSearch.rowid
                WHERE PaperSearch MATCH $match AND PaperSearch.rowid IN ({string.Join(',', ids)})
                """;
            AddParameter(details, "$match", match);
            await using var reader = await details.ExecuteReaderAsync(cancellationToken);
            var rank = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                hits[reader.GetInt64(0)] = new SearchHit(
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? [] : reader.GetString(4).Split(", "),
                    reader.IsDBNull(5) ? "" : reader.GetString(5),
                    reader.IsDBNull(6) ? 0 : reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : DateOnly.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                    rank++);
            }
        }

        return new SearchResults(query, [.. ids.Where(hits.ContainsKey).Select(id => hits[id])], total, plain);
    }

    private static void AddParameters(DbCommand command, SearchQuery query, string match)
    {
        AddParameter(command, "$match", match);
        AddParameter(command, "$from", (query.From ?? DateOnly.MinValue).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AddParameter(command, "$to", (query.To ?? DateOnly.MaxValue).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AddParameter(command, "$min", query.MinUpvotes);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // FTS5 reports malformed queries as SQLITE_ERROR: "fts5: syntax error near …", "no such column: …", "unterminated string".
    private static bool IsQueryError(SqliteException e) =>
        e.SqliteErrorCode == 1 && new[] { "fts5", "no such column", "unterminated string", "syntax error", "unknown special query" }.Any(m => e.Message.Contains(m, StringComparison.OrdinalIgnoreCase));
}
