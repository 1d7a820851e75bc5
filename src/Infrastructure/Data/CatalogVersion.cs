using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// A number that changes whenever anything a public page shows changes: papers, featured entries (votes, days) and
/// source states, written by any process (database triggers bump it in the writer's own transaction, see the
/// CatalogVersion migrations), and thumbnails fetched into the data directory (<see cref="BumpAsync"/>). Cached pages
/// are keyed on it, so that a page is never served older than the catalog it was made from.
/// <para>
/// Each caller is answered by a read that started after it asked, so a change committed before a request arrived is
/// always seen, whichever process made it; callers that ask while a read is under way share the next one, so under
/// load the database sees one small query at a time, not one per request. The reads run one after another on a
/// connection of their own with the query prepared once: a few microseconds on SQLite, one round trip on PostgreSQL.
/// </para>
/// </summary>
/// <param name="connect">A new, closed connection to the catalog.</param>
public sealed class CatalogVersion(Func<DbConnection> connect) : IAsyncDisposable
{
    /// <summary>The statement that moves the version on: the triggers run it, and so does <see cref="BumpAsync"/>.</summary>
    public const string BumpSql = """UPDATE "CatalogVersion" SET "Value" = "Value" + 1""";

    private readonly Lock _gate = new();
    private bool _reading;
    private TaskCompletionSource<long>? _queued;
    private DbConnection? _connection;
    private DbCommand? _query;

    /// <summary>The version as of a read that started after this call.</summary>
    public Task<long> CurrentAsync()
    {
        lock (_gate)
        {
            if (_reading)
            {
                // The read under way may have started before this caller arrived: wait for the next one.
                return (_queued ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            _reading = true;
        }

        var first = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ReadWhileAskedAsync(first);
        return first.Task;
    }

    /// <summary>Moves the version on for a change the triggers do not see (files in the data directory).</summary>
    public static Task BumpAsync(PaperFeedDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(BumpSql, cancellationToken);

    private async Task ReadWhileAskedAsync(TaskCompletionSource<long>? round)
    {
        while (round is not null)
        {
            try
            {
                round.SetResult(await ReadAsync());
            }
            catch (Exception e)
            {
                round.SetException(e);
            }

            lock (_gate)
            {
                round = _queued;
                _queued = null;
                _reading = round is not null;
            }

            if (round is not null)
            {
                // A SQLite read completes synchronously: without this, the caller that started the loop would not get
                // its own answer back while others keep asking.
                await Task.Yield();
            }
        }
    }

    /// <summary>Only ever called from the one loop of <see cref="ReadWhileAskedAsync"/>, so never twice at once.</summary>
    private async Task<long> ReadAsync()
    {
        try
        {
            if (_query is null)
            {
                _connection = connect();
                await _connection.OpenAsync();
                _query = _connection.CreateCommand();
                _query.CommandText = """SELECT "Value" FROM "CatalogVersion" """;
                await _query.PrepareAsync();
            }

            return Convert.ToInt64(await _query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch
        {
            // A dropped connection or a restarted server: the next read opens a new one.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_query is not null)
        {
            await _query.DisposeAsync();
            _query = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
