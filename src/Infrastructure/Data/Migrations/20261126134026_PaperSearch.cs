using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Full-text search: an FTS5 index over the papers' title, abstract, authors and keywords, kept in sync by
    /// triggers on every insert, update and delete (so every ingest path updates it), filled from what is stored.
    /// SQLite only; the PostgreSQL migrations will carry their own search.
    /// </summary>
    public partial class PaperSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Authors and keywords are stored as JSON arrays (with \u escapes for non-ASCII letters); the index gets
            // them as plain text, so that "Vulić" finds Ivan Vulić. The view is the index's external content.
            migrationBuilder.Sql("""
                CREATE VIEW PaperSearchSource AS
                SELECT Id, Title, Abstract,
                       (SELECT group_concat(value, ', ') FROM json_each(Papers.Authors)) AS Authors,
                       (SELECT group_concat(value, ', ') FROM json_each(Papers.Keywords)) AS Keywords
                FROM Papers;
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE PaperSearch USING fts5(
                    Title, Abstract, Authors, Keywords,
                    content='PaperSearchSource', content_rowid='Id',
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Papers_SearchInsert AFTER INSERT ON Papers BEGIN
                    INSERT INTO PaperSearch(rowid, Title, Abstract, Authors, Keywords)
                    VALUES (new.Id, new.Title, new.Abstract,
                        (SELECT group_concat(value, ', ') FROM json_each(new.Authors)), (SELECT group_concat(value, ', ') FROM json_each(new.Keywords)));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Papers_SearchDelete AFTER DELETE ON Papers BEGIN
                    INSERT INTO PaperSearch(PaperSearch, rowid, Title, Abstract, Authors, Keywords)
                    VALUES ('delete', old.Id, old.Title, old.Abstract,
                        (SELECT group_concat(value, ', ') FROM json_each(old.Authors)), (SELECT group_concat(value, ', ') FROM json_each(old.Keywords)));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Papers_SearchUpdate AFTER UPDATE OF Title, Abstract, Authors, Keywords ON Papers BEGIN
                    INSERT INTO PaperSearch(PaperSearch, rowid, Title, Abstract, Authors, Keywords)
                    VALUES ('delete', old.Id, old.Title, old.Abstract,
                        (SELECT group_concat(value, ', ') FROM json_each(old.Authors)), (SELECT group_concat(value, ', ') FROM json_each(old.Keywords)));
                    INSERT INTO PaperSearch(rowid, Title, Abstract, Authors, Keywords)
                    VALUES (new.Id, new.Title, new.Abstract,
                        (SELECT group_concat(value, ', ') FROM json_each(new.Authors)), (SELECT group_concat(value, ', ') FROM json_each(new.Keywords)));
                END;
                """);
            // Not the 'rebuild' command: it cannot read a view that uses json_each (SQLite reports "no such table: main.json_each").
            migrationBuilder.Sql("INSERT INTO PaperSearch(rowid, Title, Abstract, Authors, Keywords) SELECT Id, Title, Abstract, Authors, Keywords FROM PaperSearchSource;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Papers_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Papers_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Papers_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS PaperSearch;");
            migrationBuilder.Sql("DROP VIEW IF EXISTS PaperSearchSource;");
        }
    }
}
