using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>The per-source state rows shown on <c>/admin/sources</c> and list pages: last attempt, success, error, items and cursor.</summary>
public sealed class SourceStates(PaperFeedDbContext db, TimeProvider clock, ILogger<SourceStates> logger)
{
    public async Task RecordSuccessAsync(string source, string cursor, int items, CancellationToken cancellationToken)
    {
        var state = await GetAsync(source, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        state.LastAttemptAt = now;
        state.LastSuccessAt = now;
        state.ItemsSeen = items;
        state.Cursor = cursor;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task RecordFailureAsync(string source, string error, CancellationToken cancellationToken)
    {
        try
        {
            var state = await GetAsync(source, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            state.LastAttemptAt = now;
            state.LastErrorAt = now;
            state.LastError = error.Length > 2000 ? error[..2000] : error;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // The failure itself is already logged; losing its state row must not hide the original error.
            logger.LogWarning(e, "Could not record the failure of {Source}", source);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<SourceState> GetAsync(string source, CancellationToken cancellationToken)
    {
        var state = await db.SourceStates.FindAsync([source], cancellationToken);
        if (state is null)
        {
            state = new SourceState { Source = source };
            db.SourceStates.Add(state);
        }

        return state;
    }
}
