using MailKit.Security;
using MimeKit;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web;

/// <summary>
/// Every setting checked before the app or a command starts, so that a mistake stops the start with one line naming
/// the key, what is wrong with its value and an example, instead of failing later on a visitor's request.
/// </summary>
public static class SettingsCheck
{
    /// <summary>The key that asks, outside Development, for mail to be written to the pickup folder rather than sent.</summary>
    public const string UsePickupFolder = "Email:UsePickupFolder";

    /// <summary>Throws a <see cref="ConfigurationError"/> for the first setting the app cannot run with.</summary>
    /// <param name="sendsMail">The app itself and <c>digests send</c>: they refuse to lose mail to a folder unasked.</param>
    public static void Validate(IConfiguration configuration, IHostEnvironment environment, bool sendsMail)
    {
        // Values that do not convert to their setting's type (Email:Smtp:Security=TLS, a port that is no number).
        Bind<AppOptions>(configuration, AppOptions.Section);
        var email = Bind<EmailOptions>(configuration, EmailOptions.Section);
        Bind<DigestOptions>(configuration, DigestOptions.Section);
        var huggingFace = Bind<HuggingFaceOptions>(configuration, HuggingFaceOptions.Section);
        var arxiv = Bind<ArxivOptions>(configuration, ArxivOptions.Section);

        CheckDatabase(configuration);

        var publicUrl = configuration[$"{AppOptions.Section}:PublicBaseUrl"] ?? new AppOptions().PublicBaseUrl;
        CheckAddress("App:PublicBaseUrl", publicUrl, "https://papers.example.org");
        foreach (var (key, value, example) in new[]
        {
            ($"{HuggingFaceOptions.Section}:BaseUrl", huggingFace.BaseUrl, "https://huggingface.co"),
            ($"{HuggingFaceOptions.Section}:WebBaseUrl", huggingFace.WebBaseUrl, "https://huggingface.co"),
            ($"{ArxivOptions.Section}:ApiBaseUrl", arxiv.ApiBaseUrl, "https://export.arxiv.org"),
            ($"{ArxivOptions.Section}:RssBaseUrl", arxiv.RssBaseUrl, "https://rss.arxiv.org"),
            ($"{ArxivOptions.Section}:ListingBaseUrl", arxiv.ListingBaseUrl, "https://arxiv.org"),
        })
        {
            CheckAddress(key, value, example);
        }
        if (!ProcessRoles.TryParse(configuration[ProcessRoles.Setting], out _))
        {
            throw Error("--role", configuration[ProcessRoles.Setting]!, "is not a role: all (the default), web or worker", "--role worker");
        }


        if (!MailboxAddress.TryParse(email.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            throw Error("Email:From", email.From, "is not an email address", "\"PaperFeed <papers@example.org>\"");
        }

        if (email.Smtp.Port is < 1 or > 65535)
        {
            throw Error("Email:Smtp:Port", email.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "is not a TCP port (1 to 65535)", "587");
        }

        if (email.MaxAttempts < 1)
        {
            throw Error("Email:MaxAttempts", email.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1", "5");
        }

        if (email.PickupRetentionDays is < 1 or > EmailOptions.MaxPickupRetentionDays)
        {
            throw Error("Email:PickupRetentionDays", email.PickupRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"is not a number of days from 1 to {EmailOptions.MaxPickupRetentionDays} (how long the pickup folder keeps a message)", "7");
        }

        if (configuration["App:SecretKey"] is { Length: > 0 } secret && !SecretKey.IsKey(secret))
        {
            throw Error("App:SecretKey", "(hidden)", "is not at least 32 bytes in base64", "the output of `openssl rand -base64 32`");
        }

        if (string.IsNullOrWhiteSpace(configuration["App:SecretKey"]) && DatabaseProviders.TryParse(configuration[DatabaseProviders.Setting], out var provider) && provider == DatabaseProvider.Postgres)
        {
            // On SQLite the key is made once in the data directory; the processes of a PostgreSQL instance each have their own.
            throw new ConfigurationError(
                "App:SecretKey is not set: with Database:Provider=Postgres every web and worker process must sign links with the same key. " +
                "Set App:SecretKey to the output of `openssl rand -base64 32`, the same for all of them");
        }

        if (string.IsNullOrWhiteSpace(configuration["App:SecretKey"])
            && DatabaseProviders.TryParse(configuration[DatabaseProviders.Setting], out var keyProvider) && keyProvider == DatabaseProvider.Sqlite
            && SecretKey.FileProblem(new DataPaths(configuration, environment).DataDirectory) is { } keyProblem)
        {
            throw new ConfigurationError(keyProblem);
        }

        if (configuration["Admin:Password"] is { Length: > 0 } password && password.Length < Admin.AdminAccess.MinimumPasswordLength)
        {
            // Online guessing is slowed (a few tries per client and quarter hour), not stopped: the password must be long.
            throw new ConfigurationError(
                $"Admin:Password is shorter than {Admin.AdminAccess.MinimumPasswordLength} characters: it guards the job dashboard and the sources page. " +
                "Use a long random one, e.g. the output of `openssl rand -base64 18`");
        }

        TrustedProxies.Read(configuration);

        if (sendsMail && string.IsNullOrWhiteSpace(email.Smtp.Host) && !environment.IsDevelopment()
            && !Flag(configuration, UsePickupFolder))
        {
            throw new ConfigurationError(
                "Email:Smtp:Host is not set: outside Development, confirmations and digests would only be written as files, " +
                $"never sent. Set Email:Smtp:Host (with Email:Smtp:Port, Security, Username and Password), or {UsePickupFolder}=true to write them to the pickup folder on purpose");
        }
    }

    private static void CheckAddress(string key, string value, string example)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            throw Error(key, value, "is not an absolute http or https address", example);
        }
    }

