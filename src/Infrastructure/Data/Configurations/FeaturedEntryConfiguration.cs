using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class FeaturedEntryConfiguration : IEntityTypeConfiguration<FeaturedEntry>
{
    public void Configure(EntityTypeBuilder<FeaturedEntry> builder)
    {
        builder.Property(f => f.Source).HasMaxLength(64);

        // One entry per paper per list per day: re-ingesting a day can only update counts.
        builder.HasIndex(f => new { f.Source, f.Date, f.PaperId }).IsUnique();
        builder.HasIndex(f => f.PaperId);
    }
}
