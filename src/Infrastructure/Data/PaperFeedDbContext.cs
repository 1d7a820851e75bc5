using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Data;

/// <summary>The catalog (papers, the days they were featured, the state of each source) and the subscriptions with their deliveries.</summary>
public sealed class PaperFeedDbContext(DbContextOptions<PaperFeedDbContext> options) : DbContext(options)
{
    public DbSet<Paper> Papers => Set<Paper>();

    public DbSet<FeaturedEntry> FeaturedEntries => Set<FeaturedEntry>();

    public DbSet<SourceState> SourceStates => Set<SourceState>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DeliveryPaper> DeliveryPapers => Set<DeliveryPaper>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaperFeedDbContext).Assembly);
}
