using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Search;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Infrastructure.Thumbnails;

namespace PaperFeed.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The user agent sent to every upstream, naming the app as API etiquette asks.</summary>
    public const string UserAgent = "PaperFeed/0.1 (self-hosted paper digest)";

    /// <summary>Adds the database, the upstream sources and ingestion, subscriptions, mail, digests and the job classes.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        services.AddSingleton(paths);
        services.AddSingleton<Rendezvous>();
        services.Configure<AppOptions>(configuration.GetSection(AppOptions.Section));
        services.TryAddTimeProvider();

        services.AddCatalogDatabase(paths);
        services.AddScoped<CatalogWriter>();
        services.AddScoped<IngestionService>();
        services.AddScoped<SourceStates>();
        services.AddScoped<EnrichmentCandidates>();
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<SearchIndex>();
        services.AddScoped<PaperSearch>();
        services.AddScoped<SimilarPapers>();
        services.AddHostedService<SearchIndexWorker>();

        services.Configure<HuggingFaceOptions>(configuration.GetSection(HuggingFaceOptions.Section));
        services.AddHttpClient<HuggingFaceSource>(ConfigureHuggingFaceClient);
        services.AddHttpClient<HuggingFaceHtmlSource>(ConfigureHuggingFaceClient);
        services.AddScoped<HuggingFaceIngestJob>();

        services.Configure<ArxivOptions>(configuration.GetSection(ArxivOptions.Section));
        services.AddHttpClient<ArxivRssSource>(ConfigureArxivClient);
        services.AddSingleton<ArxivRequestSpacing>();
        services.AddHttpClient<ArxivApiSource>(ConfigureArxivClient);
        services.AddHttpClient<ArxivListingSource>(ConfigureArxivClient);
        // Every source behind one contract; SourceJob runs one of them by name, and the commands ask them by class.
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<HuggingFaceSource>());
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<HuggingFaceHtmlSource>());
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<ArxivRssSource>());
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<ArxivListingSource>());
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<ArxivApiSource>());
        services.AddScoped<SourceJob>();
        services.Configure<ThumbnailOptions>(configuration.GetSection(ThumbnailOptions.Section));
        services.AddHttpClient<ThumbnailCache>((sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<ThumbnailOptions>>().Value.Timeout;
                http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            // Redirects are followed by ThumbnailCache, each checked against the allowed hosts; every connection is
            // checked against the address it is made to.
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = PublicAddresses.Connector(sp.GetRequiredService<IOptions<ThumbnailOptions>>().Value.AllowPrivateAddresses),
            });
        services.AddScoped<ThumbnailJob>();

        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<SubscribeLimits>(configuration.GetSection(SubscribeLimits.Section));
        services.AddSingleton<NoticeSignal>();
        services.AddScoped<SubscriptionNotices>();
        services.AddSingleton(new SubscriptionTokens(SecretKey.Load(configuration, paths)));
        services.AddSingleton<LinkBuilder>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupFolderMailTransport>();
        services.AddSingleton<IMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
            ? sp.GetRequiredService<PickupFolderMailTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());
        services.AddScoped<SubscriptionService>();
        services.AddScoped<Library.LibraryService>();
        services.Configure<DigestOptions>(configuration.GetSection(DigestOptions.Section));
        services.AddScoped<DeliveryTransitions>();
        services.AddScoped<DigestPlanning>();
        services.AddScoped<DigestContents>();
        services.AddScoped<DigestSender>();
        services.AddScoped<DigestService>();
        services.AddScoped<PersonalPapers>();
        services.AddSingleton<FeedTermSpace>();
        services.AddScoped<DigestJob>();

        return services;
    }

    /// <summary>The catalog's DbContext, the search change log and the catalog's version, on the database of <see cref="DataPaths.Provider"/>.</summary>
    private static void AddCatalogDatabase(this IServiceCollection services, DataPaths paths)
    {
        if (paths.Provider == DatabaseProvider.Postgres)
        {
            // One pool of connections for EF Core and the change log; Npgsql wants UTC DateTimes, which is all the model stores.
            services.AddSingleton(_ => NpgsqlDataSource.Create(paths.CatalogConnectionString));
            services.AddDbContext<PaperFeedDbContext, PostgresPaperFeedDbContext>((provider, options) =>
                options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<ISearchChangeLog, PostgresSearchChangeLog>();
            services.AddSingleton(provider => new CatalogVersion(provider.GetRequiredService<NpgsqlDataSource>().CreateConnection));
            return;
        }

        services.AddDbContext<PaperFeedDbContext>(options => options.UseSqlite(paths.CatalogConnectionString));
        services.AddSingleton<ISearchChangeLog, SqliteSearchChangeLog>();
        services.AddSingleton(_ => new CatalogVersion(() => new Microsoft.Data.Sqlite.SqliteConnection(paths.CatalogConnectionString)));
    }

    private static void ConfigureHuggingFaceClient(IServiceProvider services, HttpClient http)
    {
        http.Timeout = services.GetRequiredService<IOptions<HuggingFaceOptions>>().Value.Timeout;
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        http.MaxResponseContentBufferSize = 32 * 1024 * 1024;
    }

    private static void ConfigureArxivClient(IServiceProvider services, HttpClient http)
    {
        var arxiv = services.GetRequiredService<IOptions<ArxivOptions>>().Value;
        http.Timeout = arxiv.Timeout;
        // arXiv's etiquette: a User-Agent that names the app, and whom to contact.
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        if (arxiv.Contact.Contains('@', StringComparison.Ordinal))
        {
            http.DefaultRequestHeaders.From = arxiv.Contact;
        }

        http.MaxResponseContentBufferSize = 64 * 1024 * 1024;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
