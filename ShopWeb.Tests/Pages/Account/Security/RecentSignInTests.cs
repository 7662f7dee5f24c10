using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Security;

/// <summary>
/// Changing anything about signing in needs a sign-in of the last 5 minutes: a page opened in time but sent later asks
/// for the password again ("Confirm it's you") and does nothing; once confirmed, the same form works.
/// </summary>
public sealed class RecentSignInTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly TimeSpan TooLong = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Changing_the_password_asks_for_the_password_again_after_5_minutes()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/password");

        factory.Clock.Advance(TooLong);
        var asked = await browser.SubmitAsync(page, "#change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountSteps.Password,
            ["Input.NewPassword"] = "a late new passphrase",
            ["Input.ConfirmPassword"] = "a late new passphrase",
        }, button: "Change password");
        Assert.Equal("Confirm it's you", asked.Heading);
        Assert.Equal("/account/security/confirm?returnUrl=%2Faccount%2Fsecurity%2Fpassword", asked.Response.RequestMessage!.RequestUri!.PathAndQuery);
        using var other = factory.CreateBrowser();
        Assert.False((await other.SignInAsync(email, "a late new passphrase")).IsSignedIn(), "nothing was changed");

        var back = await browser.ConfirmItsYouAsync(asked);
        Assert.Equal("Change password", back.Heading);
        var changed = await browser.ChangePasswordAsync(AccountSteps.Password, "a late new passphrase");
        Assert.Contains("Your password has been changed", changed.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task Changing_the_email_asks_for_the_password_again_after_5_minutes()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var __ = browser;
        var page = await browser.GetAsync("/account/security/email");
        var newEmail = AccountSteps.NewEmail("late");

        factory.Clock.Advance(TooLong);
        var asked = await browser.SubmitAsync(page, "#change-email", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = newEmail,
            ["Input.CurrentPassword"] = AccountSteps.Password,
        }, button: "Change email");
        Assert.Equal("Confirm it's you", asked.Heading);
        Assert.Empty(factory.Mail.To(newEmail));

        await browser.ConfirmItsYouAsync(asked);
        var sent = await browser.ChangeEmailAsync(newEmail);
        Assert.Contains($"We sent a link to {newEmail}", sent.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task New_recovery_codes_and_turning_two_factor_off_ask_for_the_password_again_after_5_minutes()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var setup = await browser.GetAsync("/account/security/authenticator");
        await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(setup.Find("#authenticator-key")!.TextContent, factory.Clock.GetUtcNow()) });
        var page = await browser.GetAsync("/account/security/two-factor");

        factory.Clock.Advance(TooLong);
        var asked = await browser.SubmitAsync(page, "#two-factor", button: "Make new recovery codes");
        Assert.Equal("Confirm it's you", asked.Heading);
        Assert.Equal("Confirm it's you", (await browser.SubmitAsync(page, "#two-factor", button: "Turn off two-factor sign-in")).Heading);
        Assert.Equal("Confirm it's you", (await browser.GetAsync("/account/security/two-factor")).Heading);
        Assert.DoesNotContain(factory.Mail.To(email), m => m.Subject?.Contains("turned off", StringComparison.Ordinal) == true);

        var back = await browser.ConfirmItsYouAsync(asked);
        Assert.Equal("Two-factor sign-in", back.Heading);
        var codes = await browser.SubmitAsync(back, "#two-factor", button: "Make new recovery codes");
        Assert.Equal(10, codes.Document.QuerySelectorAll("#recovery-codes li").Length);

        // Within the 5 minutes of the confirmation, and no longer after them.
        factory.Clock.Advance(TimeSpan.FromMinutes(4));
        var off = await browser.SubmitAsync(await browser.GetAsync("/account/security/two-factor"), "#two-factor", button: "Turn off two-factor sign-in");
        Assert.Equal("Two-factor sign-in is off.", off.Find("[role=status]")?.TextContent);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Confirm it's you", (await browser.GetAsync("/account/security/two-factor")).Heading);
    }

    [Fact]
    public async Task Adding_or_removing_a_passkey_asks_for_the_password_again_after_5_minutes()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/passkeys");

        factory.Clock.Advance(TooLong);
        var asked = await browser.SubmitAsync(page, "#add-passkey", new Dictionary<string, string> { ["CredentialJson"] = "{\"id\":\"AAAA\"}" });
        Assert.Equal("Confirm it's you", asked.Heading);
        var token = page.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var handler in new[] { "CreationOptions", "Remove&id=AAAAAAAAAAAAAAAAAAAAAA" })
        {
            var refused = await browser.Client.PostAsync($"/account/security/passkeys?handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal("/account/security/confirm", refused.RequestMessage!.RequestUri!.AbsolutePath);
        }

        // Confirmed, the add action runs (a forged answer adds nothing, but it is looked at now).
        var back = await browser.ConfirmItsYouAsync(asked);
        Assert.Equal("Passkeys", back.Heading);
        var tried = await browser.SubmitAsync(back, "#add-passkey", new Dictionary<string, string> { ["CredentialJson"] = "{\"id\":\"AAAA\"}" });
        Assert.Contains("could not be added", tried.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task A_wrong_password_on_the_confirmation_counts_toward_lockout()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        factory.Clock.Advance(TooLong);
        var asked = await browser.GetAsync("/account/security/password");
        Assert.Equal("Confirm it's you", asked.Heading);

        for (var attempt = 1; attempt < 5; attempt++)
        {
            asked = await browser.ConfirmItsYouAsync(asked, "not my password");
            Assert.Equal("That is not your password.", asked.Find("[data-valmsg-for='Input.Password']")?.TextContent);
        }

        var locked = await browser.ConfirmItsYouAsync(asked, "not my password");
        Assert.Equal("/account/lockout", locked.Response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.False((await browser.GetAsync("/")).IsSignedIn());
        Assert.NotNull(email);
    }

    [Fact]
    public async Task The_confirmation_goes_back_only_within_the_shop()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/confirm?returnUrl=https%3A%2F%2Fevil.example%2F");

        var back = await browser.ConfirmItsYouAsync(page);

        Assert.Equal("localhost", back.Response.RequestMessage!.RequestUri!.Host);
        Assert.Equal("/", back.Response.RequestMessage.RequestUri.AbsolutePath);
    }

    [Fact]
    public async Task Viewing_devices_and_activity_needs_no_new_confirmation()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        factory.Clock.Advance(TooLong);

        Assert.Equal("Security", (await browser.GetAsync("/account/security")).Heading);
        Assert.Equal("Signed-in devices", (await browser.GetAsync("/account/security/devices")).Heading);
        Assert.Equal("Activity", (await browser.GetAsync("/account/security/activity")).Heading);
    }
}
