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
            // A malformed command line exits with 2, like the commands' own argument checks. A word that is no
            // command where a command must stand is named ("Required command was not provided" would mislead);
            // otherwise the parser's first error says it all, and the others repeat it.
            var unknown = FirstUnknown(root, args);
            await Console.Error.WriteLineAsync(unknown is { IsCommand: true }
                ? $"error: '{unknown.Word}' is not a command{(unknown.Parent == root ? "" : $" of '{unknown.Parent.Name}'")}"
                : $"error: {parsed.Errors[0].Message}");
            if (unknown?.Suggestion is { } suggestion)
            {
                await Console.Error.WriteLineAsync($"Did you mean '{suggestion}'?");
            }

            await Console.Error.WriteLineAsync("Run with --help to see the commands and their options.");
            return 2;
        }

        return await parsed.InvokeAsync();
    }

    /// <summary>
    /// The first word of the command line that is no command or option where it stands, and the command line with that
    /// word replaced by the nearest command or option there, if one is near.
    /// </summary>
    private static UnknownWord? FirstUnknown(Command root, string[] args)
    {
        var command = root;
        for (var i = 0; i < args.Length; i++)
        {
            if (command.Subcommands.FirstOrDefault(c => c.Name == args[i]) is { } next)
            {
                command = next;
                continue;
            }

            if (command.Options.FirstOrDefault(o => o.Name == args[i] || o.Aliases.Contains(args[i])) is { } option)
            {
                if (option.ValueType != typeof(bool))
                {
                    i++; // its value (a flag such as --now has none)
                }

                continue;
            }

            var isOption = args[i].StartsWith('-');
            if (!isOption && command.Subcommands.Count == 0)
            {
                return null; // an argument of the command, which its own checks judge
            }

            var names = isOption ? command.Options.Select(o => o.Name) : command.Subcommands.Select(c => c.Name);
            var nearest = names.Select(name => (Name: name, Distance: Distance(args[i], name))).OrderBy(x => x.Distance).FirstOrDefault();
            var suggestion = nearest.Name is not null && nearest.Distance <= Math.Max(2, args[i].Length / 3)
                ? string.Join(' ', args.Take(i).Append(nearest.Name).Concat(args.Skip(i + 1)))
                : null;
            return new UnknownWord(args[i], command, !isOption, suggestion);
        }

        return null;
    }

    private sealed record UnknownWord(string Word, Command Parent, bool IsCommand, string? Suggestion);

    /// <summary>Edits (insert, delete, replace) from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
