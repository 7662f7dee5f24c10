using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Security;

public sealed class DevicesAndActivityTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_device_list_shows_every_session_and_signing_one_out_ends_it_at_its_next_request()
    {
        var email = await factory.CreateAccountAsync();
        using var laptop = factory.CreateBrowser();
        using var phone = factory.CreateBrowser();
        using var tablet = factory.CreateBrowser();
        laptop.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
        phone.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 15) Chrome/150.0 Mobile");
        await laptop.SignInAsync(email);
        await phone.SignInAsync(email);
        await tablet.SignInAsync(email);

        var security = await laptop.GetAsync("/account/security/devices");
        var devices = security.Document.QuerySelectorAll("#devices li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, devices.Count);
        Assert.Single(devices, d => d.Contains("Firefox on Linux (this device)", StringComparison.Ordinal));
        Assert.Single(devices, d => d.Contains("Chrome on Android", StringComparison.Ordinal));

        var phoneForm = security.Document.QuerySelectorAll("#devices li").Single(li => li.TextContent.Contains("Android", StringComparison.Ordinal)).QuerySelector("form")!;
        security = await laptop.SubmitAsync(security, $"form[action='{phoneForm.GetAttribute("action")}']:has(input[value='{phoneForm.QuerySelector("input[name=sessionId]")!.GetAttribute("value")}'])");
        Assert.Equal("That device has been signed out.", security.Find("[role=status]")?.TextContent);
        Assert.Equal("Sign in", (await phone.GetAsync("/account/security")).Heading);
        Assert.Equal("Security", (await tablet.GetAsync("/account/security")).Heading);

        security = await laptop.SubmitAsync(security, "#end-other-sessions", button: "Sign out of all other devices");
        Assert.Equal("Every other device has been signed out.", security.Find("[role=status]")?.TextContent);
        Assert.Equal("Sign in", (await tablet.GetAsync("/account/security")).Heading);
        Assert.True((await laptop.GetAsync("/")).IsSignedIn());
        Assert.Single(security.Document.QuerySelectorAll("#devices li"));
    }

    [Fact]
    public async Task Another_shoppers_session_cannot_be_signed_out()
    {
        var victim = await factory.CreateAccountAsync();
        using var victimBrowser = factory.CreateBrowser();
        await victimBrowser.SignInAsync(victim);
        var victimSession = (await victimBrowser.GetAsync("/account/security/devices")).Find("#devices input[name=sessionId]")?.GetAttribute("value");
        Assert.Null(victimSession); // a single device has no sign-out button
        var (attacker, _) = await factory.SignedInShopperAsync();
        using var _ = attacker;
        var sessionId = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.UserSessions.Where(s => db.Users.Any(u => u.Id == s.UserId && u.Email == victim)).Select(s => s.Id)));
        var page = await attacker.GetAsync("/account/security/devices");
        var token = page.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await attacker.Client.PostAsync("/account/security/devices?handler=EndSession",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["sessionId"] = sessionId }));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Security", (await victimBrowser.GetAsync("/account/security")).Heading);
    }

    [Fact]
    public async Task The_activity_log_lists_each_event_newest_first_with_the_address_of_a_failed_sign_in()
    {
        var email = await factory.CreateAccountAsync();
        using var attacker = factory.CreateBrowser();
        await attacker.SignInAsync(email, "a wrong guess");
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: true);
        var privacy = await browser.GetAsync("/account/privacy");
        await browser.SubmitAsync(privacy, "#download", button: "Download my data");

        var rows = (await browser.GetAsync("/account/security/activity")).Document.QuerySelectorAll("#activity tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();

        Assert.Equal(["Downloaded your data", "Changed a save-my-details choice (Save my shipping addresses: on)", "Signed in", "Failed sign-in (wrong password)"], rows.Select(r => r[1]));
        Assert.StartsWith("198.51.100.", rows[3][3]);
        Assert.NotEqual(rows[2][3], rows[3][3]);
    }

    [Fact]
    public async Task Security_emails_for_a_new_device_and_a_changed_password()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        browser.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0) Edg/150.0");

        await browser.SignInAsync(email);
        Assert.Contains("New sign-in", factory.Mail.LatestTo(email).Subject);
        Assert.Contains("Edge on Windows", factory.Mail.LatestTo(email).TextBody);
        var count = factory.Mail.To(email).Count;
        await browser.SignInAsync(email);
        Assert.Equal(count, factory.Mail.To(email).Count); // the same device again: no email

        await browser.ChangePasswordAsync(AccountSteps.Password, "another fine passphrase");
        Assert.Contains("Your password was changed", factory.Mail.LatestTo(email).Subject);
    }
}
