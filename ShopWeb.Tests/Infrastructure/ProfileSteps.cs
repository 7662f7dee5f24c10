namespace ShopWeb.Tests.Infrastructure;

/// <summary>The profile and address-book journeys tests repeat, through the real forms.</summary>
public static class ProfileSteps
{
    public static async Task<HtmlPage> SaveProfileAsync(
        this ShopBrowser browser, bool saveContact, bool saveAddresses, string fullName = "", string phone = "")
    {
        var page = await browser.GetAsync("/account/profile");
        return await browser.SubmitAsync(page, "#profile", new Dictionary<string, string>
        {
            ["Input.SaveContactDetails"] = saveContact ? "true" : "false",
            ["Input.Contact.FullName"] = fullName,
            ["Input.Contact.Phone"] = phone,
            ["Input.SaveShippingAddresses"] = saveAddresses ? "true" : "false",
        }, button: "Save profile");
    }

    public static async Task<HtmlPage> AddAddressAsync(this ShopBrowser browser, string line1 = "12 Rue des Lilas", string city = "Lyon", bool makeDefault = false)
    {
        var page = await browser.GetAsync("/account/addresses/edit");
        return await browser.SubmitAsync(page, "#address", new Dictionary<string, string>
        {
            ["Input.Name"] = "Zoë Martin",
            ["Input.Line1"] = line1,
            ["Input.City"] = city,
            ["Input.PostalCode"] = "69003",
            ["Input.Country"] = "FR",
            ["MakeDefault"] = makeDefault ? "true" : "false",
        }, button: "Save address");
    }

    /// <summary>A signed-in browser for a fresh confirmed account.</summary>
    public static async Task<(ShopBrowser Browser, string Email)> SignedInShopperAsync(this ShopFactory factory, bool rememberMe = false)
    {
        var email = await factory.CreateAccountAsync();
        var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email, rememberMe: rememberMe)).IsSignedIn());
        return (browser, email);
    }
}
