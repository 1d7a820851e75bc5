using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaperFeed.Infrastructure.Data.PostgresMigrations
{
    /// <summary>
    /// The catalog's version, as on SQLite (see that set's CatalogVersion migration). Statement-level triggers that run
    /// BEFORE the statement: a transaction then locks the version's row before any row of the table it changes, the
    /// same order in every writer (after the catalog's advisory lock, <see cref="CatalogWriteLock"/>, where it takes
    /// it), so two writers never each hold what the other waits for; and the new number commits with the change, never
    /// before it.
    /// </summary>
    public partial class CatalogVersion : Migration
    {
        private static readonly string[] Tables = ["Papers", "FeaturedEntries", "SourceStates"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE TABLE "CatalogVersion" ("Value" bigint NOT NULL);""");
            migrationBuilder.Sql("""INSERT INTO "CatalogVersion" ("Value") VALUES (1);""");
            migrationBuilder.Sql("""
                CREATE FUNCTION "CatalogVersion_Bump"() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    UPDATE "CatalogVersion" SET "Value" = "Value" + 1;
                    RETURN NULL;
                END
                $fn$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION "CatalogVersion_Bump"();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_Version" ON "{table}";""");
            }

            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "CatalogVersion_Bump"();""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "CatalogVersion";""");
        }
    }
}
