using System.Net;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Email;

/// <summary>
/// The short messages the account pages send, queued to the outbox. Their links are built from Shop:PublicUrl,
/// never from the request.
/// </summary>
public sealed class AccountEmails(EmailOutbox outbox, PublicLinks links, IOptions<ShopOptions> shop)
{
    private string ShopName => shop.Value.Name;

    public Task SendConfirmationAsync(ApplicationUser user, string code) => SendAsync(user, user.Email!, "Confirm your email address",
        ["Welcome! Please confirm your email address to finish creating your account."],
        ("Confirm my email", links.Page("/Account/ConfirmEmail", new { userId = user.Id, code })),
        "If you did not register, you can ignore this email.");

    public Task SendAlreadyRegisteredAsync(ApplicationUser owner) => SendAsync(owner, owner.Email!, "Someone tried to register with your email",
        ["Someone, perhaps you, tried to create an account with this email address. You already have one.",
         "Forgot your password? \"Forgot your password?\" on the sign-in page sends you a link to choose a new one."],
        ("Sign in", links.Page("/Account/Login/Index")),
        "If this was not you, you can ignore this email: nothing has changed.");

    public Task SendPasswordResetAsync(ApplicationUser user, string code) => SendAsync(user, user.Email!, "Reset your password",
        ["We received a request to reset your password. The link works once, within a day."],
        ("Choose a new password", links.Page("/Account/ResetPassword", new { userId = user.Id, code })),
        "If you did not ask for this, ignore this email: your password stays as it is.");

    public Task SendEmailChangeConfirmationAsync(ApplicationUser user, string newEmail, string code) => SendAsync(user, newEmail, "Confirm your new email address",
        ["Please confirm that this is the new email address for your account."],
        ("Confirm my new email", links.Page("/Account/ConfirmEmailChange", new { userId = user.Id, email = newEmail, code })),
        "If you did not ask for this change, ignore this email: nothing changes until the link is used.");

    public Task SendAddressInUseAsync(ApplicationUser owner) => SendAsync(owner, owner.Email!, "Someone tried to use your email address",
        ["Someone tried to change the email of another account to this address, which already has an account here."],
        null,
        "If this was not you, you can ignore this email: nothing has changed.");

    /// <summary>To the address the account had: it is the account's email as much as those to its new one.</summary>
    public Task SendEmailChangedNoticeAsync(ApplicationUser user, string oldAddress) => SendAsync(user, oldAddress, "Your email address was changed",
        [$"The email address of your account was changed to {user.Email}. Emails from us now go there."],
        null,
        "If you did not make this change, contact us at once.");

    public Task SendNewDeviceAsync(ApplicationUser user, string device, string? address) => SendAsync(user, user.Email!, "New sign-in to your account",
        [$"Your account was just signed in from {device}{(address is null ? "" : $" at {address}")}, a device we had not seen before."],
        null,
        "If this was you, there is nothing to do. If not, change your password at once and sign out of all other devices on your security page.");

    public Task SendPasswordChangedAsync(ApplicationUser user) => SendAsync(user, user.Email!, "Your password was changed",
        ["The password of your account has just been changed, and every other device was signed out."],
        null,
        "If you did not do this, reset your password at once with \"Forgot your password?\" on the sign-in page.");

    public Task SendTwoFactorOffAsync(ApplicationUser user) => SendAsync(user, user.Email!, "Two-factor sign-in was turned off",
        ["Two-factor sign-in has been turned off for your account: a password alone now signs in."],
        null,
        "If you did not do this, change your password at once and turn two-factor sign-in on again.");

    public Task SendRecoveryCodeUsedAsync(ApplicationUser user, int left) => SendAsync(user, user.Email!, "A recovery code was used",
        [$"Someone signed in to your account with one of your recovery codes. {left} unused codes are left."],
        null,
        "If this was not you, change your password at once and make new recovery codes on your security page.");

    public Task SendPasskeyAddedAsync(ApplicationUser user, string name) => SendAsync(user, user.Email!, "A passkey was added to your account",
        [$"A passkey named \"{name}\" can now sign in to your account without a password."],
        null,
        "If you did not add it, remove it on your security page and change your password.");

    /// <summary>The one email of no account: sent as the account goes, it is the last.</summary>
    public Task SendGoodbyeAsync(string to) => SendAsync(null, to, "Your account has been deleted",
        ["Your account and everything we kept with it (your saved details, addresses and settings) have been deleted.",
         "Orders you placed stay in our books without your name, address, phone or email."],
        null,
        "Thank you for shopping with us. You are welcome back any time.");

    private Task SendAsync(ApplicationUser? account, string to, string subject, string[] paragraphs, (string Text, string Url)? action, string closing)
    {
        var text = string.Join("\n\n", [.. paragraphs, .. action is { } a ? new[] { $"{a.Text}: {a.Url}" } : [], closing, $"— {ShopName}"]);
        var html = string.Concat(
            string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")),
            action is { } b ? $"<p><a href=\"{WebUtility.HtmlEncode(b.Url)}\">{WebUtility.HtmlEncode(b.Text)}</a></p>" : "",
            $"<p>{WebUtility.HtmlEncode(closing)}</p><p>— {WebUtility.HtmlEncode(ShopName)}</p>");
        return outbox.QueueAsync(new EmailMessage(to, $"{subject} – {ShopName}", text, html, AccountId: account?.Id));
    }
}
