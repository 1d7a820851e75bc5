using Spectre.Console;

namespace PaperFeed.Web.Commands;

/// <summary>Where a long command reports how far it got.</summary>
internal interface ICommandProgress
{
    /// <summary>
    /// Moves to <paramref name="done"/> of the total (<paramref name="total"/> when it is known only now: the files in
    /// folders); <paramref name="line"/>, when given, is printed.
    /// </summary>
    void Report(double done, string? line = null, double? total = null);
}

/// <summary>
/// Progress of a long command: a Spectre.Console bar (with the step lines printed above it) on an interactive terminal;
/// one plain line per step when the output goes to a file, a pipe or a test, so logs stay readable.
/// </summary>
internal static class CommandProgress
{
    public static Task<T> RunAsync<T>(TextWriter output, string description, double total, Func<ICommandProgress, Task<T>> work) =>
        Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive
            ? work(new Lines(output))
            : RunAsync(AnsiConsole.Console, description, total, work);

    /// <summary>With a bar on <paramref name="console"/>.</summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, string description, double total, Func<ICommandProgress, Task<T>> work)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
                result = await work(new Bar(console, task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Lines(TextWriter output) : ICommandProgress
    {
        public void Report(double done, string? line = null, double? total = null)
        {
            if (line is not null)
            {
                output.WriteLine(line);
            }
        }
    }

    private sealed class Bar(IAnsiConsole console, ProgressTask task) : ICommandProgress
    {
        public void Report(double done, string? line = null, double? total = null)
        {
            if (line is not null)
            {
                console.WriteLine(line);
            }

            if (total is > 0)
            {
                task.MaxValue = total.Value;
            }

            task.Value = done;
        }
    }
}
