using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Pages.Account;

public sealed class LockoutModel(TimeProvider clock) : PageModel
{
    public const string EndKey = "LockoutEnd";

    /// <summary>When the account opens again, if the sign-in that led here said so.</summary>
    public DateTimeOffset? Until { get; private set; }

    public int MinutesLeft { get; private set; }

    public void OnGet()
    {
        if (TempData[EndKey] is string end && DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until))
        {
            Until = until;
            MinutesLeft = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes));
        }
    }
}
