using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Identity;

/// <summary>
/// Identity's messages in the shop's words. The account's user name is its email address, so Identity's "Username
/// 'x' is invalid" would speak of a field the shopper never sees.
/// </summary>
public sealed class ShopIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError InvalidUserName(string? userName) => new()
    {
        Code = nameof(InvalidUserName),
        Description = "Use an email address of the letters a–z, digits and . _ - + @, such as name@example.com.",
    };
}
