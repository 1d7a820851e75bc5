using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class FollowedAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "Preferences_FollowedAuthors",
                table: "Subscriptions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'"); // the subscriptions there follow nobody
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Preferences_FollowedAuthors",
                table: "Subscriptions");
        }
    }
}
