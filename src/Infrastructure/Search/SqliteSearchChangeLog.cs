using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The search change log of a SQLite catalog (its triggers are in the SearchChangeLog migration).</summary>
internal sealed class SqliteSearchChangeLog(DataPaths paths) : SqlSearchChangeLog
{
    protected override string JoinedDays => """group_concat(f."Date")""";

    protected override string IdIsOneOf => """p."Id" IN (SELECT value FROM json_each(@ids))""";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(paths.CatalogConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override object IdsParameter(IReadOnlyCollection<int> ids) => JsonSerializer.Serialize(ids);

    // ChangedAt is UTC text in this format (the column default), so it compares as text.
    protected override object Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
