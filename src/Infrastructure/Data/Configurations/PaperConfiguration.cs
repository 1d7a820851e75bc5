using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data.Configurations;

internal sealed class PaperConfiguration : IEntityTypeConfiguration<Paper>
{
    public void Configure(EntityTypeBuilder<Paper> builder)
    {
        builder.HasIndex(p => p.ArxivId).IsUnique();
        builder.Property(p => p.ArxivId).HasMaxLength(64);
        builder.Property(p => p.Title).HasMaxLength(1000);
        builder.Property(p => p.GithubRepo).HasMaxLength(500);
        builder.Property(p => p.ProjectPage).HasMaxLength(1000);
        builder.Property(p => p.ThumbnailUrl).HasMaxLength(1000);
        builder.Property(p => p.Organization).HasMaxLength(200);
        builder.Property(p => p.OrganizationHandle).HasMaxLength(HuggingFaceNames.MaxLength);
        builder.Property(p => p.Submitter).HasMaxLength(HuggingFaceNames.MaxLength);
        builder.Property(p => p.SubmitterName).HasMaxLength(200);
        // An organization's page lists its papers newest first.
        builder.HasIndex(p => new { p.OrganizationHandle, p.PublishedAt });

        // Authors and keywords are stored as JSON arrays: read with the paper, kept in order.
        builder.PrimitiveCollection(p => p.Authors);
        builder.PrimitiveCollection(p => p.Keywords);
        builder.PrimitiveCollection(p => p.Categories);
        builder.Property(p => p.PrimaryCategory).HasMaxLength(64);
        builder.Property(p => p.Doi).HasMaxLength(200);
        builder.Property(p => p.JournalRef).HasMaxLength(1000);
        builder.Property(p => p.ArxivComment).HasMaxLength(2000);

        builder.HasMany(p => p.Featured).WithOne(f => f.Paper).HasForeignKey(f => f.PaperId);
    }
}
