using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "NoticeAttempts",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "NoticeClaimedAt",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NoticeDueAt",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_LastNoticeSentAt",
                table: "Subscriptions",
                column: "LastNoticeSentAt");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_NoticeDueAt",
                table: "Subscriptions",
                column: "NoticeDueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_LastNoticeSentAt",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_NoticeDueAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "NoticeAttempts",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "NoticeClaimedAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "NoticeDueAt",
                table: "Subscriptions");
        }
    }
}
