using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class SourceStateConfiguration : IEntityTypeConfiguration<SourceState>
{
    public void Configure(EntityTypeBuilder<SourceState> builder)
    {
        builder.HasKey(s => s.Source);
        builder.Property(s => s.Source).HasMaxLength(64);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.Cursor).HasMaxLength(200);
        builder.Ignore(s => s.IsFailing);
    }
}
