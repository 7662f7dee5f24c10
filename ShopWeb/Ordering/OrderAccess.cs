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
    public async Task<Order?> FindAsync(string? number, ClaimsPrincipal user, string? token, bool tracked = false, CancellationToken cancellationToken = default)
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

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var isOwner = userId is not null && order.UserId == userId;
        var hasLink = token is { Length: > 0 and <= 64 }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(order.AccessToken));
        return isOwner || hasLink ? order : null;
    }
}
