using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>A setting the app cannot run with stops the start (of the app and of the commands) with one line naming it.</summary>
public sealed class SettingsCheckTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("App__PublicBaseUrl", "papers.example.org", "error: App:PublicBaseUrl \"papers.example.org\" is not an absolute http or https address, e.g. https://papers.example.org")]
    [InlineData("Sources__HuggingFace__BaseUrl", "huggingface.co", "error: Sources:HuggingFace:BaseUrl \"huggingface.co\" is not an absolute http or https address, e.g. https://huggingface.co")]
    [InlineData("Sources__Arxiv__ListingBaseUrl", "127.0.0.1:8765", "error: Sources:Arxiv:ListingBaseUrl \"127.0.0.1:8765\" is not an absolute http or https address, e.g. https://arxiv.org")]
    [InlineData("Email__From", "not an address", "error: Email:From \"not an address\" is not an email address, e.g. \"PaperFeed <papers@example.org>\"")]
    [InlineData("App__SecretKey", "short", "error: App:SecretKey \"(hidden)\" is not at least 32 bytes in base64, e.g. the output of `openssl rand -base64 32`")]
    [InlineData("Email__Smtp__Port", "70000", "error: Email:Smtp:Port \"70000\" is not a TCP port (1 to 65535), e.g. 587")]
    [InlineData("Email__PickupRetentionDays", "0", "error: Email:PickupRetentionDays \"0\" is not a number of days from 1 to 3650 (how long the pickup folder keeps a message), e.g. 7")]
    [InlineData("Admin__Password", "s3cret-pass", "error: Admin:Password is shorter than 12 characters: it guards the job dashboard and the sources page. Use a long random one, e.g. the output of `openssl rand -base64 18`")]
    public async Task A_bad_setting_stops_the_app_and_the_commands_with_one_line(string key, string value, string expected)
    {
        foreach (var args in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["ingest", "huggingface", "--date", "2025-03-14"], ["digests", "send", "--dry-run"] })
        {
            var run = await AppProcess.RunAsync(_data, new Dictionary<string, string> { [key] = value }, args);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(expected, run.Stderr.Trim());
            Assert.DoesNotContain("   at ", run.Stdout + run.Stderr); // no stack trace
        }
    }

    [Theory]
    [InlineData("Mysql", "", "error: Database:Provider \"Mysql\" is neither Sqlite nor Postgres, e.g. Postgres (unset means Sqlite)")]
    [InlineData("Postgres", "", "error: ConnectionStrings:PaperFeed is not set: Database:Provider=Postgres needs a PostgreSQL connection string, e.g. \"Host=db;Database=paperfeed;Username=paperfeed;Password=...\"")]
    [InlineData("Postgres", "Data Source=/tmp/paperfeed.db", "error: ConnectionStrings:PaperFeed is not a PostgreSQL connection string (")]
    [InlineData("Postgres", "Database=paperfeed;Username=paperfeed", "error: ConnectionStrings:PaperFeed is not a PostgreSQL connection string (it names no Host)")]
    [InlineData("Postgres", "Host=db;Database=paperfeed;Password=secret-pw", "error: App:SecretKey is not set: with Database:Provider=Postgres every web and worker process must sign links with the same key")]
    [InlineData("Sqlite", "Host=db;Database=paperfeed;Password=secret-pw", "error: ConnectionStrings:PaperFeed is not a SQLite connection string (")]
    [InlineData("", "Host=db;Database=paperfeed;Password=secret-pw", "error: ConnectionStrings:PaperFeed is not a SQLite connection string (")]
    public async Task A_database_setting_of_the_wrong_kind_stops_the_start_with_one_line_and_no_password(string provider, string connection, string expected)
    {
        var settings = new Dictionary<string, string> { ["Database__Provider"] = provider, ["ConnectionStrings__PaperFeed"] = connection };
        foreach (var args in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["ingest", "huggingface", "--date", "2025-03-14"] })
        {
            var run = await AppProcess.RunAsync(_data, settings, args);

            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith(expected, line);
            Assert.DoesNotContain("secret-pw", run.Stderr + run.Stdout);
        }
    }

    [Fact]
    public async Task A_database_server_that_cannot_be_reached_stops_the_app_and_the_commands_with_one_line()
    {
        using var refused = Ports.Refused();
        var closed = refused.Port;
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__PaperFeed"] = $"Host=127.0.0.1;Port={closed};Database=paperfeed;Username=paperfeed;Password=secret-pw",
            ["App__SecretKey"] = TestDatabase.SecretKey,
        };
        foreach (var args in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["--role", "worker", "--urls", "http://127.0.0.1:0"], ["ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14")] })
        {
            var run = await AppProcess.RunAsync(_data, settings, args);

            Assert.Equal(1, run.ExitCode);
            Assert.EndsWith($"error: the database of ConnectionStrings:PaperFeed cannot be used: Failed to connect to 127.0.0.1:{closed} (Connection refused)", run.Stderr.Trim());
            Assert.DoesNotContain("   at ", run.Stdout + run.Stderr); // no stack trace
            Assert.DoesNotContain("secret-pw", run.Stdout + run.Stderr);
            if (args[0] == "ingest")
            {
                Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // a command says it once
            }
        }
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_neither_an_address_nor_a_network_is_refused()
    {
        var run = await AppProcess.RunAsync(_data, new Dictionary<string, string> { ["App__TrustedProxies"] = "10.0.0.5, proxy.local" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: App:TrustedProxies \"proxy.local\" is neither an IP address nor a network, e.g. 10.0.0.5 or 172.16.0.0/12", run.Stderr.Trim());
    }

    [Fact]
    public void Trusted_proxies_reach_the_forwarded_headers_middleware()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["App:TrustedProxies"] = "10.0.0.5,172.16.0.0/12" });

        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("172.16.0.0/12"), options.KnownIPNetworks);
    }

    [Fact]
    public async Task A_damaged_secret_key_file_stops_the_app_and_the_commands_with_one_line()
    {
        File.WriteAllText(Path.Combine(_data, "secret.key"), "c2hvcnQ=");
        foreach (var args in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["digests", "send", "--dry-run"] })
        {
            var run = await AppProcess.RunAsync(_data, new Dictionary<string, string>(), args);

            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith($"error: {Path.Combine(_data, "secret.key")} is not a base64 key of at least 32 bytes (damaged or edited). Restore it from a backup", run.Stderr.Trim());
            Assert.DoesNotContain("   at ", run.Stdout + run.Stderr);
        }
    }

    [Fact]
    public async Task A_security_mode_that_is_not_one_names_the_setting_and_the_modes()
    {
        var run = await AppProcess.RunAsync(_data, new Dictionary<string, string> { ["Email__Smtp__Security"] = "TLS" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: Failed to convert configuration value", line);
        Assert.Contains("'Email:Smtp:Security'", line);
        Assert.Contains("Email:Smtp:Security is one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable", line);
    }

    [Fact]
    public async Task Outside_development_mail_is_never_written_to_a_folder_unasked()
    {
        var production = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Email__UsePickupFolder"] = "" };

        var app = await AppProcess.RunAsync(_data, production, "--urls", "http://127.0.0.1:0");
        var digests = await AppProcess.RunAsync(_data, production, "digests", "send");
        var asked = await AppProcess.RunAsync(_data, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Email__UsePickupFolder"] = "true" }, "digests", "send", "--dry-run");
        var preview = await AppProcess.RunAsync(_data, production, "digests", "send", "--dry-run");
        var ingest = await AppProcess.RunAsync(_data, production, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"));

        Assert.Equal(1, app.ExitCode);
        Assert.StartsWith("error: Email:Smtp:Host is not set: outside Development, confirmations and digests would only be written as files", app.Stderr.Trim());
        Assert.Contains("Email:UsePickupFolder=true", app.Stderr);
        Assert.Equal((1, app.Stderr), (digests.ExitCode, digests.Stderr));
        Assert.Equal(0, asked.ExitCode); // asked for on purpose
        Assert.Equal(0, ingest.ExitCode); // sends no mail
        Assert.True(preview.ExitCode == 0, preview.Stderr); // a dry run sends nothing: it previews before a relay is set
        Assert.DoesNotContain("Email:Smtp:Host", preview.Stderr);
    }
}
