// Compiled into each *.Postgres.Tests assembly (linked by its project): the tests of its sibling project, compiled
// again, run on PostgreSQL. Those projects run as tests when PAPERFEED_TEST_POSTGRES names a server, and always under
// CI, where a missing server fails them (see tests/Postgres.targets).
using System.Runtime.CompilerServices;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Testing.OnPostgres;

internal static class PostgresAssembly
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any test builds a host.")]
    public static void Initialize()
    {
        if (TestDatabase.Provider != DatabaseProvider.Postgres)
        {
            TestDatabase.UsePostgres();
        }
    }
}
