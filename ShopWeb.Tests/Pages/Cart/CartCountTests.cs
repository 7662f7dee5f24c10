using System.Net;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

/// <summary>
/// Every page's header says how many items the cart holds, beside "Cart": after adding, changing and removing, across
/// a sign-in (the guest cart joins the account's) and a registration, and gone once the order is placed or the
/// shopper signs out. A visitor with items gets pages rendered for them; one without still gets the shared cached page.
/// </summary>
public sealed class CartCountTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_header_counts_what_a_guest_adds_changes_and_removes_on_every_page()
    {
        var (kettle, mug) = (await ProductAsync("Kettle"), await ProductAsync("Mug"));
        using var guest = factory.CreateBrowser();
        Assert.Null(CountOf(await guest.GetAsync("/products")));

        await guest.AddToCartAsync(kettle, 2);
        Assert.Equal("Cart 2 items", LinkText(await guest.GetAsync("/")));
        await guest.AddToCartAsync(mug, 1);
        var listing = await guest.GetAsync("/products");
        Assert.Equal("3", CountOf(listing));
        Assert.Equal("Cart 3 items", LinkText(listing));
        Assert.Equal("3", CountOf(await guest.GetAsync($"/products/{kettle.Slug}")));

        var kettleVariant = await VariantOfAsync(kettle);
        var cart = await guest.GetAsync("/cart");
        cart = await guest.SubmitAsync(cart, LineForm(cart, "inline-form", kettleVariant), new Dictionary<string, string> { ["quantity"] = "5" }, button: "Update");
        Assert.Equal("6", CountOf(cart));
        cart = await guest.SubmitAsync(cart, LineForm(cart, "remove-line", kettleVariant), button: "Remove");
        Assert.Equal("Cart 1 item", LinkText(cart));
        cart = await guest.SubmitAsync(cart, "form.remove-line", button: "Remove");
        Assert.True(cart.Find("table.cart") is null, "the cart is empty");
        Assert.Null(CountOf(cart));
        Assert.Null(CountOf(await guest.GetAsync("/products")));
    }

    [Fact]
    public async Task A_guest_with_items_gets_their_own_page_and_everyone_else_still_the_cached_one()
    {
        var kettle = await ProductAsync("Kettle");
        using var guest = factory.CreateBrowser();
        await guest.AddToCartAsync(kettle, 2);
        using var first = factory.CreateBrowser();
        await first.GetAsync("/products?sort=name");

        var own = await guest.GetAsync("/products?sort=name");
        Assert.Equal("2", CountOf(own));
        Assert.Null(own.Response.Headers.Age); // rendered for them
        Assert.False(own.Response.Headers.CacheControl?.Public ?? false, $"Cache-Control: {own.Response.Headers.CacheControl}");

        using var visitor = factory.CreateBrowser();
        var shared = await visitor.GetAsync("/products?sort=name");
        Assert.NotNull(shared.Response.Headers.Age); // from the cache, which the guest's page did not replace
        Assert.Null(CountOf(shared));
    }

    [Fact]
    public async Task Signing_in_counts_the_accounts_cart_with_the_guest_cart_joined_and_signing_out_forgets_it()
    {
        var (kettle, mug) = (await ProductAsync("Kettle"), await ProductAsync("Mug"));
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.AddToCartAsync(kettle, 2);
        Assert.Equal("2", CountOf(await shopper.GetAsync("/")));

        var signedOut = await shopper.SubmitAsync(await shopper.GetAsync("/"), "form[action='/account/logout']", button: "Sign out");
        Assert.False(signedOut.IsSignedIn());
        Assert.Null(CountOf(signedOut));

        await shopper.AddToCartAsync(mug, 1);
        Assert.Equal("1", CountOf(await shopper.GetAsync("/")));
        var signedIn = await shopper.SignInAsync(email);
        Assert.True(signedIn.IsSignedIn());
        Assert.Equal("3", CountOf(signedIn)); // the account's 2 kettles and the guest's mug

        // Another browser signing in to the account finds the same cart counted.
        using var laptop = factory.CreateBrowser();
        Assert.Equal("3", CountOf(await laptop.SignInAsync(email)));
    }

    [Fact]
    public async Task Placing_an_order_empties_the_count()
    {
        var kettle = await ProductAsync("Kettle");
        using var guest = factory.CreateBrowser();
        await guest.AddToCartAsync(kettle, 2);

        var confirmation = await guest.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail()));

        Assert.Equal(HttpStatusCode.OK, confirmation.Status);
        Assert.StartsWith("Thank you", confirmation.Heading);
        Assert.Null(CountOf(confirmation));
        Assert.Null(CountOf(await guest.GetAsync("/products")));
    }

    [Theory]
    [InlineData("42")] // a count with no cart behind it: no guest cart, no sign-in
    [InlineData("<b>9</b>")]
    [InlineData("-3")]
    [InlineData("99999")]
    public async Task A_count_cookie_the_shop_did_not_write_for_a_cart_shows_nothing(string value)
    {
        using var visitor = factory.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products");
        request.Headers.Add("Cookie", $"{ShopWeb.Ordering.CartCount.CookieName}={Uri.EscapeDataString(value)}");

        var page = await HtmlPage.ReadAsync(await visitor.Client.SendAsync(request));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(CountOf(page));
        Assert.DoesNotContain("<b>9</b>", page.Body);
    }

    [Fact]
    public async Task Registering_keeps_what_the_guest_put_in_the_cart()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Identity:RequireConfirmedEmail"] = "false" });
        var kettle = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), stock: 20);
        using var guest = shop.CreateBrowser();
        await guest.AddToCartAsync(kettle, 2);

        var welcome = await guest.RegisterAsync(AccountSteps.NewEmail());

        Assert.True(welcome.IsSignedIn());
        Assert.Equal("2", CountOf(welcome));
        Assert.Equal(["2"], (await guest.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]").Select(i => i.GetAttribute("value")));
    }

    /// <summary>The cart line's form of that class, given an id to be found by.</summary>
    private static string LineForm(HtmlPage page, string formClass, int variantId)
    {
        var form = page.Document.QuerySelectorAll($"form.{formClass}").Single(f => f.QuerySelector($"input[name=variantId][value='{variantId}']") is not null);
        form.Id = $"{formClass}-{variantId}";
        return "#" + form.Id;
    }

    private static string? CountOf(HtmlPage page) => page.Find("header .cart-count")?.FirstChild?.TextContent;

    private static string LinkText(HtmlPage page) =>
        string.Join(' ', page.Find("header a[href='/cart']")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<Product> ProductAsync(string name) =>
        await factory.CreateProductAsync(await factory.CreateCategoryAsync(), $"{name} {CatalogSteps.Marker()}", stock: 20);

    private Task<int> VariantOfAsync(Product product) =>
        factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.ProductVariants.Where(v => v.ProductId == product.Id).Select(v => v.Id)));
}
