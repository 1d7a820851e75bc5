using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Search moves from FTS5 to a Lucene index in the data directory (FTS5 scored every match: docs/benchmarks.md).
    /// The database keeps a change log instead: triggers append the id of every paper whose searchable text or whose
    /// featured entries (votes, days) change, whichever process or ingest path changed it, and the index applies the
    /// log in order. A new or lost index is rebuilt from the papers themselves, so the log starts empty.
    /// SearchCatalog holds a random id of this database, so that an index built for another database (a reset or a
    /// restored copy) is recognized and rebuilt instead of answering with another catalog's papers.
    /// </summary>
    public partial class SearchChangeLog : Migration
    {
        private static readonly string[] Triggers =
        [
            "Papers_SearchInsert", "Papers_SearchUpdate", "Papers_SearchDelete",
            "FeaturedEntries_SearchInsert", "FeaturedEntries_SearchUpdate", "FeaturedEntries_SearchDelete",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in Triggers)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            }

            migrationBuilder.Sql("DROP TABLE IF EXISTS PaperSearch;");
            migrationBuilder.Sql("DROP VIEW IF EXISTS PaperSearchSource;");
            migrationBuilder.Sql("""
                CREATE TABLE SearchChanges (
                    Seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    PaperId INTEGER NOT NULL,
                    ChangedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')));
                """);
            migrationBuilder.Sql("CREATE TABLE SearchCatalog (Id TEXT NOT NULL);");
            migrationBuilder.Sql("INSERT INTO SearchCatalog (Id) VALUES (lower(hex(randomblob(16))));");
            migrationBuilder.Sql("CREATE TRIGGER Papers_SearchInsert AFTER INSERT ON Papers BEGIN INSERT INTO SearchChanges(PaperId) VALUES (new.Id); END;");
            migrationBuilder.Sql("""
                CREATE TRIGGER Papers_SearchUpdate AFTER UPDATE OF Title, Abstract, Authors, Keywords, Categories, PrimaryCategory ON Papers
                BEGIN INSERT INTO SearchChanges(PaperId) VALUES (new.Id); END;
                """);
            migrationBuilder.Sql("CREATE TRIGGER Papers_SearchDelete AFTER DELETE ON Papers BEGIN INSERT INTO SearchChanges(PaperId) VALUES (old.Id); END;");
            migrationBuilder.Sql("CREATE TRIGGER FeaturedEntries_SearchInsert AFTER INSERT ON FeaturedEntries BEGIN INSERT INTO SearchChanges(PaperId) VALUES (new.PaperId); END;");
            migrationBuilder.Sql("""
                CREATE TRIGGER FeaturedEntries_SearchUpdate AFTER UPDATE OF Upvotes, Date, PaperId ON FeaturedEntries
                BEGIN
                    INSERT INTO SearchChanges(PaperId) VALUES (new.PaperId);
                    INSERT INTO SearchChanges(PaperId) SELECT old.PaperId WHERE old.PaperId <> new.PaperId;
                END;
                """);
            migrationBuilder.Sql("CREATE TRIGGER FeaturedEntries_SearchDelete AFTER DELETE ON FeaturedEntries BEGIN INSERT INTO SearchChanges(PaperId) VALUES (old.PaperId); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in Triggers)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            }

            migrationBuilder.Sql("DROP TABLE IF EXISTS SearchChanges;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS SearchCatalog;");
            // The FTS5 index of the earlier migrations is not recreated: code before this migration needs a fresh database.
        }
    }
}
