using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MimeKit;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Web.Pages.Dev;

/// <summary>Development only: the latest messages in the mail pickup folder (the default when no SMTP host is set).</summary>
public sealed class MailModel(IWebHostEnvironment environment, PickupFolderMailTransport pickup) : PageModel
{
    public sealed record Item(string File, DateTimeOffset Date, string To, string Subject);

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public string Folder => pickup.Folder;

    public IActionResult OnGet(string? file)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        if (file is not null)
        {
            // Only a plain file name of the pickup folder, never a path.
            var path = Path.Combine(pickup.Folder, Path.GetFileName(file));
            if (!file.EndsWith(".eml", StringComparison.Ordinal) || file != Path.GetFileName(file) || !System.IO.File.Exists(path))
            {
                return NotFound();
            }

            var message = MimeMessage.Load(path);
            string Encode(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
            var header = $"<div style=\"font:14px system-ui,sans-serif;padding:8px 16px;background:#fff7ed;border-bottom:1px solid #f59e0b\">"
                + $"<a href=\"/dev/mail\">← All messages</a><br><b>From:</b> {Encode(message.From.ToString())}<br><b>To:</b> {Encode(message.To.ToString())}"
                + $"<br><b>Subject:</b> {Encode(message.Subject)}<br><b>Date:</b> {message.Date:u}"
                + string.Concat(message.Headers.Where(h => h.Field.StartsWith("List-", StringComparison.OrdinalIgnoreCase)).Select(h => $"<br><b>{Encode(h.Field)}:</b> {Encode(h.Value)}"))
                + "</div>";
            return Content(header + (message.HtmlBody ?? $"<pre>{Encode(message.TextBody)}</pre>"), "text/html; charset=utf-8");
        }

        Items = Directory.Exists(pickup.Folder)
            ? [.. new DirectoryInfo(pickup.Folder).EnumerateFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(30)
                .Select(f => { var m = MimeMessage.Load(f.FullName); return new Item(f.Name, m.Date, m.To.ToString(), m.Subject ?? "(no subject)"); })]
            : [];
        return Page();
    }
}
