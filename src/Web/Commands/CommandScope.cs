using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Commands;

/// <summary>
/// Runs a command's body inside a service scope on a database that is created and migrated first. A database that
/// cannot be used, one that fails mid-command, or a full disk under the data folder is one <c>error:</c> line and exit
/// code 1, not a stack trace.
/// </summary>
internal static class CommandScope
{
    public static async Task<int> RunAsync(IServiceProvider services, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var paths = scope.ServiceProvider.GetRequiredService<DataPaths>();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.StartMessage(e, paths) is { } message)
        {
            // A full disk, a wrong password, no such database, a server that is down: one line, as the app says it.
            return await FailAsync(message);
        }

        try
        {
            return await body(scope.ServiceProvider);
        }
        catch (Exception e) when (DataFolderFull.Message(e, paths) is { } message)
        {
            // Before the database's own words below: a full disk says where to make room.
            return await FailAsync(message);
        }
        catch (Exception e) when (DatabaseErrors.WhyUnusable(e) is { } why)
        {
            // The connection dropped or the server restarted mid-command: what it was writing was one transaction, and
            // the database rolled it back. Nothing to debug in a stack trace; the operator runs it again.
            return await FailAsync(
                $"the database failed in the middle of the command ({why}); the change being written was rolled back, and what was stored before it is kept: run the command again");
        }
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 1;
    }
}
