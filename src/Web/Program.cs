using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web;
using PaperFeed.Web.Commands;

var commandMode = OperatorCommands.IsCommand(args);
var builder = WebApplication.CreateBuilder(OperatorCommands.HostArgs(args));
try
{
    // A dry run of `digests send` sends nothing, so it may run before a mail server is configured.
    var sendsMail = !commandMode || (args[0] == "digests" && !args.Contains("--dry-run", StringComparer.Ordinal));
    SettingsCheck.Validate(builder.Configuration, builder.Environment, sendsMail);
}
catch (ConfigurationError e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

builder.AddPaperFeed(commandMode);
if (commandMode)
{
    return await builder.RunCommandAsync(args); // each says itself when its database cannot be used (CommandScope)
}

var app = builder.Build();
try
{
    await app.UsePaperFeedAsync();
}
catch (ConfigurationError e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (DatabaseErrors.StartMessage(e, app.Services.GetRequiredService<DataPaths>()) is { } message)
{
    // A full disk, a wrong password, no such database, a server that is down: one line, as for any other setting.
    await Console.Error.WriteLineAsync($"error: {message}");
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the web tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
