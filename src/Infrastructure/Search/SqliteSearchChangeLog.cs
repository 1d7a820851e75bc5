using System.Globalization;
using System.Runtime.CompilerServices;
using Lucene.Net.Documents;
using Microsoft.Data.Sqlite;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The search change log of a SQLite catalog: the <c>SearchChanges</c> table its triggers fill.</summary>
internal sealed class SqliteSearchChangeLog(DataPaths paths) : ISearchChangeLog
{
    public async Task<SearchLogState> StateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT Id FROM SearchCatalog LIMIT 1), COALESCE(MIN(Seq), 0), COALESCE(MAX(Seq), 0) FROM SearchChanges";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SearchLogState(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<SearchChange>> ChangesAfterAsync(long seq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Seq, PaperId FROM SearchChanges WHERE Seq > $applied ORDER BY Seq LIMIT $batch";
        command.Parameters.AddWithValue("$applied", seq);
        command.Parameters.AddWithValue("$batch", limit);
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
        await using var connection = await ConnectAsync(cancellationToken);
        return await SearchDocuments.ByIdsAsync(connection, paperIds, cancellationToken);
    }

    public async IAsyncEnumerable<Document> AllDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await foreach (var document in SearchDocuments.AllAsync(connection, cancellationToken))
        {
            yield return document;
        }
    }

    public async Task<long> PaperCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Papers";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task PruneAsync(long applied, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM SearchChanges WHERE Seq <= $applied AND ChangedAt < $before AND Seq < (SELECT MAX(Seq) FROM SearchChanges)";
        command.Parameters.AddWithValue("$applied", applied);
        // ChangedAt is UTC text in this format (the column default), so it compares as text.
        command.Parameters.AddWithValue("$before", before.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A connection per call: Microsoft.Data.Sqlite pools them, so this costs no more than keeping one open.
    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(paths.CatalogConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
