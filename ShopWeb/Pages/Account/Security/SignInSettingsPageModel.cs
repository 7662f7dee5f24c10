using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>
/// A page that changes how the shopper signs in (password, email, two-factor, passkeys): it needs a sign-in of the
/// last 5 minutes, or the password again first (<see cref="RequireRecentSignInAttribute"/>).
/// </summary>
[Authorize]
[RequireRecentSignIn]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class SignInSettingsPageModel : AccountPageModel
{
}
