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

        return await body(scope.ServiceProvider);
    }
}
