using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Thumbnails;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Web.Admin;
using PaperFeed.Web.Api;
using PaperFeed.Web.Feeds;
using PaperFeed.Web.Commands;
using PaperFeed.Web.Jobs;
using PaperFeed.Web.Queries;
using Serilog;
using Serilog.Events;

namespace PaperFeed.Web;

/// <summary>The wiring of the web app, kept out of Program.cs: services, then the request pipeline.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddPaperFeed(this WebApplicationBuilder builder, bool commandMode)
    {
        var paths = new DataPaths(builder.Configuration, builder.Environment);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext()
                // A unique-key conflict is how the app learns that another request wrote the row first (two subscribe
                // requests for one address), and the app handles it; EF Core's own error line about it reads as a failure.
                // (Digest planning avoids the conflict altogether: its insert is ON CONFLICT DO NOTHING.)
                .Filter.ByExcluding(e => e.Exception is { } error && DatabaseErrors.WrapsUniqueViolation(error)
                    && e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().StartsWith("\"Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));
            if (commandMode)
            {
                // Commands print their own progress on stdout and one line per failure on stderr; log lines go to stderr,
                // warnings (such as skipped entries) and worse, except what the command reports itself: ingestion
                // failures, and the reasons subscribers get no digest.
                logger.MinimumLevel.Warning()
                    .Filter.ByExcluding(e => e.Properties.TryGetValue("SourceContext", out var context)
                        && ((e.Level == LogEventLevel.Error && context.ToString() == $"\"{typeof(IngestionService).FullName}\"")
                            || context.ToString() == $"\"{typeof(DigestPlanning).FullName}\""
                            // A database that cannot be used is the command's one error line (CommandScope).
                            || context.ToString() == "\"Microsoft.EntityFrameworkCore.Database.Connection\""
                            // So is a full disk: EF Core's own lines about it print each failed statement (the line of
                            // the statement carries no exception: the disk's free space tells).
                            || (context.ToString().StartsWith("\"Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
                                && (e.Exception is { } error ? DataFolderFull.Message(error, paths) is not null : DataFolderFull.AlmostFull(paths)))))
                    .WriteTo.Console(
                    outputTemplate: "{Level:u3}: {Message:lj}{NewLine}",
                    standardErrorFromLevel: LogEventLevel.Verbose);
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        });

        builder.Services.AddInfrastructure(builder.Configuration, paths);
        if (ProcessRoles.Of(builder.Configuration) == ProcessRole.Worker)
        {
            // A worker answers no searches: it keeps no search index of its own.
            builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PaperFeed.Infrastructure.Search.SearchIndexWorker)));
        }

        builder.Services.AddJobs(builder.Configuration, paths);
        if (!commandMode)
        {
            // Every web and worker process sends the subscription notices that requests asked for (claimed, so once).
            builder.Services.AddHostedService<PaperFeed.Infrastructure.Subscriptions.NoticeSender>();
        }
        // Keys for antiforgery tokens and cookies survive restarts, kept with the rest of the app's data: on PostgreSQL
        // in the database, under one application name, so that a form served by one web node posts to any other.
        if (paths.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDataProtection().SetApplicationName("PaperFeed").PersistKeysToDbContext<PostgresPaperFeedDbContext>();
        }
        else
        {
            builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataDirectory, "keys")));
        }
        builder.Services.AddSingleton<AdminAccess>();
        builder.Services.AddSecurityHeaders(builder.Configuration);
        builder.Services.AddScoped<PaperListings>();
        builder.Services.AddScoped<CatalogQueries>();
        builder.Services.AddSingleton<FeedWriter>();
        builder.Services.AddApi(builder.Configuration);
        builder.Services.AddPageCache();
        // Behind a reverse proxy, the client's address comes from X-Forwarded-For (loopback proxies are trusted, and the
        // ones App:TrustedProxies names), so that "local only" and per-client limits see the real client.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // A proxy in another container or on another host: App:TrustedProxies names it (addresses or networks).
            foreach (var proxy in TrustedProxies.Read(builder.Configuration))
            {
                if (proxy.Network is { } network)
                {
                    options.KnownIPNetworks.Add(network);
                }
                else
                {
                    options.KnownProxies.Add(proxy.Address!);
                }
            }
        });
        builder.Services.AddRazorPages(options =>
        {
            // "/" and "/papers" (Hugging Face's address of its list) show the latest day.
            options.Conventions.AddPageRoute("/Papers/List", "");
            options.Conventions.AddPageRoute("/Papers/List", "papers");
            // arXiv categories' announcement lists, with the same day/week/month navigation.
            options.Conventions.AddPageRoute("/Papers/List", "arxiv/{category}");
            options.Conventions.AddPageRoute("/Papers/List", "arxiv/{category}/{kind:regex(^(date|week|month)$)}/{slug}");
            // Hugging Face's trending papers, as fetched each day (the trending source).
            options.Conventions.AddPageRoute("/Papers/List", "trending");
            options.Conventions.AddPageRoute("/Papers/List", "trending/{kind:regex(^(date|week|month)$)}/{slug}");
        });
        return builder;
    }

    public static async Task<WebApplication> UsePaperFeedAsync(this WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        }

        app.UseForwardedHeaders();
        app.MapHealth();
        if (ProcessRoles.Of(app.Configuration) == ProcessRole.Worker)
        {
            // A job worker: the job server and /health/…, no pages.
            await app.ScheduleJobsAsync();
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                app.Logger.LogInformation("PaperFeed worker is running jobs (health on {Urls}/health/ready)", string.Join(", ", app.Urls));
                WarnOfPickupFolder(app); // the worker is what sends the digests
            });
            return app;
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseSecurityHeaders();

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseRequestTextCheck();
        app.UseSerilogRequestLogging(options =>
            // Links carry secrets (confirm, manage, unsubscribe, personal feeds): never log them.
            options.GetMessageTemplateProperties = (context, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(LinkSecrets.Redact(path))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ]);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseOutputCache(); // after the rate limits: a cached page counts like any other

        // The operator pages: the gate decides (and answers refusals) before the dashboard or the page runs.
        var admin = app.Services.GetRequiredService<AdminAccess>();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/hangfire") || context.Request.Path.StartsWithSegments("/admin"),
            gate => gate.Use(async (context, next) =>
            {
                if (admin.Authorize(context) != AdminLevel.None)
                {
                    await next(context);
                }
            }));
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new HangfireDashboardAuthorization()],
            IsReadOnlyFunc = HangfireDashboardAuthorization.IsReadOnly,
            DisplayStorageConnectionString = false,
            DashboardTitle = "PaperFeed jobs",
        });
        await app.ScheduleJobsAsync();

        app.MapRazorPages();
        app.MapGet("/thumbnails/{**id}", (string id, ThumbnailCache cache, HttpContext context) =>
            {
                if (cache.Find(id) is not { } file)
                {
                    return Results.NotFound();
                }

                context.Response.Headers.CacheControl = "public, max-age=86400";
                return Results.File(file.Path, file.ContentType, lastModified: File.GetLastWriteTimeUtc(file.Path));
            })
            .ExcludeFromDescription();
        app.MapFeeds();
        app.MapLibraryExports();
        app.MapPaperApi();
        app.MapOpenApi(); // /openapi/v1.json
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            app.Logger.LogInformation("PaperFeed is serving on {Urls}; data in {DataDirectory}", string.Join(", ", app.Urls), app.Services.GetRequiredService<DataPaths>().DataDirectory);
            WarnOfPickupFolder(app);
            var publicUrl = app.Services.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
            if (Uri.TryCreate(publicUrl, UriKind.Absolute, out var configured) && configured.IsLoopback
                && !app.Urls.Any(u => Uri.TryCreate(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var listening) && listening.Port == configured.Port))
            {
                app.Logger.LogWarning(
                    "App:PublicBaseUrl is {PublicBaseUrl}, but the app listens on {Urls}: links in emails will not reach this instance. Set App:PublicBaseUrl (for the app and for the commands).",
                    publicUrl, string.Join(", ", app.Urls));
            }
        });
        return app;
    }

    private static void WarnOfPickupFolder(WebApplication app)
    {
        if (app.Services.GetRequiredService<IMailTransport>() is PickupFolderMailTransport pickup && !app.Environment.IsDevelopment())
        {
            app.Logger.LogWarning("No mail is sent: {Setting} is set, so confirmations and digests are written to {Folder}", SettingsCheck.UsePickupFolder, pickup.Folder);
        }
    }

    /// <summary>Runs an operator command on the app's services (no web server, no job server).</summary>
    public static async Task<int> RunCommandAsync(this WebApplicationBuilder builder, string[] args)
    {
        await using var app = builder.Build();
        return await OperatorCommands.RunAsync(app.Services, args);
    }
}
