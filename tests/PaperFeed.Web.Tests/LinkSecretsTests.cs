namespace PaperFeed.Web.Tests;

public sealed class LinkSecretsTests
{
    [Theory]
    [InlineData("/manage/abc.def", "/manage/…")]
    [InlineData("/confirm/TOKEN", "/confirm/…")]
    [InlineData("/unsubscribe/abc.def", "/unsubscribe/…")]
    [InlineData("/feeds/personal/abc.def/papers.atom", "/feeds/personal/…/papers.atom")]
    [InlineData("/Manage/abc.def", "/Manage/…")]
    [InlineData("/CONFIRM/TOKEN", "/CONFIRM/…")]
    [InlineData("/Feeds/Personal/abc.def/papers.rss", "/Feeds/Personal/…/papers.rss")]
    [InlineData("/library/abc.def/save/2608.19880", "/library/…/save/2608.19880")]
    [InlineData("/Library/abc.def/papers.bib", "/Library/…/papers.bib")]
    [InlineData("/feeds/library/abc.def/papers.atom", "/feeds/library/…/papers.atom")]
    [InlineData("/papers/2405.15738", "/papers/2405.15738")]
    [InlineData("/feeds/daily.atom", "/feeds/daily.atom")]
    public void Personal_links_are_never_logged_in_full(string path, string logged) => Assert.Equal(logged, LinkSecrets.Redact(path));
}
