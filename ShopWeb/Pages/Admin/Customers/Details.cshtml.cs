using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Admin.Customers;

/// <summary>
/// One customer: orders, choices and their ledger, security state. Personal fields stay masked until "Reveal",
/// which is recorded. Every action is recorded too, and none can leave the shop without an admin.
/// </summary>
public sealed class DetailsModel(
    ShopDbContext db,
    UserManager<ApplicationUser> users,
    ServerSessions sessions,
    SavedDetails details,
    AdminAudit audit,
    AccountEmails emails,
    TimeProvider clock) : PageModel
{
    private readonly List<string> endedSessions = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public ApplicationUser Customer { get; private set; } = null!;

    public bool Revealed { get; private set; }

    public bool IsAdmin { get; private set; }

    public bool IsLocked { get; private set; }

    public SavedContact? Contact { get; private set; }

    public IReadOnlyList<SavedAddress> Addresses { get; private set; } = [];

    public IReadOnlyList<ConsentRecord> Ledger { get; private set; } = [];

    public IReadOnlyList<Order> Orders { get; private set; } = [];

    public int Sessions { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevealAsync(string? id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        audit.Record("customer.reveal", "User", Customer.Id, null, null, "Personal fields shown");
        await db.SaveChangesAsync();
        Revealed = true;
        return Page();
    }

    public Task<IActionResult> OnPostLockAsync(string? id) => ActAsync(id, async user =>
    {
        if (user.Id == users.GetUserId(User))
        {
            return "You cannot lock your own account.";
        }

        MustSucceed(await users.SetLockoutEnabledAsync(user, true));
        MustSucceed(await users.SetLockoutEndDateAsync(user, ShopLock.Until));
        await SignOutEverywhereAsync(user);
        return Record("customer.lock", user, new { Locked = false }, new { Locked = true }, "The account is locked and signed out everywhere.");
    });

    public Task<IActionResult> OnPostUnlockAsync(string? id) => ActAsync(id, async user =>
    {
        MustSucceed(await users.SetLockoutEndDateAsync(user, null));
        MustSucceed(await users.ResetAccessFailedCountAsync(user));
        return Record("customer.unlock", user, new { Locked = true }, new { Locked = false }, "The account is unlocked.");
    });

    public Task<IActionResult> OnPostResendConfirmationAsync(string? id) => ActAsync(id, async user =>
    {
        if (user.EmailConfirmed)
        {
            return "This address is already confirmed.";
        }

        var code = TokenCodec.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        await emails.SendConfirmationAsync(user, code);
        return Record("customer.resend-confirmation", user, null, null, "A new confirmation link has been sent.");
    });

    public Task<IActionResult> OnPostGrantAdminAsync(string? id) => ActAsync(id, async user =>
    {
        if (await users.IsInRoleAsync(user, AdminBootstrap.Role))
        {
            return "This account is already an admin.";
        }

        MustSucceed(await users.AddToRoleAsync(user, AdminBootstrap.Role));
        return Record("customer.grant-admin", user, new { Admin = false }, new { Admin = true }, "The account is now an admin.");
    });

    public Task<IActionResult> OnPostRemoveAdminAsync(string? id) => ActAsync(id, async user =>
    {
        if (!await users.IsInRoleAsync(user, AdminBootstrap.Role))
        {
            return "This account is not an admin.";
        }

        if ((await users.GetUsersInRoleAsync(AdminBootstrap.Role)).Count <= 1)
        {
            return "This is the last admin: the shop must keep one.";
        }

        if (user.Id == users.GetUserId(User))
        {
            return "You cannot remove your own admin role; ask another admin.";
        }

        MustSucceed(await users.RemoveFromRoleAsync(user, AdminBootstrap.Role));
        await SignOutEverywhereAsync(user);
        return Record("customer.remove-admin", user, new { Admin = true }, new { Admin = false }, "The account is no longer an admin.");
    });

    private string Record(string action, ApplicationUser user, object? before, object? after, string message)
    {
        audit.Record(action, "User", user.Id, before, after);
        return message;
    }

    /// <summary>
    /// Runs an action in one transaction: UserManager saves each step on its own, and this way every step, the
    /// sign-outs it causes and its audit entry commit together. Admin actions on customers also take turns, so what an
    /// action checks first (the acting admin is still one, this is not the last admin) still holds when it commits.
    /// </summary>
    private async Task<IActionResult> ActAsync(string? id, Func<ApplicationUser, Task<string>> act)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await StoreLocks.BeginAsync(db, "admin:customers");
        if (string.IsNullOrEmpty(id) || id.Length > 64 || await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        if (await users.GetUserAsync(User) is not { } actor || !await users.IsInRoleAsync(actor, AdminBootstrap.Role))
        {
            // Another admin removed this one's role a moment ago.
            return Forbid();
        }

        StatusMessage = await act(user);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await sessions.ForgetAsync(endedSessions);
        return RedirectToPage(new { id });
    }

    private async Task SignOutEverywhereAsync(ApplicationUser user) =>
        endedSessions.AddRange(await ServerSessions.DeleteSessionsAsync(db, user.Id));

    /// <summary>Inside the transaction nothing can change the account under the action, so a refusal here is a bug.</summary>
    private static void MustSucceed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <param name="id">As bound from the address: null when it was blank.</param>
    private async Task<bool> LoadAsync(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }

        Customer = user;
        IsAdmin = await users.IsInRoleAsync(user, AdminBootstrap.Role);
        IsLocked = user.LockoutEnd is { } end && end > clock.GetUtcNow();
        Contact = await details.ContactOfAsync(user.Id);
        Addresses = await details.AddressesOfAsync(user.Id);
        Ledger = await details.LedgerOfAsync(user.Id);
        Orders = await db.Orders.AsNoTracking().Where(o => o.UserId == user.Id).OrderByDescending(o => o.PlacedAt).ToListAsync();
        Sessions = await db.UserSessions.CountAsync(s => s.UserId == user.Id);
        return true;
    }
}
