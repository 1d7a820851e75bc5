using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class PaperAuthorConfiguration : IEntityTypeConfiguration<PaperAuthor>
{
    public void Configure(EntityTypeBuilder<PaperAuthor> builder)
    {
        builder.HasKey(a => new { a.PaperId, a.Position });
        builder.Property(a => a.Name).HasMaxLength(1000);
        builder.Property(a => a.Key).HasMaxLength(AuthorName.MaxKeyLength);
        // An author's page: the papers of one key.
        builder.HasIndex(a => new { a.Key, a.PaperId });
        builder.HasOne<Paper>().WithMany().HasForeignKey(a => a.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataStepConfiguration : IEntityTypeConfiguration<DataStep>
{
    public void Configure(EntityTypeBuilder<DataStep> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}
