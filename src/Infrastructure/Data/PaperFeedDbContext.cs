using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data;

/// <summary>The catalog: papers, the days they were featured, and the state of each source.</summary>
public sealed class PaperFeedDbContext(DbContextOptions<PaperFeedDbContext> options) : DbContext(options)
{
    public DbSet<Paper> Papers => Set<Paper>();

    public DbSet<FeaturedEntry> FeaturedEntries => Set<FeaturedEntry>();

    public DbSet<SourceState> SourceStates => Set<SourceState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaperFeedDbContext).Assembly);
}
