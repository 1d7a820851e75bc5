using System.Security.Cryptography;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Tests;

public sealed class SubscriptionTokensTests
{
    private readonly SubscriptionTokens _tokens = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_link_token_verifies_for_its_purpose_only()
    {
        var id = SubscriptionTokens.NewPublicId();
        var manage = _tokens.For(id, SubscriptionTokens.Manage);

        Assert.Equal(id, _tokens.Verify(manage, SubscriptionTokens.Manage));
        Assert.Null(_tokens.Verify(manage, SubscriptionTokens.Unsubscribe));
        Assert.Null(new SubscriptionTokens(RandomNumberGenerator.GetBytes(32)).Verify(manage, SubscriptionTokens.Manage));
        Assert.Null(_tokens.Verify(manage[..^1] + (manage[^1] == 'A' ? 'B' : 'A'), SubscriptionTokens.Manage));
        Assert.Null(_tokens.Verify("no-dot", SubscriptionTokens.Manage));
        Assert.Null(_tokens.Verify(null, SubscriptionTokens.Manage));
    }

    [Fact]
    public void A_confirmation_token_is_made_again_from_its_public_id_and_expiry_and_stored_as_a_hash()
    {
        var id = SubscriptionTokens.NewPublicId();
        var expires = new DateTime(2026, 8, 29, 9, 0, 0, DateTimeKind.Utc);
        var token = _tokens.Confirmation(id, expires);

        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.Equal(token, _tokens.Confirmation(id, DateTime.SpecifyKind(expires, DateTimeKind.Unspecified))); // as SQLite reads it back
        Assert.NotEqual(token, _tokens.Confirmation(id, expires.AddSeconds(1)));
        Assert.NotEqual(token, _tokens.Confirmation(SubscriptionTokens.NewPublicId(), expires));
        Assert.NotEqual(token, new SubscriptionTokens(RandomNumberGenerator.GetBytes(32)).Confirmation(id, expires));
        var hash = SubscriptionTokens.HashToken(token);
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.Equal(22, SubscriptionTokens.NewPublicId().Length); // 128 bits
    }
}
