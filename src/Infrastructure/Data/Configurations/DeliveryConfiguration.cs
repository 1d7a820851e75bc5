using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        // At most one delivery per subscriber and edition, whatever the scheduler does: the exactly-once guarantee.
        builder.HasIndex(d => new { d.SubscriptionId, d.Edition }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.Property(d => d.Edition).HasMaxLength(32);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasMany(d => d.Papers).WithOne().HasForeignKey(p => p.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryPaperConfiguration : IEntityTypeConfiguration<DeliveryPaper>
{
    public void Configure(EntityTypeBuilder<DeliveryPaper> builder)
    {
        builder.HasKey(p => new { p.DeliveryId, p.PaperId });
        builder.Property(p => p.Reason).HasMaxLength(300);
        builder.HasOne<Paper>().WithMany().HasForeignKey(p => p.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
