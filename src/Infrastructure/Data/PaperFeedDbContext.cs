using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Library;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Data;

/// <summary>The catalog (papers, the days they were featured, the state of each source) and the subscriptions with their deliveries.</summary>
/// <remarks>
/// This type is the SQLite database, with its migrations in <c>Data/Migrations</c>; <see cref="PostgresPaperFeedDbContext"/>
/// is the same model on PostgreSQL, with its own migrations. Everything else asks for this type.
/// </remarks>
public class PaperFeedDbContext : DbContext
{
    public PaperFeedDbContext(DbContextOptions<PaperFeedDbContext> options)
        : base(options)
    {
    }

    protected PaperFeedDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Paper> Papers => Set<Paper>();

    public DbSet<FeaturedEntry> FeaturedEntries => Set<FeaturedEntry>();

    /// <summary>Each paper's authors with their match keys, kept by <see cref="Ingestion.CatalogWriter"/> (author pages).</summary>
    public DbSet<PaperAuthor> PaperAuthors => Set<PaperAuthor>();

    public DbSet<DataStep> DataSteps => Set<DataStep>();

    public DbSet<SourceState> SourceStates => Set<SourceState>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DeliveryPaper> DeliveryPapers => Set<DeliveryPaper>();

    /// <summary>The papers subscribers saved (their libraries) or marked "not for me".</summary>
    public DbSet<PaperMark> PaperMarks => Set<PaperMark>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaperFeedDbContext).Assembly);
}
