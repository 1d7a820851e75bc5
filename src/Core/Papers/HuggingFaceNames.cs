using System.Text.RegularExpressions;

namespace PaperFeed.Core.Papers;

/// <summary>
/// User and organization names on Hugging Face (<c>google</c>, <c>MiniMax-AI</c>, <c>utokyo-ai</c>): letters, digits,
/// '-', '_' and '.', starting with a letter or digit, at most 96 characters. Anything else is not a name there, so it
/// never becomes part of an address here.
/// </summary>
public static partial class HuggingFaceNames
{
    public const int MaxLength = 96;

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
