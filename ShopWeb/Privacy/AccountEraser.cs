using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Privacy;

/// <summary>
/// Deletes an account: the user row and, through the database's cascades, everything that hangs off it (saved
/// details, the consent ledger, sessions, the cart, roles and tokens), and its app sign-ins. Orders stay, anonymised.
/// What remains is a record that an account was deleted, under an anonymous marker, with nothing that says whose it
/// was, and the goodbye email, queued in the same transaction and deleted once sent (EmailDelivery).
/// </summary>
public sealed class AccountEraser(
    ShopDbContext db, UserManager<ApplicationUser> users, ServerSessions sessions, AccountEmails emails, TimeProvider clock, ErasedBytes erasedBytes)
{
    /// <summary>
    /// The account's orders still on their way (awaiting payment, paid, shipped), oldest first. While there are any
    /// the account is not deleted: the orders would lose the name and address they are to be shipped to. Each can be
    /// cancelled, or waited for.
    /// </summary>
    public Task<List<string>> OrdersInProgressAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Orders.Where(o => o.UserId == userId
                && (o.Status == OrderStatus.AwaitingPayment || o.Status == OrderStatus.Paid || o.Status == OrderStatus.Shipped))
            .OrderBy(o => o.Id).Select(o => o.Number).ToListAsync(cancellationToken);

    /// <summary>What the page and the API say while <see cref="OrdersInProgressAsync"/> finds orders.</summary>
    public static string InProgressMessage(IReadOnlyList<string> numbers) =>
        $"Your account cannot be deleted while {(numbers.Count == 1 ? "an order is" : $"{numbers.Count} orders are")} on the way "
        + $"({string.Join(", ", numbers)}): cancel {(numbers.Count == 1 ? "it" : "them")}, or wait until delivered, then delete your account.";

    public async Task<AccountDeletion> EraseAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        // Sessions first, so no request of this account is served from the session cache meanwhile.
        await sessions.EndSessionsAsync(user.Id, cancellationToken: cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var marker = "deleted-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        // Its emails go: its account's, whatever address they went to (a notice to its old address, a confirmation sent
        // to a new one it never took), every one to its address, and those about its orders, which carry the name and
        // address the orders are about to lose (found by the orders, so before they are anonymised). The goodbye, queued
        // below, is the last. Its app checkouts' kept answers go too.
        await EmailOutbox.OfAccount(db, user.Id, user.Email).ExecuteDeleteAsync(cancellationToken);
        var caller = Api.IdempotentRequests.AccountCaller(user.Id);
        await db.IdempotencyRecords.Where(r => r.Caller == caller).ExecuteDeleteAsync(cancellationToken);

        // The shop keeps its orders for the books, with every personal field replaced by the marker.
        var anonymised = await db.Orders.Where(o => o.UserId == user.Id).ExecuteUpdateAsync(set => set
            .SetProperty(o => o.UserId, (string?)null)
            .SetProperty(o => o.Email, marker + "@invalid")
            .SetProperty(o => o.FullName, marker)
            .SetProperty(o => o.Phone, (string?)null)
            .SetProperty(o => o.ShipName, marker)
            .SetProperty(o => o.Line1, marker)
            .SetProperty(o => o.Line2, (string?)null)
            .SetProperty(o => o.City, marker)
            .SetProperty(o => o.Region, (string?)null)
            .SetProperty(o => o.PostalCode, "-"), cancellationToken);
        var deletion = new AccountDeletion { DeletedAt = clock.GetUtcNow(), Marker = marker, OrdersAnonymised = anonymised };
        db.AccountDeletions.Add(deletion);
        await db.SaveChangesAsync(cancellationToken);
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The account could not be deleted: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        // Ended with the sessions above; what the store kept of them (when, which app) goes with the account.
        await Identity.Apps.AppSignIns.EraseAllAsync(db, user.Id, cancellationToken);

        await emails.SendGoodbyeAsync(user.Email!);
        await transaction.CommitAsync(cancellationToken);
        erasedBytes.Requested();
        return deletion;
    }
}
