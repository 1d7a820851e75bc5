using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Stores the ranking in the index (bm25 with the title weighted 10, abstract 1, authors and keywords 3), so that
    /// queries ORDER BY the FTS5 rank column and FTS5 sorts inside the index.
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
