using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>Variants through the API: products carry their options and variants, cart lines are named by SKU, order lines keep theirs.</summary>
public sealed class VariantEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_product_carries_its_options_and_variants_and_the_list_its_price_range()
    {
        var shirt = await CreateShirtAsync("Api Variant Shirt");
        var app = factory.CreateApiClient();

        using var response = await app.GetAsync($"/api/v1/products/{shirt.Slug}");
        var body = await OpenApiContract.AssertMatchesAsync(response, "GET", "/api/v1/products/{slug}");
        Assert.Equal(["Size", "Colour"], body.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(["S", "M", "L"], body.GetProperty("options")[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("10.00", body.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("15.00", body.GetProperty("priceMax").GetProperty("amount").GetString());

        var variants = body.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("optionText").GetString()!);
        Assert.Equal(["S / Blue", "M / Blue", "M / Red", "L / Red"], variants.Keys);
        var blue = variants["M / Blue"];
        Assert.Equal(Sku(shirt, "M / Blue"), blue.GetProperty("sku").GetString());
        Assert.Equal(["M", "Blue"], blue.GetProperty("options").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("15.00", blue.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("/images/products/m-blue.svg", blue.GetProperty("imageUrl").GetString());
        Assert.Equal("Only 2 left", blue.GetProperty("availability").GetProperty("label").GetString());
        Assert.Equal("10.00", variants["S / Blue"].GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("/images/products/enamel-camping-mug.svg", variants["S / Blue"].GetProperty("imageUrl").GetString());
        Assert.False(variants["M / Red"].GetProperty("onSale").GetBoolean());
        Assert.Equal("outOfStock", variants["M / Red"].GetProperty("availability").GetProperty("level").GetString());
        Assert.Equal("outOfStock", variants["L / Red"].GetProperty("availability").GetProperty("level").GetString());

        // The list's compact form: "from" the lowest price to the highest, in stock while any variant on sale is.
        using var list = await app.GetAsync($"/api/v1/products?category={shirt.Category!.Slug}");
        var item = (await OpenApiContract.AssertMatchesAsync(list, "GET", "/api/v1/products")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("10.00", item.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("15.00", item.GetProperty("priceMax").GetProperty("amount").GetString());
        Assert.NotEqual("outOfStock", item.GetProperty("availability").GetProperty("level").GetString());

        // A product sold one way has no options and exactly one variant, at the product's price.
        var mug = await factory.CreateProductAsync(shirt.Category!, "Api Plain Mug", priceMinor: 450);
        var plain = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/products/{mug.Slug}"), "GET", "/api/v1/products/{slug}");
        Assert.Equal(0, plain.GetProperty("options").GetArrayLength());
        var only = plain.GetProperty("variants").EnumerateArray().Single();
        Assert.Equal(mug.Variants.Single().Sku, only.GetProperty("sku").GetString());
        Assert.Equal("", only.GetProperty("optionText").GetString());
        Assert.Equal(plain.GetProperty("price").GetProperty("amount").GetString(), plain.GetProperty("priceMax").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Lines_are_added_changed_and_removed_by_SKU_and_carry_it_with_their_option_text()
    {
        var shirt = await CreateShirtAsync("Api Cart Shirt");
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        var sku = Sku(shirt, "S / Blue");

        var added = await OpenApiContract.AssertMatchesAsync(await AddAsync(app, cart, new { sku, quantity = 2 }), "POST", "/api/v1/carts/{id}/lines");
        var line = added.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(sku, line.GetProperty("sku").GetString());
        Assert.Equal("S / Blue", line.GetProperty("optionText").GetString());
        Assert.Equal(shirt.Slug, line.GetProperty("productSlug").GetString());
        Assert.Equal("20.00", added.GetProperty("subtotal").GetProperty("amount").GetString());

        // Capped at the variant's own stock (2 of M / Blue), not the product's.
        var capped = await OpenApiContract.AssertMatchesAsync(await AddAsync(app, cart, new { sku = Sku(shirt, "M / Blue"), quantity = 5 }), "POST", "/api/v1/carts/{id}/lines");
        Assert.Equal("Only 2 of Api Cart Shirt (M / Blue) in stock: your cart has 2.", capped.GetProperty("notice").GetString());

        using var changed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/carts/{cart.Id}/lines/{Uri.EscapeDataString(sku)}")
        {
            Content = JsonContent.Create(new { quantity = 3 }),
        }.WithSecret(cart.Secret));
        var afterChange = await OpenApiContract.AssertMatchesAsync(changed, "PUT", "/api/v1/carts/{id}/lines/{sku}");
        Assert.Equal(3, afterChange.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == sku).GetProperty("quantity").GetInt32());

        using var removed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/carts/{cart.Id}/lines/{Uri.EscapeDataString(sku)}").WithSecret(cart.Secret));
        var afterRemove = await OpenApiContract.AssertMatchesAsync(removed, "DELETE", "/api/v1/carts/{id}/lines/{sku}");
        Assert.Equal(["M / Blue"], afterRemove.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("optionText").GetString()));

        // The signed-in shopper's cart takes SKUs the same way.
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var shopper = AppSignIn.AppClient(factory, tokens.AccessToken);
        using var mine = await shopper.PostAsJsonAsync("/api/v1/me/cart/lines", new { sku = Sku(shirt, "M / Blue") });
        Assert.Equal("M / Blue", (await OpenApiContract.AssertMatchesAsync(mine, "POST", "/api/v1/me/cart/lines")).GetProperty("lines")[0].GetProperty("optionText").GetString());
        using var mineRemoved = await shopper.DeleteAsync($"/api/v1/me/cart/lines/{Sku(shirt, "M / Blue")}");
        Assert.Equal(0, (await OpenApiContract.AssertMatchesAsync(mineRemoved, "DELETE", "/api/v1/me/cart/lines/{sku}")).GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task A_slug_names_a_product_sold_one_way_and_is_refused_with_a_clear_problem_for_one_with_several_variants()
    {
        var shirt = await CreateShirtAsync("Api Slug Shirt");
        var mug = await factory.CreateProductAsync(shirt.Category!, "Api Slug Mug", priceMinor: 450, stock: 10);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();

        // As before variants: add, change and remove by the product's slug.
        var added = await OpenApiContract.AssertMatchesAsync(await app.AddLineAsync(cart, mug.Slug, 2), "POST", "/api/v1/carts/{id}/lines");
        Assert.Equal(mug.Variants.Single().Sku, added.GetProperty("lines")[0].GetProperty("sku").GetString());
        using var changed = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/carts/{cart.Id}/lines/{mug.Slug}")
        {
            Content = JsonContent.Create(new { quantity = 4 }),
        }.WithSecret(cart.Secret));
        Assert.Equal(4, (await OpenApiContract.AssertMatchesAsync(changed, "PUT", "/api/v1/carts/{id}/lines/{sku}")).GetProperty("units").GetInt32());

        using var several = await app.AddLineAsync(cart, shirt.Slug);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, several.StatusCode);
        var problem = JsonDocument.Parse(await several.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://shopweb.example/problems/variant-required", await ApiSteps.ProblemTypeAsync(several, "POST", "/api/v1/carts/{id}/lines"));
        Assert.Contains("sku", problem.GetProperty("detail").GetString());
        using var severalLine = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/carts/{cart.Id}/lines/{shirt.Slug}").WithSecret(cart.Secret));
        Assert.Equal("https://shopweb.example/problems/variant-required", await ApiSteps.ProblemTypeAsync(severalLine, "DELETE", "/api/v1/carts/{id}/lines/{sku}"));

        // An unknown SKU is unavailable as an unknown slug is; a sold-out variant a 409; a variant off sale unavailable.
        foreach (var (sku, status, type) in new[]
        {
            ("NO-SUCH-SKU", HttpStatusCode.UnprocessableEntity, "product-unavailable"),
            (Sku(shirt, "L / Red"), HttpStatusCode.Conflict, "sold-out"),
            (Sku(shirt, "M / Red"), HttpStatusCode.UnprocessableEntity, "product-unavailable"),
        })
        {
            using var refused = await AddAsync(app, cart, new { sku });
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("https://shopweb.example/problems/" + type, await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/carts/{id}/lines"));
        }

        // Name one variant, one way.
        foreach (var body in new object[] { new { quantity = 1 }, new { sku = Sku(shirt, "S / Blue"), productSlug = mug.Slug } })
        {
            using var invalid = await AddAsync(app, cart, body);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(invalid, "POST", "/api/v1/carts/{id}/lines"));
        }

        using var view = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cart.Id}").WithSecret(cart.Secret));
        Assert.Equal(4, (await OpenApiContract.AssertMatchesAsync(view, "GET", "/api/v1/carts/{id}")).GetProperty("units").GetInt32());
    }

    [Fact]
    public async Task M_Blue_bought_through_the_API_shows_its_SKU_and_option_text_in_the_order_and_L_Red_keeps_its_stock()
    {
        var shirt = await CreateShirtAsync("Api Order Shirt", redStock: 7);
        var sku = Sku(shirt, "M / Blue");
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        (await AddAsync(app, cart, new { sku, quantity = 2 })).EnsureSuccessStatusCode();

        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var body = await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout");
        var number = body.GetProperty("order").GetProperty("number").GetString()!;

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{number}");
        read.Headers.Add("Order-Token", body.GetProperty("accessToken").GetString());
        var order = await OpenApiContract.AssertMatchesAsync(await app.SendAsync(read), "GET", "/api/v1/orders/{number}");
        var line = order.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(sku, line.GetProperty("sku").GetString());
        Assert.Equal("M / Blue", line.GetProperty("optionText").GetString());
        Assert.Equal("Api Order Shirt", line.GetProperty("productName").GetString());
        Assert.Equal("15.00", line.GetProperty("unitPrice").GetProperty("amount").GetString());

        var stock = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == shirt.Id).ToDictionaryAsync(v => v.Sku, v => v.Stock));
        Assert.Equal(0, stock[sku]);
        Assert.Equal(7, stock[Sku(shirt, "L / Red")]);

        // The signed-in shopper's order lists show the same.
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var shopper = AppSignIn.AppClient(factory, tokens.AccessToken);
        (await shopper.PostAsJsonAsync("/api/v1/me/cart/lines", new { sku = Sku(shirt, "L / Red") })).EnsureSuccessStatusCode();
        (await shopper.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null), Guid.NewGuid().ToString())).EnsureSuccessStatusCode();
        var mine = await OpenApiContract.AssertMatchesAsync(await shopper.GetAsync("/api/v1/me/orders"), "GET", "/api/v1/me/orders");
        var mineLine = mine.GetProperty("items")[0].GetProperty("lines").EnumerateArray().Single();
        Assert.Equal((Sku(shirt, "L / Red"), "L / Red"), (mineLine.GetProperty("sku").GetString(), mineLine.GetProperty("optionText").GetString()));
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient app, ApiSteps.GuestCart cart, object body) =>
        app.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines") { Content = JsonContent.Create(body) }.WithSecret(cart.Secret));

    private static string Sku(Product product, string optionText) => product.Variants.Single(v => v.OptionText == optionText).Sku;

    /// <summary>
    /// A shirt in Size (S, M, L) and Colour (Blue, Red), sold as four of the six combinations: S / Blue at the product's
    /// price (its SKU with a "/", which a route segment carries as %2F), M / Blue at its own price and image (2 left),
    /// M / Red off sale, L / Red sold out (unless given stock).
    /// </summary>
    private async Task<Product> CreateShirtAsync(string name, int redStock = 0)
    {
        var category = await factory.CreateCategoryAsync();
        return await factory.WithDbAsync(async db =>
        {
            var slug = CatalogSteps.Marker();
            var sku = slug.ToUpperInvariant();
            var product = new Product
            {
                Name = name,
                Slug = slug,
                PriceMinor = 1000,
                CategoryId = category.Id,
                Category = category,
                ImagePath = "/images/products/enamel-camping-mug.svg",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
                Options =
                {
                    new ProductOption { Position = 0, Name = "Size", Values = ["S", "M", "L"] },
                    new ProductOption { Position = 1, Name = "Colour", Values = ["Blue", "Red"] },
                },
                Variants =
                {
                    new ProductVariant { Sku = sku + "-S/BLUE", Option1 = "S", Option2 = "Blue", Stock = 10, Position = 0 },
                    new ProductVariant { Sku = sku + "-M-BLUE", Option1 = "M", Option2 = "Blue", Stock = 2, PriceMinor = 1500, ImagePath = "/images/products/m-blue.svg", Position = 1 },
                    new ProductVariant { Sku = sku + "-M-RED", Option1 = "M", Option2 = "Red", Stock = 5, IsOnSale = false, Position = 2 },
                    new ProductVariant { Sku = sku + "-L-RED", Option1 = "L", Option2 = "Red", Stock = redStock, Position = 3 },
                },
            };
            product.RefreshSearchText();
            db.Categories.Attach(category);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return product;
        });
    }
}
