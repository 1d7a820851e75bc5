using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// The catalog's version (see <c>Data/CatalogVersion.cs</c>): one number that triggers move on in the writer's own
    /// transaction whenever a paper, a featured entry or a source's state is added, changed or removed, by whichever
    /// process. Cached pages are keyed on it. The table is outside the EF model, like the search change log.
    /// </summary>
    public partial class CatalogVersion : Migration
    {
        private static readonly string[] Tables = ["Papers", "FeaturedEntries", "SourceStates"];
        private static readonly string[] Events = ["Insert", "Update", "Delete"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE CatalogVersion (Value INTEGER NOT NULL);");
            migrationBuilder.Sql("INSERT INTO CatalogVersion (Value) VALUES (1);");
            foreach (var table in Tables)
            {
                foreach (var change in Events)
                {
                    migrationBuilder.Sql($"CREATE TRIGGER {table}_Version{change} AFTER {change.ToUpperInvariant()} ON {table} BEGIN UPDATE CatalogVersion SET Value = Value + 1; END;");
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                foreach (var change in Events)
                {
                    migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_Version{change};");
                }
            }

            migrationBuilder.Sql("DROP TABLE IF EXISTS CatalogVersion;");
        }
    }
}
