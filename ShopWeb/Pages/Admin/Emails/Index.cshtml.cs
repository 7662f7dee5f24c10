using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Infrastructure;

namespace ShopWeb.Pages.Admin.Emails;

/// <summary>The outbox as an admin sees it: what waits to go out, what gave up, and "Retry" for either.</summary>
public sealed class IndexModel(ShopDbContext db, EmailOutbox outbox, AdminAudit audit) : PageModel
{
    public const int PageSize = 50;

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Which list: queued (the default) or failed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public OutboxStatus Showing => string.Equals(Status, "failed", StringComparison.OrdinalIgnoreCase) ? OutboxStatus.Failed : OutboxStatus.Queued;

    public int QueuedCount { get; private set; }

    public int FailedCount { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public IReadOnlyList<OutboxEmail> Messages { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        QueuedCount = await db.OutboxEmails.CountAsync(e => e.Status == OutboxStatus.Queued);
        FailedCount = await db.OutboxEmails.CountAsync(e => e.Status == OutboxStatus.Failed);
        LastPage = Paging.LastPage(Showing == OutboxStatus.Failed ? FailedCount : QueuedCount, PageSize);
        PageNumber = Paging.Page(pageNumber, LastPage);
        Messages = await db.OutboxEmails.AsNoTracking().Where(e => e.Status == Showing)
            .OrderByDescending(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        var message = await db.OutboxEmails.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id);
        if (message is null)
        {
            return NotFound();
        }

        audit.Record("email.retry", "Email", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { message.Status, message.Attempts, message.LastError }, new { Status = OutboxStatus.Queued });
        StatusMessage = await outbox.RetryAsync(id)
            ? $"The email to {message.To} will be sent again now."
            : "That email is being sent or was sent already; nothing was changed.";
        return RedirectToPage(new { status = message.Status == OutboxStatus.Failed ? "failed" : null });
    }
}
