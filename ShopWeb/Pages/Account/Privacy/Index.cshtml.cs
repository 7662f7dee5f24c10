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
public sealed class PrivacyModel(
    UserManager<ApplicationUser> users, SavedDetails details, ShopDbContext db, Microsoft.Extensions.Options.IOptions<Identity.AccountOptions> accounts,
    Microsoft.Extensions.Options.IOptions<Email.EmailOptions> emailOptions, Identity.Apps.AppSignIns appSignIns) : AccountPageModel
{
    public ApplicationUser Account { get; private set; } = null!;

    public SavedContact? Contact { get; private set; }

    public IReadOnlyList<SavedAddress> Addresses { get; private set; } = [];

    public IReadOnlyList<ConsentRecord> Ledger { get; private set; } = [];

    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    /// <summary>Apps signed in with the account, listed with the browsers.</summary>
    public IReadOnlyList<Identity.Apps.AppSignIn> AppSignIns { get; private set; } = [];

    /// <summary>The account's passkeys: a name, when it was added, and the public half of the key.</summary>
    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    /// <summary>The account's orders: each keeps its own copy of the name, email, phone and address it was placed with.</summary>
    public int Orders { get; private set; }

    /// <summary>Sign-ins and security changes, each with its address and browser, kept this many days.</summary>
    public int ActivityEntries { get; private set; }

    public int ActivityDays => accounts.Value.ActivityRetentionDays;

    /// <summary>What the account's cart holds, kept until it is ordered or emptied.</summary>
    public int CartUnits { get; private set; }

    /// <summary>The emails kept about the account (confirmations, notices, order emails), their text only some days.</summary>
    public int Emails { get; private set; }

    public int EmailTextDays => emailOptions.Value.KeepDeliveredDays;

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
        AppSignIns = await appSignIns.OfAsync(user.Id);
        Passkeys = [.. await users.GetPasskeysAsync(user)];
        Orders = await db.Orders.CountAsync(o => o.UserId == user.Id);
        ActivityEntries = await db.SecurityEvents.CountAsync(e => e.UserId == user.Id);
        Emails = await Email.EmailOutbox.OfAccount(db, user.Id, user.Email).CountAsync();
        CartUnits = await db.Carts.Where(c => c.UserId == user.Id).SelectMany(c => c.Lines).SumAsync(l => (int?)l.Quantity) ?? 0;
        return Page();
    }
}
