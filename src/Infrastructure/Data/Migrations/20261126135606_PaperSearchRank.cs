using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Makes the index's own rank column the ranking the searches use (bm25 with the title weighted 10, abstract 1,
    /// authors and keywords 3), for ad-hoc queries with ORDER BY rank (the app names bm25 itself: it measured faster).
    /// </summary>
    public partial class PaperSearchRank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("INSERT INTO PaperSearch(PaperSearch, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 3.0)');");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("INSERT INTO PaperSearch(PaperSearch, rank) VALUES ('rank', 'bm25()');");
    }
}
