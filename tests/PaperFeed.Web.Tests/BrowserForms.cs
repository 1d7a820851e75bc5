using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PaperFeed.Web.Tests;

/// <summary>What a browser does with the app's pages in the in-process tests: read a page, post a form from it.</summary>
internal static class BrowserForms
{
    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response, await PaperFeedFactory.Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Posts a form the way a browser does: the antiforgery token from the page that shows the form, and its cookie.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var (_, page) = await GetAsync(client, formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static string PathOf(string absolute) => new Uri(absolute).PathAndQuery;
}
