using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>The account journeys tests repeat, done through the real forms.</summary>
public static class AccountSteps
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail(string who = "shopper") => $"{who}-{Guid.NewGuid():N}@example.com";

    public static async Task<HtmlPage> RegisterAsync(this ShopBrowser browser, string email, string password = Password)
    {
        var page = await browser.GetAsync("/account/register");
        return await browser.SubmitAsync(page, "#register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, button: "Register");
    }

    /// <summary>Opens the link of the newest email to <paramref name="email"/> and presses its button.</summary>
    public static async Task<HtmlPage> FollowEmailLinkAsync(
        this ShopBrowser browser, ShopFactory factory, string email, string linkText, string form, string button, Dictionary<string, string>? fields = null)
    {
        var link = Mailbox.Link(factory.Mail.LatestTo(email), linkText);
        var page = await browser.GetAsync(link.PathAndQuery);
        return await browser.SubmitAsync(page, form, fields, button: button);
    }

    /// <summary>"Forgot your password?" for <paramref name="email"/>.</summary>
    public static async Task<HtmlPage> ForgotPasswordAsync(this ShopBrowser browser, string email)
    {
        var page = await browser.GetAsync("/account/forgot-password");
        return await browser.SubmitAsync(page, "#forgot-password", new Dictionary<string, string> { ["Input.Email"] = email }, button: "Send reset link");
    }

    /// <summary>The emailed reset <paramref name="link"/>'s form, with <paramref name="newPassword"/>.</summary>
    public static async Task<HtmlPage> ResetPasswordAsync(this ShopBrowser browser, Uri link, string newPassword)
    {
        var page = await browser.GetAsync(link.PathAndQuery);
        return await browser.SubmitAsync(page, "#reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        }, button: "Reset password");
    }

    /// <summary>"Forgot your password?" for <paramref name="email"/>, then the emailed link's form with <paramref name="newPassword"/>.</summary>
    public static async Task<HtmlPage> ResetPasswordAsync(this ShopBrowser browser, ShopFactory factory, string email, string newPassword)
    {
        await browser.ForgotPasswordAsync(email);
        return await browser.ResetPasswordAsync(Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password"), newPassword);
    }

    /// <summary>The latest confirmation link to <paramref name="email"/>, confirmed with the password the account was registered with.</summary>
    public static Task<HtmlPage> ConfirmEmailAsync(this ShopBrowser browser, ShopFactory factory, string email, string password = Password) =>
        browser.FollowEmailLinkAsync(factory, email, "Confirm my email", "#confirm-email", "Confirm my email", new() { ["Password"] = password });

    public static async Task<HtmlPage> SignInAsync(this ShopBrowser browser, string email, string password = Password, bool rememberMe = false, string? returnUrl = null)
    {
        var page = await browser.GetAsync(returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return await browser.SubmitAsync(page, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        }, button: "Sign in");
    }

    /// <summary>An account with a confirmed address, made directly in the store to arrange a test quickly.</summary>
    public static async Task<string> CreateAccountAsync(this ShopFactory factory, string? email = null, string password = Password)
    {
        email ??= NewEmail();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>A passkey on the account, stored as a browser's registration would store it (its keys made up).</summary>
    public static async Task AddPasskeyAsync(this ShopFactory factory, string email, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var passkey = new UserPasskeyInfo(RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(77), factory.Clock.GetUtcNow(), 0, null, true, false, false, [], []) { Name = name };
        Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
    }

    /// <summary>The password page's form (/account/security/password); a sign-in older than 5 minutes is asked to confirm first.</summary>
    public static async Task<HtmlPage> ChangePasswordAsync(this ShopBrowser browser, string current, string newPassword)
    {
        var page = await browser.GetAsync("/account/security/password");
        return await browser.SubmitAsync(page, "#change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        }, button: "Change password");
    }

    public static async Task<HtmlPage> ChangeEmailAsync(this ShopBrowser browser, string newEmail, string password = Password)
    {
        var page = await browser.GetAsync("/account/security/email");
        return await browser.SubmitAsync(page, "#change-email", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = newEmail,
            ["Input.CurrentPassword"] = password,
        }, button: "Change email");
    }

    /// <summary>"Confirm it's you" (/account/security/confirm), which a step-up sends the browser to: the password again.</summary>
    public static Task<HtmlPage> ConfirmItsYouAsync(this ShopBrowser browser, HtmlPage confirmPage, string password = Password) =>
        browser.SubmitAsync(confirmPage, "#confirm", new Dictionary<string, string> { ["Input.Password"] = password }, button: "Confirm");

    public static bool IsSignedIn(this HtmlPage page) => page.Find("form[action='/account/logout'] button")?.TextContent.Trim() == "Sign out";
}
