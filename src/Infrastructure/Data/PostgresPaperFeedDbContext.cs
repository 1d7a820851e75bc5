using Microsoft.EntityFrameworkCore;

namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// The catalog's model on PostgreSQL. A type of its own only so that EF Core keeps a migrations set per provider
/// (<c>Data/PostgresMigrations</c>): SQLite's migrations do not apply to PostgreSQL.
/// </summary>
public sealed class PostgresPaperFeedDbContext(DbContextOptions<PostgresPaperFeedDbContext> options) : PaperFeedDbContext(options);
