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
            return Content(message.HtmlBody ?? $"<pre>{System.Net.WebUtility.HtmlEncode(message.TextBody)}</pre>", "text/html; charset=utf-8");
        }

        Items = Directory.Exists(pickup.Folder)
            ? [.. new DirectoryInfo(pickup.Folder).EnumerateFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(30)
                .Select(f => { var m = MimeMessage.Load(f.FullName); return new Item(f.Name, m.Date, m.To.ToString(), m.Subject ?? "(no subject)"); })]
            : [];
        return Page();
    }
}
