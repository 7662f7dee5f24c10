using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Ordering;

namespace ShopWeb.Identity;

/// <summary>
/// What follows every completed sign-in, whichever way it was made (password, authenticator code, recovery code):
/// the activity log, an email when the browser is new to the account, and the guest cart joining the account's.
/// </summary>
public sealed class SignInFollowUp(ActivityLog activity, AccountEmails emails, ShoppingCart cart)
{
    /// <returns>A message for the shopper about their cart, if there is one to give.</returns>
    public async Task<string?> CompleteAsync(HttpContext context, ApplicationUser user)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var known = await activity.KnowsDeviceAsync(user.Id, string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 512)]);
        await activity.RecordAsync(user.Id, SecurityEventKind.SignedIn);
        if (!known)
        {
            await emails.SendNewDeviceAsync(user, ActivityLog.Device(userAgent), context.Connection.RemoteIpAddress?.ToString());
        }

        return await JoinGuestCartAsync(context, user);
    }

    /// <summary>
    /// The guest cart of this browser joins the account's, which is the cart from now on; the header counts the
    /// account's (<see cref="CartCount"/>), what was saved in it before included. Registration, which signs the new
    /// shopper in without the rest of a sign-in's follow-up, does this too.
    /// </summary>
    /// <returns>A message for the shopper about their cart, if there is one to give.</returns>
    public async Task<string?> JoinGuestCartAsync(HttpContext context, ApplicationUser user)
    {
        string? message = null;
        if (CartOwner.GuestKeyOf(context) is { } guestKey)
        {
            message = (await cart.MergeGuestCartAsync(guestKey, user.Id)).Message;
            CartOwner.Forget(context);
        }

        CartCount.Write(context, await cart.UnitsAsync(new CartOwner(user.Id, null)));
        return message;
    }
}
