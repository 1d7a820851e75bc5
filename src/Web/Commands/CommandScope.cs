using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Commands;

/// <summary>Runs a command's body inside a service scope on a database that is created and migrated first.</summary>
internal static class CommandScope
{
    public static async Task<int> RunAsync(IServiceProvider services, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.UnusableMessage(e) is { } message)
        {
            // A wrong password, no such database, a server that is down: one line, as the app says it.
            await Console.Error.WriteLineAsync($"error: {message}");
            return 1;
        }

        try
        {
            return await body(scope.ServiceProvider);
        }
        catch (Exception e) when (DatabaseErrors.WhyUnusable(e) is { } why)
        {
            // The connection dropped or the server restarted mid-command: what it was writing was one transaction, and
            // the database rolled it back. Nothing to debug in a stack trace; the operator runs it again.
            await Console.Error.WriteLineAsync(
                $"error: the database failed in the middle of the command ({why}); the change being written was rolled back, and what was stored before it is kept: run the command again");
            return 1;
        }
    }
}
