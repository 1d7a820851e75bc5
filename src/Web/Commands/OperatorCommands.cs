using System.CommandLine;

namespace PaperFeed.Web.Commands;

/// <summary>
/// The operator commands of the same executable (<c>dotnet run --project src/Web -- ingest …</c>). They run on the
/// web app's configuration and services, and call the same code as the background jobs.
/// </summary>
public static class OperatorCommands
{
    private static readonly string[] Names = ["ingest", "digests"];

    /// <summary>True when the arguments ask for a command rather than the web server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (Names.Contains(args[0]) || args[0] is "--help" or "-h" or "-?");

    /// <summary>The arguments left for host configuration: none of the command's own words.</summary>
    public static string[] HostArgs(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var root = new RootCommand("PaperFeed: run without arguments to serve the web app; the commands below are for operators.");
        root.Subcommands.Add(IngestCommands.Create(services));
        root.Subcommands.Add(DigestCommands.Create(services));

        return await root.Parse(args).InvokeAsync();
    }
}
