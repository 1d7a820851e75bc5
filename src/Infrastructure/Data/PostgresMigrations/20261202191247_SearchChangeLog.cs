using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.PostgresMigrations
{
    /// <summary>
    /// The search change log, as on SQLite (see that set's SearchChangeLog migration): trigger functions append the id
    /// of every paper whose searchable text or featured entries change, whichever process changed it, and every web
    /// node's search index applies the log in order. SearchCatalog holds a random id of this database.
    /// Entries must become visible in the order of their numbers, or a node that applied up to 10 would never see a 9
    /// committed after it: each trigger takes the catalog's write lock (<see cref="CatalogWriteLock"/>, a
    /// transaction-level advisory lock), so transactions that change searchable papers append to the log one at a time,
    /// and a transaction's entries are numbered and committed before the next one's.
    /// </summary>
    public partial class SearchChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "SearchChanges" (
                    "Seq" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "PaperId" integer NOT NULL,
                    "ChangedAt" timestamp with time zone NOT NULL DEFAULT now());
                """);
            migrationBuilder.Sql("""CREATE TABLE "SearchCatalog" ("Id" text NOT NULL);""");
            migrationBuilder.Sql("""INSERT INTO "SearchCatalog" ("Id") VALUES (replace(gen_random_uuid()::text, '-', ''));""");
            migrationBuilder.Sql($$"""
                CREATE FUNCTION "Papers_LogSearchChange"() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_advisory_xact_lock({{CatalogWriteLock.Key}});
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO "SearchChanges" ("PaperId") VALUES (OLD."Id");
                    ELSE
                        INSERT INTO "SearchChanges" ("PaperId") VALUES (NEW."Id");
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
            migrationBuilder.Sql($$"""
                CREATE FUNCTION "FeaturedEntries_LogSearchChange"() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    PERFORM pg_advisory_xact_lock({{CatalogWriteLock.Key}});
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO "SearchChanges" ("PaperId") VALUES (OLD."PaperId");
                    ELSE
                        INSERT INTO "SearchChanges" ("PaperId") VALUES (NEW."PaperId");
                        IF TG_OP = 'UPDATE' AND OLD."PaperId" <> NEW."PaperId" THEN
                            INSERT INTO "SearchChanges" ("PaperId") VALUES (OLD."PaperId");
                        END IF;
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Papers_SearchChange"
                AFTER INSERT OR DELETE OR UPDATE OF "Title", "Abstract", "Authors", "Keywords", "Categories", "PrimaryCategory" ON "Papers"
                FOR EACH ROW EXECUTE FUNCTION "Papers_LogSearchChange"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "FeaturedEntries_SearchChange"
                AFTER INSERT OR DELETE OR UPDATE OF "Upvotes", "Date", "PaperId" ON "FeaturedEntries"
                FOR EACH ROW EXECUTE FUNCTION "FeaturedEntries_LogSearchChange"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Papers_SearchChange" ON "Papers";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "FeaturedEntries_SearchChange" ON "FeaturedEntries";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "Papers_LogSearchChange"();""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "FeaturedEntries_LogSearchChange"();""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "SearchChanges";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "SearchCatalog";""");
        }
    }
}
