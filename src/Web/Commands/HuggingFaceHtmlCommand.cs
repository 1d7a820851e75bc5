using System.CommandLine;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Web.Commands;

/// <summary>
/// <c>ingest huggingface-html --date D | --week 2025-W11 | --month 2025-03 | --trending</c>: one of Hugging Face's papers
/// pages, read from the web site. A page's entries join the daily lists of the days they were featured; trending becomes
/// today's huggingface-trending list.
/// </summary>
internal static class HuggingFaceHtmlCommand
{
    public static Command Create(IServiceProvider services)
    {
        var date = new Option<string?>("--date") { Description = "A day's page (YYYY-MM-DD)." };
        var week = new Option<string?>("--week") { Description = "An ISO week's page (2025-W11)." };
        var month = new Option<string?>("--month") { Description = "A month's page (2025-03)." };
        var trending = new Option<bool>("--trending") { Description = "The trending papers, stored as today's (UTC) huggingface-trending list." };
        var command = new Command("huggingface-html", "Ingest a Hugging Face papers page (Sources:HuggingFace:WebBaseUrl/papers/…).");
        command.Options.Add(date);
        command.Options.Add(week);
        command.Options.Add(month);
        command.Options.Add(trending);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var (day, weekText, monthText, isTrending) = (result.GetValue(date), result.GetValue(week), result.GetValue(month), result.GetValue(trending));
            if (new[] { day is not null, weekText is not null, monthText is not null, isTrending }.Count(given => given) != 1)
            {
                await error.WriteLineAsync("error: give one of --date YYYY-MM-DD, --week YYYY-Www, --month YYYY-MM or --trending");
                return 2;
            }

            Period? period = null;
            if ((day is not null && !Period.TryParseDay(day, out period))
                || (weekText is not null && !Period.TryParseWeek(weekText, out period))
                || (monthText is not null && !Period.TryParseMonth(monthText, out period)))
            {
                var (option, value, example) = day is not null ? ("--date", day, "a date like 2025-03-14") : weekText is not null ? ("--week", weekText, "a week like 2025-W11") : ("--month", monthText, "a month like 2025-03");
                await error.WriteLineAsync($"error: {option} \"{value}\" is not {example}");
                return 2;
            }

            return await IngestRun.RunAsync<HuggingFaceHtmlSource>(
                services, result, new SourceQuery.Page(period), $"huggingface-html {period?.Slug ?? "trending"}", 1,
                p => p.Stored is not { } stored ? null
                    : stored.Days.Count == 0 ? $"{period?.Slug ?? "trending"}: no papers"
                    : string.Join(Environment.NewLine, stored.Days.Select((s, i) => $"[{i + 1}/{stored.Days.Count}] {s.Source} {s.Day:yyyy-MM-dd}: {CommandArguments.Papers(s.Entries)}")),
                cancellationToken);
        });
        return command;
    }
}
