using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account.Privacy;

/// <summary>Exactly what the shop keeps about the shopper now, and every decision they made about it.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class PrivacyModel(UserManager<ApplicationUser> users, SavedDetails details, ShopDbContext db) : AccountPageModel
{
    public ApplicationUser Account { get; private set; } = null!;

    public SavedContact? Contact { get; private set; }

    public IReadOnlyList<SavedAddress> Addresses { get; private set; } = [];

    public IReadOnlyList<ConsentRecord> Ledger { get; private set; } = [];

    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Account = user;
        Contact = await details.ContactOfAsync(user.Id);
        Addresses = await details.AddressesOfAsync(user.Id);
        Ledger = await details.LedgerOfAsync(user.Id);
        Sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id).OrderByDescending(s => s.CreatedAt).ToListAsync();
        return Page();
    }
}
