using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArxivBibliography : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ArxivComment",
                table: "Papers",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Categories",
                table: "Papers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Doi",
                table: "Papers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HasArxivBibliography",
                table: "Papers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "JournalRef",
                table: "Papers",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrimaryCategory",
                table: "Papers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ArxivComment",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "Categories",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "Doi",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "HasArxivBibliography",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "JournalRef",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "PrimaryCategory",
                table: "Papers");
        }
    }
}
