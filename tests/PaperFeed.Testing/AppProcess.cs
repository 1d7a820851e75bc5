using System.Diagnostics;

namespace PaperFeed.Testing;

/// <summary>
/// The app's executable (PaperFeed.Web.dll, copied beside the web test assemblies) run as an operator runs it: a
/// command or a server, on a data directory of its own, on the database the tests run on.
/// </summary>
public static class AppProcess
{
    /// <summary>The environment that points a process's mail at the SMTP server on 127.0.0.1:<paramref name="port"/>, in the clear.</summary>
    public static Dictionary<string, string> SmtpRelay(int port) => new()
    {
        ["Email__Smtp__Host"] = "127.0.0.1",
        ["Email__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Smtp__Security"] = "None",
    };

    /// <summary>Runs the app's executable with <paramref name="args"/> on the data directory <paramref name="data"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string data, IDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(data, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Hung: it must not outlive the test (nor hold its data directory), and what it printed says where.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'{string.Join(' ', args)}' did not end within 2 minutes:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the app's executable with <paramref name="args"/> on the data directory <paramref name="data"/>, its output redirected.</summary>
    public static Process Start(string data, IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PaperFeed.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["App__DataDirectory"] = data;
        if (!environment.ContainsKey("Database__Provider")) // else the caller names the database
        {
            foreach (var (key, value) in TestDatabase.Environment(data))
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // Mail goes to the pickup folder on purpose (outside Development the app refuses to do so unasked).
        start.Environment["Email__UsePickupFolder"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }
}
