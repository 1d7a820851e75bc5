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

    /// <summary>
    /// The categories as arXiv spells them (any case is read: CS.cl is cs.CL); false, after saying which, when any is
    /// not one of arXiv's (checked against its taxonomy, so nothing unknown is ever asked of arXiv).
    /// </summary>
    public static bool TryCategories(IEnumerable<string> categories, TextWriter error, out string[] normalized)
    {
        var known = new List<string>();
        foreach (var given in categories)
        {
            if (!ArxivTaxonomy.TryNormalize(given, out var category))
            {
                error.WriteLine($"error: --category \"{given}\" is not an arXiv category like cs.CL or hep-th");
                normalized = [];
                return false;
            }

            known.Add(category);
        }

        normalized = [.. known.Distinct(StringComparer.Ordinal)];
        return true;
    }

    /// <summary>"1 paper", "26 papers".</summary>
    public static string Papers(int count) => $"{count} paper{(count == 1 ? "" : "s")}";
}
