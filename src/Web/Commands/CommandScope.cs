using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Commands;

/// <summary>Runs a command's body inside a service scope on a database that is created and migrated first.</summary>
internal static class CommandScope
{
    public static async Task<int> RunAsync(IServiceProvider services, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        return await body(scope.ServiceProvider);
    }
}
