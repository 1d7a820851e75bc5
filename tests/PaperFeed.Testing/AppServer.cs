using System.Diagnostics;
using System.Net;
using System.Text;

namespace PaperFeed.Testing;

/// <summary>
/// The app's executable serving on 127.0.0.1 (<see cref="AppProcess.Start"/> with <c>--urls</c>) on a data directory,
/// with everything it prints kept; killed when disposed.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private AppServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Its process id (for /proc/{id}/status, say).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Its stdout and stderr so far, line by line as they came.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts it on a free port (its App:PublicBaseUrl, so that mailed links lead back to it) and waits until it is ready.</summary>
    public static async Task<AppServer> StartAsync(string data, IDictionary<string, string> environment)
    {
        var port = Ports.Free();
        var settings = new Dictionary<string, string>(environment) { ["App__PublicBaseUrl"] = $"http://127.0.0.1:{port}" };
        var server = new AppServer(AppProcess.Start(data, settings, "--urls", $"http://127.0.0.1:{port}"), port);
        using var client = server.Client();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60) && !server._process.HasExited; await Task.Delay(100))
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException($"the app on port {port} was not ready within a minute:\n{server.Output}");
    }

    /// <summary>A client of the server that follows no redirect; one with its own cookies is a browser of its own.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
