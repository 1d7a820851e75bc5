using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Mail written as files (no mail server) holds addresses and personal links: it is not kept for ever.</summary>
public sealed class PickupFolderTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 22, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 7)]
    [InlineData("2", 2)]
    public async Task The_hourly_housekeeping_deletes_the_messages_older_than_the_retention_and_keeps_the_newer(string? setting, int days)
    {
        var settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://papers.example.org" };
        if (setting is not null)
        {
            settings["Email:PickupRetentionDays"] = setting;
        }

        await using var host = await TestHost.StartAsync(settings: settings, clock: new FakeTimeProvider(Now));
        // Two confirmations, written to the pickup folder as the app writes every message when it has no mail server.
        foreach (var email in new[] { "old@example.org", "new@example.org" })
        {
            await host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().SubscribeAsync(email, null, CancellationToken.None));
        }

        await host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionNotices>().SendDueAsync(CancellationToken.None));
        var folder = host.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        var files = PickupFiles.ByFile(folder).ToDictionary(f => f.Value, f => f.Key);
        File.SetLastWriteTimeUtc(files["old@example.org"], Now.UtcDateTime.AddDays(-days).AddMinutes(-1));
        File.SetLastWriteTimeUtc(files["new@example.org"], Now.UtcDateTime.AddDays(-days).AddMinutes(1));

        await HousekeepingPassAsync(host, until: () => !File.Exists(files["old@example.org"]));

        Assert.Equal(["new@example.org"], PickupFiles.ByFile(folder).Values);
    }

    [Fact]
    public async Task Messages_to_someone_whose_data_another_node_deleted_go_with_the_next_hourly_housekeeping()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://papers.example.org" }, clock: new FakeTimeProvider(Now));
        foreach (var email in new[] { "Stays@Example.org", "gone@example.org" })
        {
            await host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionService>().SubscribeAsync(email, null, CancellationToken.None));
        }

        await host.InScopeAsync(sp => sp.GetRequiredService<SubscriptionNotices>().SendDueAsync(CancellationToken.None));
        var folder = host.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        Assert.Equal(2, PickupFiles.ByFile(folder).Count);

        // "Delete all my data" answered by another node: the row is gone, this node's folder was not its to clean.
        await host.QueryAsync(db => db.Subscriptions.Where(s => s.Email == "gone@example.org").ExecuteDeleteAsync());
        await HousekeepingPassAsync(host, until: () => PickupFiles.ByFile(folder).Count < 2);

        Assert.Equal(["Stays@Example.org"], PickupFiles.ByFile(folder).Values);
    }

    /// <summary>One pass of the notice sender every process runs: its first pass does the hourly housekeeping.</summary>
    private static async Task HousekeepingPassAsync(TestHost host, Func<bool> until)
    {
        var sender = new NoticeSender(host.Services.GetRequiredService<IServiceScopeFactory>(), host.Services.GetRequiredService<NoticeSignal>(),
            host.Services.GetRequiredService<ILogger<NoticeSender>>());
        await sender.StartAsync(CancellationToken.None);
        for (var i = 0; i < 200 && !until(); i++)
        {
            await Task.Delay(50);
        }

        await sender.StopAsync(CancellationToken.None); // its pass is over: nothing else goes after this
    }
}
