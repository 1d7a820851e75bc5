using System.Data.Common;
using Npgsql;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The search change log of a PostgreSQL catalog (its trigger functions are in the SearchChangeLog migration of that set).</summary>
internal sealed class PostgresSearchChangeLog(NpgsqlDataSource database) : SqlSearchChangeLog
{
    protected override string JoinedDays => """string_agg(to_char(f."Date", 'YYYY-MM-DD'), ',')""";

    protected override string IdIsOneOf => """p."Id" = ANY(@ids)""";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenConnectionAsync(cancellationToken);

    protected override object IdsParameter(IReadOnlyCollection<int> ids) => ids.ToArray();

    protected override object Timestamp(DateTimeOffset value) => value.UtcDateTime;
}
