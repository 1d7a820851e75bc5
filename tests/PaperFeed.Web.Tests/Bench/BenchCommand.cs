using System.Diagnostics;

namespace PaperFeed.Web.Tests.Bench;

/// <summary>Runs a benchmark of bench/ as this test run built it (a project reference of the tests builds it).</summary>
internal static class BenchCommand
{
    /// <summary>Runs bench/<paramref name="name"/>/bin/&lt;configuration&gt;/&lt;framework&gt;/<paramref name="name"/>.dll with <paramref name="args"/>, for at most 5 minutes.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string name, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { Dll(name) } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Dll(string name)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repository = output;
        while (!File.Exists(Path.Combine(repository.FullName, "PaperFeed.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("PaperFeed.sln not found above " + output);
        }

        return Path.Combine(repository.FullName, "bench", name, "bin", output.Parent!.Name, output.Name, $"{name}.dll");
    }
}