    /// <summary>The provider is known and each connection string is of its kind (the value is never printed: it may hold a password).</summary>
    private static void CheckDatabase(IConfiguration configuration)
    {
        var providerText = configuration[DatabaseProviders.Setting];
        if (!DatabaseProviders.TryParse(providerText, out var provider))
        {
            throw Error(DatabaseProviders.Setting, providerText ?? "", "is neither Sqlite nor Postgres", "Postgres (unset means Sqlite)");
        }

        var catalog = configuration.GetConnectionString("PaperFeed");
        if (provider == DatabaseProvider.Sqlite)
        {
            if (!string.IsNullOrWhiteSpace(catalog) && Problem(() => _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(catalog)) is { } problem)
            {
                throw new ConfigurationError(
                    $"ConnectionStrings:PaperFeed is not a SQLite connection string ({problem}), e.g. \"Data Source=/var/lib/paperfeed/paperfeed.db\"; " +
                    $"for a PostgreSQL server set {DatabaseProviders.Setting}=Postgres");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(catalog))
        {
            throw new ConfigurationError($"ConnectionStrings:PaperFeed is not set: {DatabaseProviders.Setting}=Postgres needs a PostgreSQL connection string, e.g. {PostgresExample}");
        }

        foreach (var name in new[] { "PaperFeed", "Hangfire" })
        {
            if (configuration.GetConnectionString(name) is { Length: > 0 } text && PostgresProblem(text) is { } problem)
            {
                throw new ConfigurationError($"ConnectionStrings:{name} is not a PostgreSQL connection string ({problem}), e.g. {PostgresExample}");
            }
        }
    }

    private const string PostgresExample = "\"Host=db;Database=paperfeed;Username=paperfeed;Password=...\"";

    private static string? PostgresProblem(string text)
    {
        Npgsql.NpgsqlConnectionStringBuilder? builder = null;
        return Problem(() => builder = new Npgsql.NpgsqlConnectionStringBuilder(text))
            ?? (string.IsNullOrWhiteSpace(builder!.Host) ? "it names no Host" : null);
    }

    /// <summary>The message of the <see cref="ArgumentException"/> that parsing a connection string threw, or null.</summary>
    private static string? Problem(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the type: "Failed to convert configuration value at 'Email:Smtp:Security' to type …".
            var detail = e.InnerException?.Message is { Length: > 0 } inner ? $" ({inner})" : "";
            var hint = typeof(T) == typeof(EmailOptions) && e.Message.Contains("Security", StringComparison.Ordinal)
                ? $"; Email:Smtp:Security is one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())}"
                : "";
            throw new ConfigurationError($"{e.Message}{detail}{hint}", e);
        }
    }

    /// <summary>A true/false setting; unset or empty is false.</summary>
    private static bool Flag(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw Error(key, text, "is neither true nor false", "true"),
    };

    private static ConfigurationError Error(string key, string value, string problem, string example) =>
        new($"{key} \"{value}\" {problem}, e.g. {example}");
}
