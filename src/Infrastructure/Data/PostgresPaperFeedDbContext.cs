using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// The catalog's model on PostgreSQL, with its own migrations (<c>Data/PostgresMigrations</c>): SQLite's do not apply
/// to PostgreSQL. It also holds the keys of ASP.NET Core's data protection (antiforgery tokens, cookies), which every
/// web node of the instance must share; on SQLite, one machine keeps them as files in the data directory.
/// </summary>
public sealed class PostgresPaperFeedDbContext(DbContextOptions<PostgresPaperFeedDbContext> options) : PaperFeedDbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
