using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

public sealed class LockoutModel(TimeProvider clock) : PageModel
{
    public const string EndKey = "LockoutEnd";

    /// <summary>When the account opens again, if the sign-in that led here said so.</summary>
    public DateTimeOffset? Until { get; private set; }

    public int MinutesLeft { get; private set; }

    /// <summary>Locked by an admin: it does not open again by itself.</summary>
    public bool ByTheShop => ShopLock.IsShopLock(Until);

    public void OnGet()
    {
        // TempData's serializer hands a date-shaped string back as a DateTime (in local time).
        Until = TempData[EndKey] switch
        {
            DateTime end => new DateTimeOffset(end.ToUniversalTime()),
            string end when DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) => parsed,
            _ => null,
        };
        if (Until is { } until)
        {
            MinutesLeft = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes));
        }
    }
}
