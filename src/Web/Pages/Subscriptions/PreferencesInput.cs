using System.Globalization;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Web.Pages.Subscriptions;

/// <summary>The preferences form as posted, with its validation into <see cref="DigestPreferences"/>.</summary>
public sealed class PreferencesInput
{
    public string Frequency { get; set; } = "daily";

    public bool SkipWeekends { get; set; }

    public string WeeklyDay { get; set; } = nameof(DayOfWeek.Monday);

    public int DeliveryHour { get; set; } = DigestPreferences.DefaultHour;

    public string TimeZone { get; set; } = "UTC";

    public int MaxPapers { get; set; } = DigestPreferences.DefaultMaxPapers;

    public int MinUpvotes { get; set; }

    public string? IncludeKeywords { get; set; }

    public string? ExcludeKeywords { get; set; }

    public string? FollowedAuthors { get; set; }

    /// <summary>"top", "for-you" or "mixed".</summary>
    public string Ranking { get; set; } = "top";

    /// <summary>The form's value of each ranking.</summary>
    public static string RankingValue(DigestRanking ranking) => ranking switch
    {
        DigestRanking.ForYou => "for-you",
        DigestRanking.Mixed => "mixed",
        _ => "top",
    };

    public static PreferencesInput From(DigestPreferences preferences) => new()
    {
        Frequency = preferences.Frequency == DigestFrequency.Weekly ? "weekly" : "daily",
        SkipWeekends = preferences.SkipWeekends,
        WeeklyDay = preferences.WeeklyDay.ToString(),
        DeliveryHour = preferences.DeliveryHour,
        TimeZone = preferences.TimeZone,
        MaxPapers = preferences.MaxPapers,
        MinUpvotes = preferences.MinUpvotes,
        IncludeKeywords = string.Join(", ", preferences.IncludeKeywords),
        ExcludeKeywords = string.Join(", ", preferences.ExcludeKeywords),
        FollowedAuthors = string.Join("\n", preferences.FollowedAuthors),
        Ranking = RankingValue(preferences.Ranking),
    };

    /// <summary>The preferences, or the errors per field (keyed by input name).</summary>
    public (DigestPreferences? Preferences, Dictionary<string, string> Errors) Validate()
    {
        var errors = new Dictionary<string, string>();
        if (Frequency is not ("daily" or "weekly"))
        {
            errors[nameof(Frequency)] = "Choose daily or weekly.";
        }

        if (!Enum.TryParse<DayOfWeek>(WeeklyDay, ignoreCase: false, out var weeklyDay) || !Enum.IsDefined(weeklyDay))
        {
            errors[nameof(WeeklyDay)] = "Choose a day of the week.";
        }

        if (DeliveryHour is < 0 or > 23)
        {
            errors[nameof(DeliveryHour)] = "Choose an hour from 0 to 23.";
        }

        if (!DigestSchedule.IsKnownZone(TimeZone))
        {
            errors[nameof(TimeZone)] = "Choose a time zone from the list.";
        }

        if (MaxPapers is < 1 or > 50)
        {
            errors[nameof(MaxPapers)] = "Choose from 1 to 50 papers.";
        }

        if (MinUpvotes is < 0 or > 100_000)
        {
            errors[nameof(MinUpvotes)] = "Enter a number of upvotes from 0 to 100000.";
        }

        var include = Keywords(IncludeKeywords, nameof(IncludeKeywords), errors);
        var exclude = Keywords(ExcludeKeywords, nameof(ExcludeKeywords), errors);
        var authors = Authors(FollowedAuthors, errors);
        var ranking = Enum.GetValues<DigestRanking>().Where(r => RankingValue(r) == Ranking).Select(r => (DigestRanking?)r).FirstOrDefault();
        if (ranking is null)
        {
            errors[nameof(Ranking)] = "Choose top by upvotes, for you, or mixed.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new DigestPreferences
        {
            Frequency = Frequency == "weekly" ? DigestFrequency.Weekly : DigestFrequency.Daily,
            SkipWeekends = SkipWeekends,
            WeeklyDay = weeklyDay,
            DeliveryHour = DeliveryHour,
            TimeZone = TimeZone,
            MaxPapers = MaxPapers,
            MinUpvotes = MinUpvotes,
            IncludeKeywords = include,
            ExcludeKeywords = exclude,
            FollowedAuthors = authors,
            Ranking = ranking!.Value,
        }, errors);
    }

    /// <summary>One name a line (a comma is part of names such as "Smith, J."), each once by its match key.</summary>
    private static List<string> Authors(string? text, Dictionary<string, string> errors)
    {
        var names = (text ?? "")
            .Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .DistinctBy(AuthorName.Key, StringComparer.Ordinal)
            .ToList();
        if (names.Count > DigestPreferences.MaxFollowedAuthors)
        {
            errors[nameof(FollowedAuthors)] = string.Create(CultureInfo.InvariantCulture, $"Follow at most {DigestPreferences.MaxFollowedAuthors} authors.");
        }
        else if (names.Any(n => n.Length > DigestPreferences.MaxAuthorNameLength))
        {
            errors[nameof(FollowedAuthors)] = string.Create(CultureInfo.InvariantCulture, $"Each name has at most {DigestPreferences.MaxAuthorNameLength} characters.");
        }
        else if (names.Any(n => n.Any(char.IsControl) || PaperText.HasInvalidCharacters(n)))
        {
            errors[nameof(FollowedAuthors)] = "Names cannot hold control characters.";
        }
        else if (names.FirstOrDefault(n => AuthorName.Key(n).Length == 0) is { } nameless)
        {
            errors[nameof(FollowedAuthors)] = $"\"{nameless}\" holds no letter: write one name a line.";
        }

        return names;
    }

    private static List<string> Keywords(string? text, string field, Dictionary<string, string> errors)
    {
        var keywords = (text ?? "")
            .Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (keywords.Count > DigestPreferences.MaxKeywords)
        {
            errors[field] = string.Create(CultureInfo.InvariantCulture, $"At most {DigestPreferences.MaxKeywords} keywords.");
        }
        else if (keywords.Any(k => k.Length > DigestPreferences.MaxKeywordLength))
        {
            errors[field] = string.Create(CultureInfo.InvariantCulture, $"Each keyword has at most {DigestPreferences.MaxKeywordLength} characters.");
        }
        else if (keywords.Any(k => k.Any(char.IsControl) || PaperText.HasInvalidCharacters(k)))
        {
            errors[field] = "Keywords cannot hold control characters.";
        }

        return keywords;
    }
}
