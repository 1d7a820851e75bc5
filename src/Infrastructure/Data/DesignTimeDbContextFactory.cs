using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PaperFeed.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PaperFeedDbContext>
{
    public PaperFeedDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaperFeedDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// The same for PostgreSQL (<c>dotnet ef migrations add Name --context PostgresPaperFeedDbContext --output-dir
/// Data/PostgresMigrations</c>): adding a migration compares the model with the snapshot and connects to nothing.
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresPaperFeedDbContext>
{
    public PostgresPaperFeedDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPaperFeedDbContext>().UseNpgsql("Host=localhost;Database=paperfeed_design").Options);
}
