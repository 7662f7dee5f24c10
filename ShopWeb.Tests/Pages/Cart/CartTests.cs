using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

public sealed class CartTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_line_sold_out_since_says_so_and_one_taken_off_sale_is_marked_outside_the_checkouts_total()
    {
        var category = await factory.CreateCategoryAsync();
        var kettle = await factory.CreateProductAsync(category, "Sold-out Kettle", priceMinor: 1000, stock: 5);
        var teapot = await factory.CreateProductAsync(category, "Withdrawn Teapot", priceMinor: 2000, stock: 5);
        using var shopper = factory.CreateBrowser();
        await shopper.AddToCartAsync(kettle, quantity: 2);
        await shopper.AddToCartAsync(teapot);
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == kettle.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, 0)));

        var cart = await shopper.GetAsync("/cart");

        Assert.Contains("Sold out: remove it to check out.", cart.Find("main")?.TextContent);
        Assert.DoesNotContain("Only 0 left", cart.Find("main")?.TextContent);

        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == kettle.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, 5)));
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == teapot.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.IsOnSale, false)));
        var checkout = await shopper.GetAsync("/checkout");
        var withdrawn = checkout.Document.QuerySelectorAll(".order-summary tbody tr").Single(r => r.TextContent.Contains("Withdrawn Teapot", StringComparison.Ordinal));
        Assert.Contains("No longer on sale: not in the total", withdrawn.TextContent);
        Assert.DoesNotContain("20.00", withdrawn.TextContent);
        var subtotal = checkout.Document.QuerySelectorAll(".order-summary tfoot tr").Single(r => r.TextContent.Contains("Subtotal", StringComparison.Ordinal));
        Assert.Contains("20.00", subtotal.QuerySelector(".amount")?.TextContent); // the kettles alone: 2 × 10.00
    }

    [Fact]
    public async Task A_guest_adds_changes_and_removes_with_prices_read_from_the_store()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 1250, stock: 10);
        using var browser = factory.CreateBrowser();

        var cart = await browser.AddToCartAsync(jug, 2);
        Assert.Equal("Cart", cart.Heading);
        Assert.Equal("Added Jug to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal("€25.00", cart.Find("tfoot td")?.TextContent);

        cart = await browser.SubmitAsync(cart, "form[action$='handler=Update']", new Dictionary<string, string> { ["quantity"] = "3" });
        Assert.Equal("€37.50", cart.Find("tfoot td")?.TextContent);

        // The shop changes its price: the cart shows the price as it is now.
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == jug.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceMinor, 1000)));
        Assert.Equal("€30.00", (await browser.GetAsync("/cart")).Find("tfoot td")?.TextContent);

        cart = await browser.SubmitAsync(cart, "form[action$='handler=Remove']", button: "Remove");
        Assert.Contains("Your cart is empty", cart.Find("main")?.TextContent);
    }

    [Fact]
    public async Task A_posted_price_is_ignored_and_a_product_not_on_sale_is_refused()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 1250);
        var hidden = await factory.CreateProductAsync(category, "Hidden", published: false);
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products/{jug.Slug}");
        var action = page.Form("#add-to-cart").Action;
        var token = page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == "__RequestVerificationToken").GetAttribute("value")!;

        async Task<HtmlPage> Post(Dictionary<string, string> fields) =>
            await HtmlPage.ReadAsync(await browser.Client.PostAsync(action, new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("__RequestVerificationToken", token)))));

        var cheap = await Post(new() { ["variantId"] = jug.Variants[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quantity"] = "1", ["price"] = "1", ["PriceMinor"] = "1" });
        Assert.Equal("€12.50", cheap.Find("tfoot td")?.TextContent);

        var notOnSale = await Post(new() { ["variantId"] = hidden.Variants[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quantity"] = "1" });
        Assert.Equal("That product is not on sale.", notOnSale.Find("[role=status]")?.TextContent);
        var unknown = await Post(new() { ["variantId"] = "999999", ["quantity"] = "1" });
        Assert.Equal("That product is not on sale.", unknown.Find("[role=status]")?.TextContent);
        Assert.Single(unknown.Document.QuerySelectorAll("table.cart tbody tr"));
    }

    [Theory]
    [InlineData("0", "Choose a quantity between 1 and 99.")]
    [InlineData("-3", "Choose a quantity between 1 and 99.")]
    [InlineData("lots", "Choose a quantity between 1 and 99.")]
    [InlineData("2147483648", "Choose a quantity between 1 and 99.")]
    [InlineData("50", "Only 4 of Jug in stock: your cart has 4.")]
    public async Task Quantities_outside_one_to_stock_are_refused_or_capped_with_a_message(string quantity, string message)
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 4);
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products/{jug.Slug}");

        var cart = await browser.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = quantity });

        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Equal(message, cart.Find("[role=status]")?.TextContent);
        var lines = cart.Document.QuerySelectorAll("table.cart tbody tr");
        Assert.True(lines.Length == 0 || lines[0].QuerySelector("input[name=quantity]")!.GetAttribute("value") == "4");
    }

    [Fact]
    public async Task Changing_a_quantity_to_zero_is_refused_and_above_stock_is_capped()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 5);
        using var browser = factory.CreateBrowser();
        var cart = await browser.AddToCartAsync(jug, 2);

        var zero = await browser.SubmitAsync(cart, "form[action$='handler=Update']", new Dictionary<string, string> { ["quantity"] = "0" });
        Assert.Contains("or remove the item", zero.Find("[role=status]")?.TextContent);
        Assert.Equal("2", zero.Find("input[name=quantity]")?.GetAttribute("value"));

        var many = await browser.SubmitAsync(zero, "form[action$='handler=Update']", new Dictionary<string, string> { ["quantity"] = "9" });
        Assert.Equal("Only 5 of Jug in stock: your cart has 5.", many.Find("[role=status]")?.TextContent);

        // Less than asked looks like a warning, never like the success of a change made in full.
        Assert.True(many.Find("[role=status]")!.ClassList.Contains("warning"));
        Assert.True(zero.Find("[role=status]")!.ClassList.Contains("warning"));
        var done = await browser.SubmitAsync(many, "form[action$='handler=Update']", new Dictionary<string, string> { ["quantity"] = "3" });
        Assert.Equal("Your cart has 3 of Jug.", done.Find("[role=status]")?.TextContent);
        Assert.False(done.Find("[role=status]")!.ClassList.Contains("warning"));

        // Looking at the cart leaves no message waiting: a TempData cookie would keep this visitor's pages out of the cache.
        var looked = await browser.GetAsync("/cart");
        Assert.DoesNotContain(looked.Response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.Contains("TempData", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Quick_repeated_adds_all_count_and_none_fails()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 50);
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products/{jug.Slug}");
        await browser.SubmitAsync(page, "#add-to-cart"); // the cart and its cookie exist from here on

        var adds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => browser.SubmitAsync(page, "#add-to-cart")));

        Assert.All(adds, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal("9", (await browser.GetAsync("/cart")).Find("input[name=quantity]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_guest_cart_joins_the_account_cart_at_sign_in_with_a_notice_and_no_order()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var mug = await factory.CreateProductAsync(category, "Mug", stock: 10);
        var email = await AccountWithCartAsync(mug, 1);

        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug, 2);
        await browser.AddToCartAsync(mug, 1);

        var signedIn = await browser.SignInAsync(email);

        Assert.Equal("We added the 3 items from before you signed in to your cart.", signedIn.Find("[role=status]")?.TextContent);
        var cart = await browser.GetAsync("/cart");
        var quantities = cart.Document.QuerySelectorAll("table.cart tbody tr")
            .ToDictionary(r => r.QuerySelector("a")!.TextContent, r => r.QuerySelector("input[name=quantity]")!.GetAttribute("value"));
        Assert.Equal("2", quantities["Jug"]);
        Assert.Equal("2", quantities["Mug"]);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Orders.CountAsync(o => o.Email == email)));
        Assert.Equal(10, await factory.StockOfAsync(jug.Id));
    }

    [Fact]
    public async Task What_the_stock_keeps_out_of_a_joined_cart_is_said_and_the_account_cart_is_never_cut()
    {
        var category = await factory.CreateCategoryAsync();
        var bowl = await factory.CreateProductAsync(category, "Bowl", stock: 29);
        var email = await AccountWithCartAsync(bowl, 20);

        using var partly = factory.CreateBrowser();
        await partly.AddToCartAsync(bowl, 20);
        var signedIn = await partly.SignInAsync(email);
        Assert.Equal("We added 9 items from before you signed in to your cart; 11 more are sold out or past what is in stock.", signedIn.Find("[role=status]")?.TextContent);
        Assert.Equal("29", (await partly.GetAsync("/cart")).Find("input[name=quantity]")?.GetAttribute("value"));

        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == bowl.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, 10)));
        using var none = factory.CreateBrowser();
        await none.AddToCartAsync(bowl, 1);
        var again = await none.SignInAsync(email);
        Assert.Equal("Your cart from before you signed in could not be added: 1 item is sold out or past what is in stock.", again.Find("[role=status]")?.TextContent);
        Assert.Equal("29", (await none.GetAsync("/cart")).Find("input[name=quantity]")?.GetAttribute("value")); // checkout, not the sign-in, says it is past the stock
    }

    [Fact]
    public async Task Six_sign_ins_racing_from_one_browser_bring_the_guest_cart_over_once_and_none_fails()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Racing Jug", stock: 20);
        var mug = await factory.CreateProductAsync(category, "Racing Mug", stock: 20);
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        await browser.AddToCartAsync(jug, 2);
        await browser.AddToCartAsync(mug, 1);
        var form = await browser.GetAsync("/account/login");
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountSteps.Password };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => browser.SubmitAsync(form, "#login", fields, button: "Sign in")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.Status));
        var cart = await browser.GetAsync("/cart");
        var quantities = cart.Document.QuerySelectorAll("table.cart tbody tr")
            .ToDictionary(r => r.QuerySelector("a")!.TextContent, r => r.QuerySelector("input[name=quantity]")!.GetAttribute("value"));
        Assert.Equal(new Dictionary<string, string?> { ["Racing Jug"] = "2", ["Racing Mug"] = "1" }, quantities);
        var (accountCarts, guestCarts) = await factory.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var guest = await db.Carts.CountAsync(c => c.UserId == null && c.Lines.Any(l => l.ProductId == jug.Id));
            return (await db.Carts.CountAsync(c => c.UserId == userId), guest);
        });
        Assert.Equal((1, 0), (accountCarts, guestCarts));
    }

    /// <summary>An account whose cart already holds <paramref name="quantity"/> of <paramref name="product"/>, put there on another device.</summary>
    private async Task<string> AccountWithCartAsync(ShopWeb.Data.Product product, int quantity)
    {
        var email = await factory.CreateAccountAsync();
        using var earlier = factory.CreateBrowser();
        await earlier.SignInAsync(email);
        await earlier.AddToCartAsync(product, quantity);
        return email;
    }
}
