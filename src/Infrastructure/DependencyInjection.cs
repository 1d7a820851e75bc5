using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The user agent sent to every upstream, naming the app as API etiquette asks.</summary>
    public const string UserAgent = "PaperFeed/0.1 (self-hosted paper digest)";

    /// <summary>Adds the catalog database, the upstream sources, ingestion and the job classes.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var paths = new DataPaths(configuration, environment);
        services.AddSingleton(paths);
        services.Configure<AppOptions>(configuration.GetSection(AppOptions.Section));
        services.TryAddTimeProvider();

        services.AddDbContext<PaperFeedDbContext>(options => options.UseSqlite(paths.CatalogConnectionString));
        services.AddScoped<CatalogWriter>();
        services.AddScoped<IngestionService>();
        services.AddScoped<DatabaseInitializer>();

        services.Configure<HuggingFaceOptions>(configuration.GetSection(HuggingFaceOptions.Section));
        services.AddHttpClient<HuggingFaceSource>((sp, http) =>
        {
            http.Timeout = sp.GetRequiredService<IOptions<HuggingFaceOptions>>().Value.Timeout;
            http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            http.MaxResponseContentBufferSize = 32 * 1024 * 1024;
        });
        services.AddScoped<HuggingFaceIngestJob>();

        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
