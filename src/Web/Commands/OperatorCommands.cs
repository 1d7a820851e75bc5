using System.CommandLine;

namespace PaperFeed.Web.Commands;

/// <summary>
/// The operator commands of the same executable (<c>dotnet run --project src/Web -- ingest …</c>). They run on the
/// web app's configuration and services, and call the same code as the background jobs.
/// </summary>
public static class OperatorCommands
{
    /// <summary>
    /// True when the arguments ask for a command rather than the web server: any first word that is not an option
    /// (a mistyped command gets an error, never a second server), or help and version. Options such as
    /// <c>--urls http://127.0.0.1:5077</c> are for the server.
    /// </summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?" or "--version");

    /// <summary>The arguments left for host configuration: none of the command's own words.</summary>
    public static string[] HostArgs(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var root = new RootCommand("PaperFeed: run without arguments to serve the web app; the commands below are for operators.");
        root.Subcommands.Add(IngestCommands.Create(services));
        root.Subcommands.Add(DigestCommands.Create(services));
        root.Subcommands.Add(SearchCommands.Create(services));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            // A malformed command line exits with 2, like the commands' own argument checks.
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run with --help to see the commands and their options.");
            return 2;
        }

        return await parsed.InvokeAsync();
    }
}
