using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The search index's life next to the database: changes stored by other processes (operator commands) and while the
/// app was down reach it through the database's change log, a lost index is rebuilt, and one process owns it.
/// </summary>
public sealed class SearchIndexTests : IDisposable
{
    // "planner" is in a title on 2025-03-14 (2503.10480) and in an abstract on 2026-08-21 (2608.19891).
    private const string OnMarch14 = "2503.10480";
    private const string OnAugust21 = "2608.19891";
    private static readonly Dictionary<string, string> NoSettings = [];
    private readonly string _data = TestHost.NewDataDirectory();

    [Fact]
    public async Task Papers_stored_while_the_app_was_down_are_found_after_a_restart_and_a_lost_or_broken_index_is_rebuilt()
    {
        using (var first = Start())
        {
            await first.ImportAsync("2025-03-14");
            var ids = await ResultIdsAsync(first, "planner");
            Assert.Contains(OnMarch14, ids);
            Assert.DoesNotContain(OnAugust21, ids);
        }

        var import = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.Equal(0, import.ExitCode);

        using (var second = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(second, "planner")).Order());
        }

        Directory.Delete(Path.Combine(_data, "search-index"), recursive: true);
        using (var third = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(third, "planner")).Order());
        }

        foreach (var file in Directory.GetFiles(Path.Combine(_data, "search-index")))
        {
            await File.WriteAllTextAsync(file, "not an index");
        }

        using (var fourth = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(fourth, "planner")).Order());
        }

        // One file of a segment lost: the index no longer opens, and is built again.
        File.Delete(Directory.GetFiles(Path.Combine(_data, "search-index"), "*.si").First());
        using (var fifth = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(fifth, "planner")).Order());
        }

        File.Delete(Directory.GetFiles(Path.Combine(_data, "search-index"), "*.si").First());
        var rebuilt = await AppProcess.RunAsync(_data, NoSettings, "search", "rebuild");
        Assert.Equal(0, rebuilt.ExitCode);
        Assert.Contains("Search index rebuilt", rebuilt.Stdout);
    }

    [Fact]
    public async Task An_instance_that_started_as_a_reader_takes_the_index_over_when_its_owner_stops()
    {
        var owner = Start();
        await owner.ImportAsync("2025-03-14");
        Assert.Contains(OnMarch14, await ResultIdsAsync(owner, "planner"));

        using var second = Start(); // same data directory: it can only read while the first runs
        Assert.Contains(OnMarch14, await ResultIdsAsync(second, "planner"));
        owner.Dispose();

        await second.ImportAsync("2026-08-21");
        var found = false;
        for (var i = 0; i < 40 && !found; i++) // its worker takes over within a few seconds
        {
            found = (await ResultIdsAsync(second, "planner")).Contains(OnAugust21);
            await Task.Delay(250);
        }

        Assert.True(found, "the second instance never applied the new papers");
    }

    [Fact]
    public async Task An_index_of_another_database_is_rebuilt_instead_of_answering_with_its_papers()
    {
        using (var first = Start())
        {
            await first.ImportAsync("2026-08-21");
            Assert.Contains(OnAugust21, await ResultIdsAsync(first, "planner"));
        }

        // The catalog is reset (or restored from an older copy); the index in the data directory stays.
        TestDatabase.Reset(_data);

        using var second = Start();
        await second.ImportAsync("2025-03-14");
        Assert.Equal([OnMarch14], await ResultIdsAsync(second, "planner"));
    }

    [Fact]
    public async Task The_running_app_finds_what_another_process_stored_and_owns_the_index_until_it_stops()
    {
        var app = Start();
        await app.ImportAsync("2025-03-14");
        Assert.DoesNotContain(OnAugust21, await ResultIdsAsync(app, "planner"));

        var import = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.Equal(0, import.ExitCode);
        Assert.Contains(OnAugust21, await ResultIdsAsync(app, "planner"));

        var refused = await AppProcess.RunAsync(_data, NoSettings, "search", "rebuild");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("in use by a running PaperFeed", refused.Stderr);
        Assert.Contains($"(process {Environment.ProcessId}: ", refused.Stderr); // which process holds it: here, this test's app

        var papers = 0;
        await app.WithDbAsync(async db => papers = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Papers));
        app.Dispose();

        var rebuilt = await AppProcess.RunAsync(_data, NoSettings, "search", "rebuild");
        Assert.Equal(0, rebuilt.ExitCode);
        Assert.Contains($"Search index rebuilt: {papers:N0} papers", rebuilt.Stdout);
        using var again = Start();
        Assert.Contains(OnAugust21, await ResultIdsAsync(again, "planner"));
    }

    [Fact]
    public async Task A_second_rebuild_while_one_runs_is_refused_naming_the_rebuild_that_holds_the_index()
    {
        foreach (var day in new[] { "2024-05-27", "2025-03-14", "2025-06-17", "2025-09-16", "2026-08-21" })
        {
            var import = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay(day));
            Assert.True(import.ExitCode == 0, import.Stderr);
        }

        // The first rebuild is frozen (SIGSTOP) while it holds the index, so the second surely runs meanwhile; a first
        // rebuild that finished before it could be frozen is run again.
        var lockPath = Path.Combine(_data, "search-index.lock");
        for (var attempt = 1; ; attempt++)
        {
            using var first = AppProcess.Start(_data, NoSettings, "search", "rebuild");
            var held = false;
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); !first.HasExited && waited.Elapsed < TimeSpan.FromSeconds(30);)
            {
                if (HolderMentions(lockPath, $"process {first.Id}: ") && Freeze(first))
                {
                    if (StillHolds(lockPath))
                    {
                        held = true;
                        break;
                    }

                    Thaw(first); // frozen just after it let the index go: let it finish, and try again
                }

                Thread.Sleep(1); // leave the cores to the rebuild being watched
            }

            if (!held)
            {
                await first.WaitForExitAsync();
                Assert.True(attempt < 10, "the first rebuild never held the index long enough to be frozen");
                continue;
            }

            try
            {
                var second = await AppProcess.RunAsync(_data, NoSettings, "search", "rebuild");
                Assert.Equal(1, second.ExitCode);
                Assert.Contains($"in use by a running PaperFeed (process {first.Id}: PaperFeed.Web search rebuild, since ", second.Stderr);
                Assert.Contains("which is rebuilding it; wait for it to finish", second.Stderr);
            }
            finally
            {
                Thaw(first);
            }

            await first.WaitForExitAsync();
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("Search index rebuilt", await first.StandardOutput.ReadToEndAsync());
            break;
        }

        using var app = Start();
        var found = await ResultIdsAsync(app, "planner");
        Assert.Contains(OnMarch14, found);
        Assert.Contains(OnAugust21, found);
    }

    [Fact]
    public async Task A_rebuild_killed_while_it_holds_the_index_leaves_search_working_and_the_next_rebuild_runs()
    {
        foreach (var day in new[] { "2025-03-14", "2026-08-21" })
        {
            var import = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay(day));
            Assert.True(import.ExitCode == 0, import.Stderr);
        }

        // Killed (SIGKILL: no chance to let go of anything) while it holds the index, in the middle of writing it.
        var lockPath = Path.Combine(_data, "search-index.lock");
        var killed = 0;
        for (var attempt = 1; killed == 0; attempt++)
        {
            using var rebuild = AppProcess.Start(_data, NoSettings, "search", "rebuild");
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); !rebuild.HasExited && waited.Elapsed < TimeSpan.FromSeconds(30); Thread.Sleep(1))
            {
                if (HolderMentions(lockPath, $"process {rebuild.Id}: "))
                {
                    rebuild.Kill();
                    killed++;
                    break;
                }
            }

            await rebuild.WaitForExitAsync();
            Assert.True(killed > 0 || attempt < 10, "the rebuild never held the index long enough to be killed");
        }

        Assert.False(StillHolds(lockPath)); // the lock dies with its process
        using (var app = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(app, "planner")).Order());
        }

        var again = await AppProcess.RunAsync(_data, NoSettings, "search", "rebuild");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("Search index rebuilt", again.Stdout);
        using (var app = Start())
        {
            Assert.Equal([OnMarch14, OnAugust21], (await ResultIdsAsync(app, "planner")).Order());
        }
    }

    private static bool HolderMentions(string lockPath, string text)
    {
        try
        {
            return File.ReadAllText(lockPath + ".owner").Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Whether some process holds the index's lock (an exclusive open of the lock file fails).</summary>
    private static bool StillHolds(string lockPath)
    {
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static bool Freeze(System.Diagnostics.Process process) => Signal(process.Id, 19) == 0; // SIGSTOP

    private static void Thaw(System.Diagnostics.Process process) => Signal(process.Id, 18); // SIGCONT

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int signal);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private PaperFeedFactory Start() => new(new Dictionary<string, string?> { ["App:DataDirectory"] = _data });

    private static Task<List<string>> ResultIdsAsync(PaperFeedFactory app, string query) => app.SearchResultIdsAsync(query);
}
