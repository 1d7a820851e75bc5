using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PaperFeed.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PaperFeedDbContext>
{
    public PaperFeedDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaperFeedDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
