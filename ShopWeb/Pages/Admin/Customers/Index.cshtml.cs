using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

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

    public int Total { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] string? pageNumber)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = LikePattern.Containing(Search.Trim().ToUpperInvariant()[..Math.Min(Search.Trim().Length, 100)]);
            users = users.Where(u => EF.Functions.Like(u.NormalizedEmail!, term, LikePattern.Escape));
        }

        Total = await users.CountAsync();
        LastPage = Paging.LastPage(Total, PageSize);
        PageNumber = Paging.Page(pageNumber, LastPage);
        Customers = await users.OrderBy(u => u.NormalizedEmail).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }
}
