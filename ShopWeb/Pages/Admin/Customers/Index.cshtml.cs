using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Customers;

/// <summary>Accounts, searched by email. Addresses are masked here; a customer's page reveals them on request, on record.</summary>
public sealed class IndexModel(ShopDbContext db) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public IReadOnlyList<ApplicationUser> Customers { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = "%" + Search.Trim().ToUpperInvariant()[..Math.Min(Search.Trim().Length, 100)].Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            users = users.Where(u => EF.Functions.Like(u.NormalizedEmail!, term, "\\"));
        }

        var total = await users.CountAsync();
        LastPage = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(int.TryParse(pageNumber, out var n) ? n : 1, 1, LastPage);
        Customers = await users.OrderBy(u => u.NormalizedEmail).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }
}
