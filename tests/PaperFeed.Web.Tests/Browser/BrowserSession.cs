using Microsoft.Playwright;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>
/// One real app on a Kestrel port, a real SMTP server capturing its mail, and Debian's Chromium driven by Playwright,
/// shared by the browser tests. No browser is downloaded: a missing Chromium fails the tests with a clear message.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public PaperFeedFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PAPERFEED_CHROMIUM") is { Length: > 0 } custom ? custom : ChromiumPath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium is not at {executable}: the browser tests need it. Install it with `apt-get install -y chromium` (Debian), or set PAPERFEED_CHROMIUM to a Chromium binary.");
        }

        Smtp = TestSmtpServer.Start();
        App = new PaperFeedFactory(
            new Dictionary<string, string?>
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
            },
            realServer: true);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await App.ImportAsync("2025-03-14", "2025-06-17", "2025-09-16", "2026-08-21");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        App?.Dispose();
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh browser context (own cookies) at desktop size, in the light theme unless asked for the dark one.
    /// <paramref name="bypassCsp"/> lets the test inject script (axe-core) despite the pages' Content-Security-Policy.
    /// </summary>
    public async Task<IPage> NewPageAsync(ColorScheme colorScheme = ColorScheme.Light, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ColorScheme = colorScheme,
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            TimezoneId = "Europe/Berlin",
            Locale = "en-US",
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";
}
