using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Lucene.Net.Documents;
using Microsoft.Data.Sqlite;

namespace PaperFeed.Infrastructure.Search;

/// <summary>Reads papers from a SQLite catalog as search documents: their words, categories, best upvotes and featured days.</summary>
internal static class SearchDocuments
{
    private const string Select = """
        SELECT p.Id, p.Title, p.Abstract, p.Authors, p.Keywords, p.Categories,
               (SELECT MAX(f.Upvotes) FROM FeaturedEntries f WHERE f.PaperId = p.Id),
               (SELECT group_concat(f.Date) FROM FeaturedEntries f WHERE f.PaperId = p.Id)
        FROM Papers p
        """;

    /// <summary>Every paper, in id order (a rebuild streams them).</summary>
    public static async IAsyncEnumerable<Document> AllAsync(
        SqliteConnection connection, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Select + " ORDER BY p.Id";
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    /// <summary>The papers with these ids that still exist.</summary>
    public static async Task<Dictionary<int, Document>> ByIdsAsync(SqliteConnection connection, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Select + " WHERE p.Id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new Dictionary<int, Document>();
        while (await reader.ReadAsync(cancellationToken))
        {
            documents[reader.GetInt32(0)] = Read(reader);
        }

        return documents;
    }

    private static Document Read(DbDataReader reader)
    {
        var title = reader.GetString(1);
        var authors = List(reader, 3);
        var keywords = List(reader, 4);
        var document = new Document
        {
            new StringField(SearchFields.Id, reader.GetInt32(0).ToString(CultureInfo.InvariantCulture), Field.Store.YES),
            new TextField(SearchFields.Title, title, Field.Store.NO),
            new TextField(SearchFields.Text, string.Join('\n', [title, reader.GetString(2), .. authors, .. keywords]), Field.Store.NO),
            new TextField(SearchFields.Authors, string.Join(", ", authors), Field.Store.NO),
            new Int32Field(SearchFields.Upvotes, reader.IsDBNull(6) ? 0 : reader.GetInt32(6), Field.Store.NO),
        };

        foreach (var category in List(reader, 5))
        {
            document.Add(new StringField(SearchFields.Category, category.ToLowerInvariant(), Field.Store.NO));
        }

        if (!reader.IsDBNull(7))
        {
            foreach (var day in reader.GetString(7).Split(','))
            {
                document.Add(new Int32Field(SearchFields.Featured, DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber, Field.Store.NO));
            }
        }

        return document;
    }

    private static string[] List(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ?? [];
}
