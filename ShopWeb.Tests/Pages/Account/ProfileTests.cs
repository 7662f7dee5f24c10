using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class ProfileTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_new_account_stores_no_details_and_has_nothing_on_record()
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(email);
        await browser.ConfirmEmailAsync(factory, email);
        await browser.SignInAsync(email);

        var profile = await browser.GetAsync("/account/profile");
        Assert.Null(profile.Find("#Input_SaveContactDetails")!.GetAttribute("checked"));
        Assert.Null(profile.Find("#Input_SaveShippingAddresses")!.GetAttribute("checked"));

        // Typing details with the choice off keeps nothing.
        await browser.SaveProfileAsync(saveContact: false, saveAddresses: false, "Zoë Martin", "+33 4 72 00 00 00");

        var stored = await StoredAsync(email);
        Assert.False(stored.User.SaveContactDetails);
        Assert.False(stored.User.SaveShippingAddresses);
        Assert.Equal(0, stored.Contacts + stored.Addresses + stored.Ledger);
        Assert.Contains("No choices recorded", (await browser.GetAsync("/account/privacy")).Find("#history-heading + p")?.TextContent);
    }

    [Fact]
    public async Task Choices_ticked_at_registration_are_on_record_from_the_register_page()
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync("/account/register");
        await browser.SubmitAsync(form, "#register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
            ["Input.ConfirmPassword"] = AccountSteps.Password,
            ["Input.SaveShippingAddresses"] = "true",
        }, button: "Register");

        var ledger = await factory.WithDbAsync(db => db.ConsentRecords.Where(r => db.Users.Any(u => u.Id == r.UserId && u.Email == email)).ToListAsync());
        var record = Assert.Single(ledger);
        Assert.Equal(DetailsChoice.ShippingAddresses, record.Choice);
        Assert.True(record.Granted);
        Assert.Equal("/account/register", record.Page);
        Assert.StartsWith("Save my shipping addresses.", record.Wording);
        Assert.Equal("addresses-2026-11", record.WordingVersion);
    }

    [Fact]
    public async Task Saved_contact_details_fill_the_profile_and_turning_the_choice_off_erases_them()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;

        var saved = await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, "Zoë Martin", "+33 4 72 00 00 00");
        Assert.Equal("Your profile has been saved.", saved.Find("[role=status]")?.TextContent);
        Assert.Equal("Zoë Martin", saved.Find("#Input_Contact_FullName")?.GetAttribute("value"));
        Assert.Equal("+33 4 72 00 00 00", saved.Find("#Input_Contact_Phone")?.GetAttribute("value"));
        Assert.Equal(1, (await StoredAsync(email)).Contacts);

        var off = await browser.SaveProfileAsync(saveContact: false, saveAddresses: false, "Zoë Martin", "+33 4 72 00 00 00");
        // The form sent back the saved values it showed: they are what was erased, not something newly typed.
        Assert.Equal("Your profile has been saved. Your contact details have been erased.", off.Find("[role=status]")?.TextContent);
        Assert.Equal("", off.Find("#Input_Contact_FullName")?.GetAttribute("value") ?? "");
        var stored = await StoredAsync(email);
        Assert.Equal(0, stored.Contacts);
        Assert.Equal(2, stored.Ledger);

        // With the choice off already, a name typed is said not to be kept.
        var typed = await browser.SaveProfileAsync(saveContact: false, saveAddresses: false, "Typed Again", "");
        Assert.Equal("Your profile has been saved. The name and phone you typed were not kept: \"Save my contact details\" is off.", typed.Find("[role=status]")?.TextContent);
        Assert.Equal(0, (await StoredAsync(email)).Contacts);
    }

    [Theory]
    [InlineData("Input.Contact.FullName", "", "Enter your full name to save it")]
    [InlineData("Input.Contact.Phone", "call me maybe", "Enter a phone number")]
    [InlineData("Input.Contact.FullName", "{long}", "Use at most 100 characters.")]
    public async Task Contact_details_are_validated_on_the_server_with_a_message_next_to_the_field(string field, string value, string message)
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/profile");
        var fields = new Dictionary<string, string>
        {
            ["Input.SaveContactDetails"] = "true",
            ["Input.Contact.FullName"] = "Zoë Martin",
            ["Input.Contact.Phone"] = "",
        };
        fields[field] = value.Replace("{long}", new string('x', 101), StringComparison.Ordinal);

        var result = await browser.SubmitAsync(page, "#profile", fields, button: "Save profile");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains(message, result.Find($"[data-valmsg-for='{field}']")?.TextContent);
        var stored = await StoredAsync(email);
        Assert.Equal(0, stored.Contacts + stored.Ledger);
        Assert.False(stored.User.SaveContactDetails);
    }

    [Fact]
    public async Task A_malformed_choice_value_gets_the_form_back_not_a_500()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/profile");

        var result = await browser.SubmitAsync(page, "#profile", new Dictionary<string, string> { ["Input.SaveShippingAddresses"] = "yes please" }, button: "Save profile");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Profile", result.Heading);
        Assert.False(string.IsNullOrEmpty(result.Find("[data-valmsg-for='Input.SaveShippingAddresses']")?.TextContent));
        Assert.Equal(0, (await StoredAsync(email)).Ledger);
    }

    [Fact]
    public async Task Profile_pages_are_never_cached_and_need_an_account()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var signedIn = browser;
        using var anonymous = factory.CreateBrowser(followRedirects: false);

        foreach (var url in new[] { "/account/profile", "/account/addresses", "/account/addresses/edit", "/account/privacy", "/account/delete" })
        {
            var page = await signedIn.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.True(page.Response.Headers.CacheControl?.NoStore, $"{url} is sent with no-store");
            var redirect = await anonymous.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.StartsWith("/account/login?ReturnUrl=", redirect.Headers.Location?.OriginalString);
        }
    }

    private Task<(ApplicationUser User, int Contacts, int Addresses, int Ledger)> StoredAsync(string email) => factory.WithDbAsync(async db =>
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return (user,
            await db.SavedContacts.CountAsync(c => c.UserId == user.Id),
            await db.SavedAddresses.CountAsync(a => a.UserId == user.Id),
            await db.ConsentRecords.CountAsync(r => r.UserId == user.Id));
    });
}
