using Microsoft.AspNetCore.Identity;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// The password rules of OWASP ASVS 5 beyond Identity's minimum length: at most 128 characters, not the account's
/// email, not a common password. No composition rules.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<ApplicationUser>
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 128;

    public const string Hint =
        "Use at least 8 characters (up to 128). Spaces, symbols and any language are welcome; there are no other rules, "
        + "but it cannot be your email address or one of the 10,000 most common passwords.";

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        var errors = ErrorsFor(password ?? "", user.Email);
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>
    /// What this policy refuses in <paramref name="password"/> (Identity refuses one shorter than <see cref="MinimumLength"/>
    /// itself). Read before the start for Admin:Password too, so a configured admin the store would refuse stops the
    /// shop before it listens (AdminOptionsValidator).
    /// </summary>
    public static List<IdentityError> ErrorsFor(string password, string? email)
    {
        var errors = new List<IdentityError>();
        if (password.Length > MaximumLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Use at most {MaximumLength} characters." });
        }

        if (email is not null && string.Equals(password.Trim(), email, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordIsEmail", Description = "Your password cannot be your email address." });
        }

        if (CommonPasswords.Contains(password))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "This password is one of the most common passwords. Choose another." });
        }

        return errors;
    }
}
