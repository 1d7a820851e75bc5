using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaperOrganizationAndSubmitter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrganizationHandle",
                table: "Papers",
                type: "TEXT",
                maxLength: 96,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Submitter",
                table: "Papers",
                type: "TEXT",
                maxLength: 96,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmitterName",
                table: "Papers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Papers_OrganizationHandle_PublishedAt",
                table: "Papers",
                columns: new[] { "OrganizationHandle", "PublishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Papers_OrganizationHandle_PublishedAt",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "OrganizationHandle",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "Submitter",
                table: "Papers");

            migrationBuilder.DropColumn(
                name: "SubmitterName",
                table: "Papers");
        }
    }
}
