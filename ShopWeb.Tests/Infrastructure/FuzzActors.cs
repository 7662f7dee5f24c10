using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Someone the fuzz test sends as, with the real ids its pages need. <paramref name="OnlyNewPages"/>: fuzzes only the
/// pages no earlier actor could open (an admin's other pages are a shopper's, a pending two-factor sign-in's a visitor's).
/// </summary>
public sealed record FuzzActor(
    string Name, ShopBrowser Browser, bool SignedIn, string Email, string Password, IReadOnlyDictionary<string, string> Ids, bool OnlyNewPages = false)
{
    private HtmlPage? productPage;

    /// <summary>Puts the actor's own product back in its cart.</summary>
    public async Task RestockAsync()
    {
        productPage ??= await Browser.GetAsync($"/products/{Ids["slug"]}");
        await Browser.SubmitAsync(await productPage.CopyAsync(), "#add-to-cart");
    }

    /// <summary>A real value for route parameter <paramref name="parameter"/> of <paramref name="template"/>.</summary>
    public string RouteValue(string template, string parameter) => parameter switch
    {
        "slug" => Ids["slug"],
        "number" => Ids["number"],
        "code" => "400",
        "id" when template.StartsWith("/account/addresses/", StringComparison.Ordinal) => Ids.GetValueOrDefault("address", "1"),
        "id" when template.StartsWith("/admin/products/", StringComparison.Ordinal) => Ids.GetValueOrDefault("product", "1"),
        "id" when template.StartsWith("/admin/customers/", StringComparison.Ordinal) => Ids.GetValueOrDefault("customer", "x"),
        "id" when template.StartsWith("/payments/test/", StringComparison.Ordinal) => "tps_000000000000000000000000", // no Test provider in the fuzz shop: a 404
        _ => throw new InvalidOperationException($"The fuzz test knows no real value for {{{parameter}}} in {template}: add one to {nameof(FuzzActor)}.{nameof(RouteValue)}."),
    };

    /// <summary>A valid value for a field the form leaves empty, so that only the field being fuzzed is wrong.</summary>
    public string? ValidValue(string name) => name switch
    {
        "Input.NewPassword" => "a brand new passphrase 2025",
        _ => name[(name.LastIndexOf('.') + 1)..] switch
        {
            "Email" => Email,
            "NewEmail" => AccountSteps.NewEmail("changed"),
            "Password" or "CurrentPassword" or "ConfirmPassword" => Password,
            "Code" => "123456",
            "Reason" => "Counted again by the fuzz test",
            "Change" => "1",
            "Name" or "FullName" => "Ada Fuzz",
            "Slug" => "fuzz-" + Guid.NewGuid().ToString("N")[..8],
            "Price" => "12.90",
            "Phone" => "+44 20 7946 0000",
            "Line1" => "1 Analytical Row",
            "City" => "London",
            "PostalCode" => "N1 9GU",
            "Country" => "GB",
            _ => null,
        },
    };
}

/// <summary>The fuzz test's actors, each arranged with data of its own.</summary>
public static class FuzzActors
{
    /// <summary>An anonymous browser with a guest cart and a guest order, opened from its link (number and token).</summary>
    public static async Task<FuzzActor> VisitorAsync(this ShopFactory factory)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Visitor's product", stock: 100_000);
        var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(product);
        var confirmation = await browser.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail("guest")));
        var link = new Uri(confirmation.Document.Url);
        await browser.AddToCartAsync(product);
        return new FuzzActor("visitor", browser, SignedIn: false, AccountSteps.NewEmail("nobody"), AccountSteps.Password, new Dictionary<string, string>
        {
            ["slug"] = product.Slug,
            ["number"] = link.Segments[^1],
            ["token"] = System.Web.HttpUtility.ParseQueryString(link.Query)["token"] ?? throw new InvalidOperationException($"No token in {link}"),
        });
    }

    /// <summary>A browser past the password of an account with two-factor sign-in, on the step that asks for the code.</summary>
    public static async Task<FuzzActor> PendingTwoFactorAsync(this ShopFactory factory)
    {
        var (owner, email) = await factory.SignedInShopperAsync();
        using (owner)
        {
            var setup = await owner.GetAsync("/account/security/authenticator");
            var codes = await owner.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(setup.Find("#authenticator-key")!.TextContent) });
            Assert.Equal("Recovery codes", codes.Heading);
        }

        var browser = factory.CreateBrowser();
        Assert.Equal("Two-factor sign-in", (await browser.SignInAsync(email)).Heading);
        return new FuzzActor("two-factor", browser, SignedIn: false, email, AccountSteps.Password, new Dictionary<string, string> { ["slug"] = "none", ["number"] = "none" }, OnlyNewPages: true);
    }

    public static async Task<FuzzActor> ShopperAsync(this ShopFactory factory)
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        return new FuzzActor("shopper", browser, SignedIn: true, email, AccountSteps.Password, await factory.ArrangeAccountAsync(browser, email));
    }

    /// <summary>The configured admin, with an account of its own like a shopper's, a product and a customer to manage.</summary>
    public static async Task<FuzzActor> AdminAsync(this ShopFactory factory)
    {
        var browser = await factory.SignedInAdminAsync();
        var ids = await factory.ArrangeAccountAsync(browser, ShopFactory.AdminEmail);
        var customer = await factory.CreateAccountAsync();
        ids["customer"] = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == customer).Select(u => u.Id).SingleAsync());
        return new FuzzActor("admin", browser, SignedIn: true, ShopFactory.AdminEmail, ShopFactory.AdminPassword, ids, OnlyNewPages: true);
    }

    /// <summary>Saved details, an address, a placed order and a cart with a product of its own: every account page has content.</summary>
    private static async Task<Dictionary<string, string>> ArrangeAccountAsync(this ShopFactory factory, ShopBrowser browser, string email)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Product of " + email, stock: 100_000);
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, fullName: "Ada Fuzz", phone: "+44 20 7946 0000");
        await browser.AddAddressAsync();
        await browser.AddToCartAsync(product);
        var confirmation = await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        await browser.AddToCartAsync(product);
        return await factory.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return new Dictionary<string, string>
            {
                ["slug"] = product.Slug,
                ["product"] = product.Id.ToString(CultureInfo.InvariantCulture),
                ["number"] = new Uri(confirmation.Document.Url).Segments[^1],
                ["address"] = (await db.SavedAddresses.Where(a => a.UserId == userId).Select(a => a.Id).FirstAsync()).ToString(CultureInfo.InvariantCulture),
            };
        });
    }
}
