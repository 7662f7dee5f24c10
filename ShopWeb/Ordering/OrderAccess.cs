using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>Who may see an order: the account that placed it, or whoever holds its emailed link. Anyone else gets a 404.</summary>
public sealed class OrderAccess(ShopDbContext db)
{
    /// <param name="number">As bound from the address: null when it was blank.</param>
    public Task<Order?> FindAsync(string? number, ClaimsPrincipal user, string? token, bool tracked = false, CancellationToken cancellationToken = default) =>
        FindAsync(number, user.FindFirstValue(ClaimTypes.NameIdentifier), token, tracked, cancellationToken);

    /// <summary>The same, for a shopper known by id (an app's token names its shopper by another claim than the cookie).</summary>
    public async Task<Order?> FindAsync(string? number, string? userId, string? token, bool tracked = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 16)
        {
            return null;
        }

        // Generated URLs are lower-case (RouteOptions.LowercaseUrls); order numbers are stored upper-case.
        number = number.ToUpperInvariant();

        var orders = tracked ? db.Orders : db.Orders.AsNoTracking();
        var order = await orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Number == number, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var isOwner = userId is not null && order.UserId == userId;
        var hasLink = token is { Length: > 0 and <= 64 }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(order.AccessToken));
        return isOwner || hasLink ? order : null;
    }

    /// <summary>The account's own orders, newest first (the orders page and the app's list).</summary>
    public IQueryable<Order> OfShopper(string? userId) =>
        db.Orders.AsNoTracking().Where(o => o.UserId == userId).OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id);
}
