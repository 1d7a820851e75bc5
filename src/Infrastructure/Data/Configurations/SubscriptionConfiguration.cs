using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.HasIndex(s => s.Email).IsUnique();
        builder.HasIndex(s => s.PublicId).IsUnique();
        builder.HasIndex(s => s.ConfirmationTokenHash);
        builder.HasIndex(s => s.NoticeDueAt); // the senders' scan for due notices
        builder.HasIndex(s => s.LastNoticeSentAt); // the site-wide count of the last hour's notices
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.PublicId).HasMaxLength(32);
        builder.Property(s => s.ConfirmationTokenHash).HasMaxLength(64);
        builder.Property(s => s.ConsentMethod).HasMaxLength(200);
        builder.Property(s => s.SuppressionReason).HasMaxLength(1000);

        builder.OwnsOne(s => s.Preferences, preferences =>
        {
            preferences.Property(p => p.TimeZone).HasMaxLength(64);
            preferences.PrimitiveCollection(p => p.IncludeKeywords);
            preferences.PrimitiveCollection(p => p.ExcludeKeywords);
            preferences.PrimitiveCollection(p => p.FollowedAuthors);
        });

        builder.HasMany(s => s.Deliveries).WithOne(d => d.Subscription).HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
