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
    public void Confirmation_tokens_have_256_random_bits_and_are_stored_as_a_hash()
    {
        var (token, hash) = SubscriptionTokens.NewConfirmationToken();
        var (other, _) = SubscriptionTokens.NewConfirmationToken();

        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.NotEqual(token, other);
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.Equal(hash, SubscriptionTokens.HashToken(token));
        Assert.Equal(22, SubscriptionTokens.NewPublicId().Length); // 128 bits
    }
}
