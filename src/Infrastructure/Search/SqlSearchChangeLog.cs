using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lucene.Net.Documents;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// The search change log in the catalog's database: the <c>SearchChanges</c> table its triggers fill, and the papers
/// read as search documents (their words, categories, best upvotes and featured days). One SQL text serves SQLite and
/// PostgreSQL (quoted names, named parameters); a provider gives its connections and the few fragments that differ.
/// </summary>
internal abstract class SqlSearchChangeLog : ISearchChangeLog
{
    private const string DocumentColumns = """
        SELECT p."Id", p."Title", p."Abstract", p."Authors", p."Keywords", p."Categories",
               (SELECT MAX(f."Upvotes") FROM "FeaturedEntries" f WHERE f."PaperId" = p."Id"),
               (SELECT {0} FROM "FeaturedEntries" f WHERE f."PaperId" = p."Id")
        FROM "Papers" p
        """;

    /// <summary>The featured days of a paper (<c>f."Date"</c>) as one text of <c>yyyy-MM-dd</c> dates joined by commas.</summary>
    protected abstract string JoinedDays { get; }

    /// <summary>A condition true for the papers whose ids the parameter <c>@ids</c> holds.</summary>
    protected abstract string IdIsOneOf { get; }

    public async Task<SearchLogState> StateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """SELECT (SELECT "Id" FROM "SearchCatalog" LIMIT 1), COALESCE(MIN("Seq"), 0), COALESCE(MAX("Seq"), 0) FROM "SearchChanges" """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SearchLogState(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<SearchChange>> ChangesAfterAsync(long seq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """SELECT "Seq", "PaperId" FROM "SearchChanges" WHERE "Seq" > @applied ORDER BY "Seq" LIMIT @batch""", ("applied", seq), ("batch", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<SearchChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new SearchChange(reader.GetInt64(0), reader.GetInt32(1)));
        }

        return changes;
    }

    public async Task<IReadOnlyDictionary<int, Document>> DocumentsAsync(IReadOnlyCollection<int> paperIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"{Documents} WHERE {IdIsOneOf}", ("ids", IdsParameter(paperIds)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new Dictionary<int, Document>();
        while (await reader.ReadAsync(cancellationToken))
        {
            documents[reader.GetInt32(0)] = ReadDocument(reader);
        }

        return documents;
    }

    public async IAsyncEnumerable<Document> AllDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""{Documents} ORDER BY p."Id" """);
        command.CommandTimeout = 0; // a rebuild streams the whole catalog
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadDocument(reader);
        }
    }

    public async Task<long> PaperCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """SELECT COUNT(*) FROM "Papers" """);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task PruneAsync(long applied, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            """DELETE FROM "SearchChanges" WHERE "Seq" <= @applied AND "ChangedAt" < @before AND "Seq" < (SELECT MAX("Seq") FROM "SearchChanges")""",
            ("applied", applied),
            ("before", Timestamp(before)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An open connection of its own: each call stands alone, and the provider's pool makes that cheap.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The value of <c>@ids</c> for <see cref="IdIsOneOf"/>.</summary>
    protected abstract object IdsParameter(IReadOnlyCollection<int> ids);

    /// <summary>The value compared with the <c>ChangedAt</c> column.</summary>
    protected abstract object Timestamp(DateTimeOffset value);

    private string Documents => string.Format(CultureInfo.InvariantCulture, DocumentColumns, JoinedDays);

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Document ReadDocument(DbDataReader reader)
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

    /// <summary>A list column: a JSON array on SQLite, an array on PostgreSQL.</summary>
    private static string[] List(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal)
        ? []
        : reader.GetValue(ordinal) switch
        {
            string json => JsonSerializer.Deserialize<string[]>(json) ?? [],
            string[] items => items,
            var other => throw new InvalidCastException($"A list column came back as {other.GetType().Name}"),
        };
}
