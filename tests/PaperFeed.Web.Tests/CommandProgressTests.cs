using PaperFeed.Web.Commands;
using Spectre.Console;

namespace PaperFeed.Web.Tests;

/// <summary>Long commands report progress: a bar on a terminal, plain lines when the output is redirected.</summary>
public sealed class CommandProgressTests
{
    [Fact]
    public async Task On_a_terminal_the_steps_are_printed_above_a_bar_that_ends_full()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
        });

        var result = await CommandProgress.RunAsync(console, "huggingface 2025-03-12..2025-03-14", 3, async bar =>
        {
            for (var day = 12; day <= 14; day++)
            {
                await Task.Yield();
                bar.Report(day - 11, $"[{day - 11}/3] 2025-03-{day}: 26 papers");
            }

            return 42;
        });

        var output = written.ToString();
        Assert.Equal(42, result);
        Assert.Contains("[3/3] 2025-03-14: 26 papers", output);
        Assert.Contains("huggingface 2025-03-12..2025-03-14", output);
        Assert.Contains("100%", output);
        Assert.Contains("━", output); // the bar itself
    }

    [Fact]
    public async Task Redirected_output_gets_one_plain_line_per_step_and_nothing_else()
    {
        var written = new StringWriter();

        // The test runner redirects standard output, as a log file or a pipe would.
        Assert.True(Console.IsOutputRedirected);
        await CommandProgress.RunAsync(written, "2 files", 2, bar =>
        {
            bar.Report(1, "[1/2] a.json: 2025-03-14 (26 papers)");
            bar.Report(2);
            return Task.FromResult(0);
        });

        Assert.Equal("[1/2] a.json: 2025-03-14 (26 papers)" + Environment.NewLine, written.ToString());
    }
}
