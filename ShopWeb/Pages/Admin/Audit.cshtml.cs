using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Pages.Admin;

/// <summary>The audit log: read-only, newest first, filtered by action, entity, admin or days; each entry shown as what it changed.</summary>
public sealed class AuditModel(ShopDbContext db, Catalog.Prices prices) : PageModel
{
    public const int PageSize = 50;

    /// <summary>An entry shows at most this many of its changes; the whole records are a click away.</summary>
    public const int ChangesShown = 20;

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>Dates given that name no day: said, so no one takes the log as filtered by them.</summary>
    public List<string> IgnoredFilters { get; } = [];

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public string PageUrl(int page) =>
        $"/admin/audit?action={Uri.EscapeDataString(Action ?? "")}&entity={Uri.EscapeDataString(Entity ?? "")}&actor={Uri.EscapeDataString(Actor ?? "")}"
        + $"&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&page={page}";

    /// <summary>What each entry changed, field by field.</summary>
    public IReadOnlyList<AuditChange> ChangesOf(AuditEntry entry) => AuditChange.Of(entry.Before, entry.After, prices.Currency);

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            // Actions are lower-case codes (product.update); SQLite's LIKE ignores case and PostgreSQL's does not.
            var action = Action.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Action.StartsWith(action));
        }

        if (!string.IsNullOrWhiteSpace(Entity))
        {
            entries = entries.Where(e => e.EntityId == Entity.Trim() || e.EntityType == Entity.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            entries = entries.Where(e => e.ActorEmail == Actor.Trim());
        }

        var days = new DayFilter(From, To);
        if (days.Start is { } start)
        {
            entries = entries.Where(e => e.At >= start);
        }

        if (days.End is { } end)
        {
            entries = entries.Where(e => e.At < end);
        }

        IgnoredFilters.AddRange(days.Ignored());
        var total = await entries.CountAsync();
        LastPage = Paging.LastPage(total, PageSize);
        PageNumber = Paging.Page(pageNumber, LastPage);
        Entries = await entries.OrderByDescending(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }
}
