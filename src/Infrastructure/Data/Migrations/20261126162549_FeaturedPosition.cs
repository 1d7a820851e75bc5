using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Each featured entry keeps its place on the source's list, so that lists with an order of their own (Hugging
    /// Face's trending papers) are shown in it. Entries stored before have none and sort after those that do.
    /// </summary>
    public partial class FeaturedPosition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Position",
                table: "FeaturedEntries",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Position",
                table: "FeaturedEntries");
        }
    }
}
