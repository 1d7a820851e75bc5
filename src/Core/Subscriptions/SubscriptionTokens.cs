using System.Security.Cryptography;
using System.Text;

namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// The secrets in email links. A confirmation token is a keyed hash (HMAC-SHA256, 256 bits) of the subscription's
/// public id and the link's expiry, stored only as its SHA-256. Manage and unsubscribe links carry the subscription's
/// public id plus a keyed hash (HMAC-SHA256, 128 bits kept) of it for one purpose, so no link secret is stored at all
/// and a link for one purpose cannot be used for another.
/// </summary>
public sealed class SubscriptionTokens(byte[] key)
{
    public const string Manage = "manage";
    public const string Unsubscribe = "unsubscribe";
    public const string Feed = "feed";

    /// <summary>"Save" and "Not for me" links in digests and the personal feed: they mark papers, nothing else.</summary>
    public const string Mark = "mark";

    /// <summary>The library's exports and feed: they read the saved papers, nothing else.</summary>
    public const string Library = "library";

    private const int MacBytes = 16;

    /// <summary>A new random public id (128 bits).</summary>
    public static string NewPublicId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The confirmation token of the subscription with <paramref name="publicId"/> whose link expires at
    /// <paramref name="expiresAt"/>. Made from stored, non-secret values under the key, so that a repeated request
    /// sends the same link again (a new one would void the link in the earlier email) while only its hash is stored.
    /// </summary>
    public string Confirmation(string publicId, DateTime expiresAt) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"confirm:{publicId}:{expiresAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));

    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The link token for <paramref name="purpose"/>: "{publicId}.{mac}".</summary>
    public string For(string publicId, string purpose) => $"{publicId}.{Mac(publicId, purpose)}";

    /// <summary>The public id a link token carries when its keyed hash is right for <paramref name="purpose"/>.</summary>
    public string? Verify(string? token, string purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        var publicId = token[..dot];
        var expected = Encoding.ASCII.GetBytes(Mac(publicId, purpose));
        var given = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? publicId : null;
    }

    private string Mac(string publicId, string purpose) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{purpose}:{publicId}")).AsSpan(0, MacBytes));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
