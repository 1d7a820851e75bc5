using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;

namespace PaperFeed.Web.Commands;

/// <summary>Checks of the commands' arguments: each bad one is one line on stderr naming the option, and the command exits with 2.</summary>
internal static class CommandArguments
{
    /// <summary>True (with null) when the option was not given; false, after saying why, when it is no date.</summary>
    public static bool TryDay(string? text, string option, TextWriter error, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (Period.TryParseDay(text, out var period))
        {
            day = period.Start;
            return true;
        }

        error.WriteLine($"error: {option} \"{text}\" is not a date like 2025-03-14");
        return false;
    }

    /// <summary>False, after saying which, when any of <paramref name="categories"/> is no arXiv category.</summary>
    public static bool TryCategories(IEnumerable<string> categories, TextWriter error)
    {
        if (categories.FirstOrDefault(c => !ArxivCategory.IsValid(c)) is { } invalid)
        {
            error.WriteLine($"error: --category \"{invalid}\" is not an arXiv category like cs.CL or hep-th");
            return false;
        }

        return true;
    }

    /// <summary>"1 paper", "26 papers".</summary>
    public static string Papers(int count) => $"{count} paper{(count == 1 ? "" : "s")}";
}
