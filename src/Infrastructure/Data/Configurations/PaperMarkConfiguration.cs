using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Library;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class PaperMarkConfiguration : IEntityTypeConfiguration<PaperMark>
{
    public void Configure(EntityTypeBuilder<PaperMark> builder)
    {
        // One mark per subscriber and paper: marking again replaces it.
        builder.HasKey(m => new { m.SubscriptionId, m.PaperId });
        // The library, newest first.
        builder.HasIndex(m => new { m.SubscriptionId, m.Kind, m.MarkedAt });
        // "Delete all my data" takes the marks with it.
        builder.HasOne<Subscription>().WithMany().HasForeignKey(m => m.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Paper>().WithMany().HasForeignKey(m => m.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
